import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { chmod, lstat, mkdir, open, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { WcsResumeRecordError, type WcsResumeRecordReason } from '@wcs/core';
// zod/mini, not zod: full zod is ~800 KB of bundle and tens of ms of start-up for every multiput
// (issue 11); only the issues' paths are used, never their messages.
import * as z from 'zod/mini';
import { LEGACY_RECORD_VERSION, RECORD_VERSION } from './record-key.js';

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

const count = z.int().check(z.nonnegative());
/** The immutable part of a record, written once when the upload starts. */
const RecordHeaderSchema = z.object({
  version: z.int(),
  uploadId: z.string().check(z.minLength(1)),
  file: z.object({ path: z.string(), size: count, mtimeMs: z.number() }),
  bucket: z.string(),
  key: z.string(),
  blockSizeBytes: count,
  chunkSizeBytes: count,
  blockCount: count,
});
const BlockRecordSchema = z.object({
  ctx: z.nullable(z.string()),
  offset: count,
  done: z.boolean(),
  sha1: z.optional(z.array(z.string().check(z.regex(/^[0-9a-f]{40}$/)))),
});

const HEADER_FILE = 'record.json';
/** Exclusive create, no symlink following (O_NOFOLLOW does not exist on Windows). */
const TEMP_FLAGS = fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL | (fsConstants.O_NOFOLLOW ?? 0);
const BLOCK_FILE_RE = /^block-(\d+)\.json$/;
const blockFile = (index: number): string => `block-${index}.json`;

const IndexEntrySchema = z.object({ version: z.int(), uploadId: z.string().check(z.minLength(1)) });

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
 * Resume records on disk (STYLE item 9), format {@link RECORD_VERSION}:
 *
 * - `<folder>/<uploadId>/record.json`: the header (file identity, target, sizes, block count),
 *   written once when the upload starts;
 * - `<folder>/<uploadId>/block-<index>.json`: one block's progress (last ctx, offset, done, and
 *   the SHA-1s of a done block), rewritten after each of its chunks. A block without a file has
 *   not been started;
 * - `<folder>/auto-<sha256>.json`: maps an automatic-resume key to its upload id.
 *
 * So the cost of saving a chunk is bounded by its block, not by the file (version 1 rewrote one
 * file holding every block after every chunk: quadratic for big files). Like py3's per-block
 * records (wcs-api.md §11.6). Folders are created 0700; files are written 0600 through temp file
 * + fsync + rename, so a crash leaves either the old or the new content of a file, never half.
 * A version-1 record (`<folder>/<uploadId>.json`) is refused by name, never mixed in.
 */
export class RecordStore {
  readonly folder: string;
  #bytesWritten = 0;

  constructor(folder: string) {
    // Resolved, so a trailing slash cannot make lstat look through a symlink.
    this.folder = resolve(folder);
  }

  /** Total bytes this store has written to record files (for tests of the per-chunk cost). */
  get bytesWritten(): number {
    return this.#bytesWritten;
  }

  /** The directory holding the record of `uploadId`. */
  recordPath(uploadId: string): string {
    return join(this.folder, uploadId);
  }

  /** The header file of the record of `uploadId` (the file that makes the directory a record). */
  headerPath(uploadId: string): string {
    return join(this.recordPath(uploadId), HEADER_FILE);
  }

  /** Where format version 1 kept the record of `uploadId` (one file). */
  legacyRecordPath(uploadId: string): string {
    return join(this.folder, `${uploadId}.json`);
  }

  indexPath(recordKey: string): string {
    return join(this.folder, `auto-${recordKey}.json`);
  }

  /**
   * Creates the folder (0700) if needed, and refuses one that other local users could write
   * into (a symlink, someone else's, or writable by group or others: {@link checkPrivateFolder}).
   */
  async ensureFolder(): Promise<void> {
    try {
      await this.#mkdir(this.folder);
    } catch (cause) {
      throw new WcsResumeRecordError(`Cannot create the resume record folder ${this.folder}: ${(cause as Error).message}; set recordFolder (tmp_record_folder) to a writable folder.`, { reason: 'io', recordPath: this.folder, cause });
    }
    await checkPrivateFolder(this.folder, 'resume record folder');
  }

  /**
   * Starts the record of a new upload: whatever was recorded under its id before (of any format)
   * is deleted first, then the header is written. Every block starts as not started.
   */
  async create(record: ResumeRecord): Promise<void> {
    const dir = this.recordPath(record.uploadId);
    try {
      await rm(dir, { recursive: true, force: true });
      await rm(this.legacyRecordPath(record.uploadId), { force: true });
      // Not recursive: the directory must be the one made here, never one found in place.
      await mkdir(dir, { mode: 0o700 });
      await chmod(dir, 0o700);
    } catch (cause) {
      throw new WcsResumeRecordError(`Cannot create the resume record ${dir}: ${(cause as Error).message}.`, { reason: 'io', recordPath: dir, cause });
    }
    const { blocks, ...header } = record;
    await this.#writeAtomic(join(dir, HEADER_FILE), JSON.stringify({ ...header, blockCount: blocks.length }));
    for (const [index, block] of blocks.entries()) {
      if (block.ctx !== null || block.offset !== 0 || block.done) await this.writeBlock(record.uploadId, index, block);
    }
  }

