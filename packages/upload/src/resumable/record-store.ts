import { chmod, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { WcsResumeRecordError } from '@wcs/core';
import { z } from 'zod';
import { RECORD_VERSION } from './record-key.js';

/** Progress of one block. */
export interface BlockRecord {
  /** ctx of the last chunk the service accepted; null before the first. */
  ctx: string | null;
  /** Bytes of the block the service holds (the offset of the next chunk). */
  offset: number;
  done: boolean;
  /** Hex SHA-1 of each 4 MiB etag block of a done block, so a resume needs no re-read of it. */
  sha1?: string[] | undefined;
}

/** Everything needed to continue an interrupted multipart upload, and to refuse a foreign one. */
export interface ResumeRecord {
  version: number;
  uploadId: string;
  file: { path: string; size: number; mtimeMs: number };
  bucket: string;
  key: string;
  blockSizeBytes: number;
  chunkSizeBytes: number;
  blocks: BlockRecord[];
}

const count = z.number().int().nonnegative();
const ResumeRecordSchema = z.object({
  version: z.number().int(),
  uploadId: z.string().min(1),
  file: z.object({ path: z.string(), size: count, mtimeMs: z.number() }),
  bucket: z.string(),
  key: z.string(),
  blockSizeBytes: count,
  chunkSizeBytes: count,
  blocks: z.array(
    z.object({
      ctx: z.string().nullable(),
      offset: count,
      done: z.boolean(),
      sha1: z.array(z.string().regex(/^[0-9a-f]{40}$/)).optional(),
    }),
  ),
});

const IndexEntrySchema = z.object({ version: z.number().int(), uploadId: z.string().min(1) });

/** What a record must match to be resumed. */
export interface RecordExpectation {
  file: { path: string; size: number; mtimeMs: number };
  bucket: string;
  key: string;
  blockSizeBytes: number;
  chunkSizeBytes: number;
  blockCount: number;
}

/**
 * Names every way a record differs from the upload being started, or undefined when it matches.
 * Compared: format version, file path, size and mtime, target, part sizes, block count.
 */
export function describeRecordMismatch(record: ResumeRecord, expected: RecordExpectation): string | undefined {
  const diffs: string[] = [];
  if (record.version !== RECORD_VERSION) diffs.push(`record format version ${record.version}, expected ${RECORD_VERSION}`);
  if (record.file.path !== expected.file.path) diffs.push(`it is for file ${record.file.path}, not ${expected.file.path}`);
  if (record.file.size !== expected.file.size) diffs.push(`the file size changed from ${record.file.size} to ${expected.file.size} bytes`);
  if (record.file.mtimeMs !== expected.file.mtimeMs) diffs.push('the file was modified since (mtime changed)');
  if (record.bucket !== expected.bucket || record.key !== expected.key) {
    diffs.push(`it targets ${record.bucket}/${record.key}, not ${expected.bucket}/${expected.key}`);
  }
  if (record.blockSizeBytes !== expected.blockSizeBytes) diffs.push(`block size ${record.blockSizeBytes}, now ${expected.blockSizeBytes}`);
  if (record.chunkSizeBytes !== expected.chunkSizeBytes) diffs.push(`chunk size ${record.chunkSizeBytes}, now ${expected.chunkSizeBytes}`);
  if (diffs.length === 0 && record.blocks.length !== expected.blockCount) diffs.push(`${record.blocks.length} blocks recorded, ${expected.blockCount} expected`);
  return diffs.length === 0 ? undefined : diffs.join('; ');
}

/**
 * Resume records on disk (STYLE item 9): `<folder>/<uploadId>.json` per upload and
 * `<folder>/auto-<sha256>.json` mapping an automatic-resume key to its upload id. The folder is
 * created 0700, files are written 0600 through temp file + fsync + rename, so a crash leaves
 * either the old or the new record, never half of one.
 */
export class RecordStore {
  readonly folder: string;
  #tempCounter = 0;

  constructor(folder: string) {
    this.folder = folder;
  }

  recordPath(uploadId: string): string {
    return join(this.folder, `${uploadId}.json`);
  }

  indexPath(recordKey: string): string {
    return join(this.folder, `auto-${recordKey}.json`);
  }

  /** Creates the folder (0700) if needed. An existing folder keeps its mode: it may be shared, like py3's /tmp/multipart/. */
  async ensureFolder(): Promise<void> {
    try {
      const created = await mkdir(this.folder, { recursive: true, mode: 0o700 });
      // mkdir's mode is filtered by the umask; set it exactly on what we created.
      if (created !== undefined) await chmod(this.folder, 0o700);
    } catch (cause) {
      throw new WcsResumeRecordError(`Cannot create the resume record folder ${this.folder}: ${(cause as Error).message}; set recordFolder (tmp_record_folder) to a writable folder.`, { cause });
    }
  }

  /**
   * Reads the record of `uploadId`.
   *
   * @throws WcsResumeRecordError when it is missing, unreadable, not JSON or not a record
   */
  async read(uploadId: string): Promise<ResumeRecord> {
    const path = this.recordPath(uploadId);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new WcsResumeRecordError(`No resume record for upload id ${uploadId} in ${this.folder}; check the id and the record folder, or start a fresh upload without it.`, { recordPath: path, cause });
      }
      throw new WcsResumeRecordError(`Cannot read the resume record ${path}: ${(cause as Error).message}.`, { recordPath: path, cause });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      throw new WcsResumeRecordError(`The resume record ${path} is not valid JSON (corrupt); delete it or restart the upload with restartOnMismatch.`, { recordPath: path, cause });
    }
    const parsed = ResumeRecordSchema.safeParse(json);
    if (!parsed.success) {
      const where = parsed.error.issues[0]?.path.join('.') || 'record';
      throw new WcsResumeRecordError(`The resume record ${path} is not a resume record (${where} is invalid); delete it or restart the upload with restartOnMismatch.`, { recordPath: path, cause: parsed.error });
    }
    if (parsed.data.uploadId !== uploadId) {
      throw new WcsResumeRecordError(`The resume record ${path} belongs to upload id ${parsed.data.uploadId}; delete it or restart the upload with restartOnMismatch.`, { recordPath: path });
    }
    return parsed.data;
  }

  /**
   * The upload id indexed under `recordKey`, if any.
   *
   * @throws WcsResumeRecordError when the index entry is unreadable or of another version
   */
  async lookup(recordKey: string): Promise<string | undefined> {
    const path = this.indexPath(recordKey);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new WcsResumeRecordError(`Cannot read the resume index ${path}: ${(cause as Error).message}.`, { recordPath: path, cause });
    }
    let entry: z.infer<typeof IndexEntrySchema>;
    try {
      entry = IndexEntrySchema.parse(JSON.parse(text));
    } catch (cause) {
      throw new WcsResumeRecordError(`The resume index ${path} is corrupt; delete it or restart the upload with restartOnMismatch.`, { recordPath: path, cause });
    }
    if (entry.version !== RECORD_VERSION) {
      throw new WcsResumeRecordError(`The resume index ${path} has format version ${entry.version}, expected ${RECORD_VERSION}; delete it or restart the upload with restartOnMismatch.`, { recordPath: path });
    }
    return entry.uploadId;
  }

  /** Writes the record atomically (0600). */
  async write(record: ResumeRecord): Promise<void> {
    await this.#writeAtomic(this.recordPath(record.uploadId), JSON.stringify(record));
  }

  /** Points `recordKey` at `uploadId`, atomically (0600). */
  async writeIndex(recordKey: string, uploadId: string): Promise<void> {
    await this.#writeAtomic(this.indexPath(recordKey), JSON.stringify({ version: RECORD_VERSION, uploadId }));
  }

  /** Deletes the record and, when given, its index entry. Missing files are fine. */
  async remove(uploadId: string, recordKey?: string): Promise<void> {
    if (recordKey !== undefined) await rm(this.indexPath(recordKey), { force: true });
    await rm(this.recordPath(uploadId), { force: true });
  }

  async #writeAtomic(path: string, text: string): Promise<void> {
    const temp = `${path}.${process.pid}.${++this.#tempCounter}.tmp`;
    try {
      const handle = await open(temp, 'w', 0o600);
      try {
        await handle.writeFile(text, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, path);
    } catch (cause) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw new WcsResumeRecordError(`Cannot write the resume record ${path}: ${(cause as Error).message}.`, { recordPath: path, cause });
    }
  }
}
