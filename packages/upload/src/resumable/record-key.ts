import { createHash } from 'node:crypto';

/**
 * Format version of resume records and index entries; a record of another version is refused.
 * 1: one JSON file per upload, rewritten whole after every chunk. 2: a directory per upload with
 * an immutable header and one small file per block.
 */
export const RECORD_VERSION = 2;

/** The version before the per-block layout, still recognised so that its records are refused by name. */
export const LEGACY_RECORD_VERSION = 1;

/** What an automatic resume must match: file identity, target and part sizes. */
export interface RecordKeyInput {
  /** Absolute path of the file. */
  path: string;
  bucket: string;
  key: string;
  blockSizeBytes: number;
  chunkSizeBytes: number;
}

/**
 * The index key of an automatic resume (STYLE item 9, after qiniu `generateKeySync`): SHA-256 of
 * the record version, the file's absolute path, the target and the part sizes.
 *
 * The file's size and mtime are deliberately NOT in the key: they are checked against the record
 * instead, so a file changed since the interrupted run is reported (or restarted on request)
 * rather than silently starting a second, unrelated upload.
 */
export function recordKeyOf(input: RecordKeyInput, version: number = RECORD_VERSION): string {
  const identity = JSON.stringify([version, input.path, input.bucket, input.key, input.blockSizeBytes, input.chunkSizeBytes]);
  return createHash('sha256').update(identity).digest('hex');
}