  /** Saves the progress of one block, atomically (0600). Its size depends on the block only. */
  async writeBlock(uploadId: string, index: number, block: BlockRecord): Promise<void> {
    const { ctx, offset, done, sha1 } = block;
    const state = sha1 === undefined ? { ctx, offset, done } : { ctx, offset, done, sha1 };
    await this.#writeAtomic(join(this.recordPath(uploadId), blockFile(index)), JSON.stringify(state));
  }

  /**
   * Reads the record of `uploadId`: its header and every block file.
   *
   * @throws WcsResumeRecordError when it is missing, unreadable, corrupt, of another format
   *   version (including version 1's single file) or of another upload
   */
  async read(uploadId: string): Promise<ResumeRecord> {
    const dir = this.recordPath(uploadId);
    const headerPath = join(dir, HEADER_FILE);
    let names: string[];
    try {
      await lstat(dir);
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === 'ENOENT') {
        const legacy = this.legacyRecordPath(uploadId);
        if (await exists(legacy)) {
          throw refusal('version', `The resume record ${legacy} has format version ${LEGACY_RECORD_VERSION}, which this version no longer reads (it expects ${RECORD_VERSION})`, legacy);
        }
        throw new WcsResumeRecordError(`No resume record for upload id ${uploadId} in ${this.folder}; check the id and the record folder, or start a fresh upload without it.`, {
          reason: 'missing',
          recordPath: dir,
          detail: `No resume record for upload id ${uploadId} in ${this.folder}`,
          cause,
        });
      }
      throw new WcsResumeRecordError(`Cannot read the resume record ${dir}: ${(cause as Error).message}.`, { reason: 'io', recordPath: dir, cause });
    }
    await checkPrivateFolder(dir, 'resume record');
    try {
      names = await readdir(dir);
    } catch (cause) {
      throw new WcsResumeRecordError(`Cannot read the resume record ${dir}: ${(cause as Error).message}.`, { reason: 'io', recordPath: dir, cause });
    }
    if (!names.includes(HEADER_FILE)) {
      throw refusal('corrupt', `The resume record ${dir} is not a resume record (it has no ${HEADER_FILE})`, dir);
    }
    const header = await readJsonFile(headerPath, RecordHeaderSchema);
    if (header.version !== RECORD_VERSION) {
      throw refusal('version', `The resume record ${dir} has format version ${header.version}, expected ${RECORD_VERSION}`, dir);
    }
    if (header.uploadId !== uploadId) {
      throw refusal('mismatch', `The resume record ${dir} belongs to upload id ${header.uploadId}`, dir);
    }
    const blocks: BlockRecord[] = Array.from({ length: header.blockCount }, () => ({ ctx: null, offset: 0, done: false }));
    for (const name of names) {
      const match = BLOCK_FILE_RE.exec(name);
      if (match === null) continue; // record.json, or a temp file a crash left behind
      const index = Number(match[1]);
      if (index >= header.blockCount) {
        throw refusal('corrupt', `The resume record ${dir} has ${name} but only ${header.blockCount} blocks (corrupt)`, dir);
      }
      blocks[index] = await readJsonFile(join(dir, name), BlockRecordSchema);
    }
    const { blockCount: _blockCount, ...rest } = header;
    return { ...rest, blocks };
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
      throw new WcsResumeRecordError(`Cannot read the resume index ${path}: ${(cause as Error).message}.`, { reason: 'io', recordPath: path, cause });
    }
    let entry: z.infer<typeof IndexEntrySchema>;
    try {
      entry = IndexEntrySchema.parse(JSON.parse(text));
    } catch (cause) {
      throw refusal('corrupt', `The resume index ${path} is corrupt`, path, cause);
    }
    if (entry.version !== RECORD_VERSION) {
      throw refusal('version', `The resume index ${path} has format version ${entry.version}, expected ${RECORD_VERSION}`, path);
    }
    return entry.uploadId;
  }

  /** Whether an index entry exists under `recordKey` (of any version). */
  async hasIndex(recordKey: string): Promise<boolean> {
    return exists(this.indexPath(recordKey));
  }

  /** Points `recordKey` at `uploadId`, atomically (0600). */
  async writeIndex(recordKey: string, uploadId: string): Promise<void> {
    await this.#writeAtomic(this.indexPath(recordKey), JSON.stringify({ version: RECORD_VERSION, uploadId }));
  }

  /**
   * Deletes the version-1 index entry `legacyKey` and the single-file record it points to, if
   * any; answers whether there was one.
   */
  async removeLegacy(legacyKey: string): Promise<boolean> {
    const path = this.indexPath(legacyKey);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw new WcsResumeRecordError(`Cannot read the resume index ${path}: ${(cause as Error).message}.`, { reason: 'io', recordPath: path, cause });
    }
    const entry = IndexEntrySchema.safeParse(safeJson(text));
    if (entry.success && /^[A-Za-z0-9_-]+$/.test(entry.data.uploadId)) await rm(this.legacyRecordPath(entry.data.uploadId), { force: true });
    await rm(path, { force: true });
    return true;
  }

  /** Deletes the record and, when given, its index entry. Missing files are fine. */
  async remove(uploadId: string, recordKey?: string): Promise<void> {
    if (recordKey !== undefined) await rm(this.indexPath(recordKey), { force: true });
    await rm(this.recordPath(uploadId), { recursive: true, force: true });
    await rm(this.legacyRecordPath(uploadId), { force: true });
  }

  async #mkdir(path: string): Promise<void> {
    const created = await mkdir(path, { recursive: true, mode: 0o700 });
    // mkdir's mode is filtered by the umask; set it exactly on what we created.
    if (created !== undefined) await chmod(path, 0o700);
  }

  async #writeAtomic(path: string, text: string): Promise<void> {
    // A random name, created exclusively and never through a symlink: nothing planted in the
    // folder can redirect the write (issue 10 item 11).
    const temp = join(dirname(path), `.${basename(path)}.${randomBytes(8).toString('hex')}.tmp`);
    const data = Buffer.from(text, 'utf8');
    try {
      const handle = await open(temp, TEMP_FLAGS, 0o600);
      try {
        await handle.writeFile(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, path);
      this.#bytesWritten += data.length;
    } catch (cause) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw new WcsResumeRecordError(`Cannot write the resume record ${path}: ${(cause as Error).message}.`, { reason: 'io', recordPath: path, cause });
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Reads and validates one JSON file of a record. */
async function readJsonFile<T>(path: string, schema: z.ZodMiniType<T>): Promise<T> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new WcsResumeRecordError(`Cannot read the resume record ${path}: ${(cause as Error).message}.`, { reason: 'io', recordPath: path, cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw refusal('corrupt', `The resume record ${path} is not valid JSON (corrupt)`, path, cause);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join('.') || 'record';
    throw refusal('corrupt', `The resume record ${path} is not a resume record (${where} is invalid)`, path, parsed.error);
  }
  return parsed.data;
}

/**
 * A record the SDK refuses rather than guess at: `detail` says what is wrong, the message adds
 * the SDK's advice (a CLI replaces that advice with its own words, using `detail`).
 */
export function refusal(reason: WcsResumeRecordReason, detail: string, recordPath: string, cause?: unknown): WcsResumeRecordError {
  return new WcsResumeRecordError(`${detail}; delete it or restart the upload with restartOnMismatch.`, {
    reason,
    recordPath,
    detail,
    ...(cause !== undefined ? { cause } : {}),
  });
}

/**
 * Refuses a folder other local users could write into (STYLE "never lost or half-written data";
 * issue 10 item 11): a symlink (it may be redirected), a folder owned by someone else, or one
 * writable by group or others. Records there could be swapped to make an upload send the wrong
 * bytes, or temporaries planted to make it overwrite the user's files.
 *
 * @throws WcsResumeRecordError with reason `unsafe-folder`, saying what to do
 */
export async function checkPrivateFolder(folder: string, what: string): Promise<void> {
  let st;
  try {
    st = await lstat(folder);
  } catch (cause) {
    throw new WcsResumeRecordError(`Cannot use the ${what} ${folder}: ${(cause as Error).message}.`, { reason: 'io', recordPath: folder, cause });
  }
  let why: string | undefined;
  if (st.isSymbolicLink()) why = 'a symbolic link';
  else if (!st.isDirectory()) why = 'not a directory';
  else if (process.platform !== 'win32') {
    const uid = process.getuid?.();
    if (uid !== undefined && st.uid !== uid) why = `owned by another user (uid ${st.uid})`;
    else if ((st.mode & 0o022) !== 0) why = `writable by other users (mode ${(st.mode & 0o777).toString(8).padStart(3, '0')})`;
  }
  if (why === undefined) return;
  const detail = `The ${what} ${folder} is ${why}, so another local user could tamper with the resume records`;
  throw new WcsResumeRecordError(
    `${detail}; use a folder only you can write (mkdir -m 700), e.g. the default ~/.wcs/multipart, through recordFolder (tmp_record_folder)${why.startsWith('writable') ? `, or run chmod go-w ${folder}` : ''}.`,
    { reason: 'unsafe-folder', recordPath: folder, detail },
  );
}
