import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile, readdir, stat, utimes, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { WcsAbortError, WcsResumeRecordError } from '@wcs/core';
import { etagOfBuffer } from '@wcs/etag';
import { startWcsServer, type RequestLogEntry, type WcsServer } from '@wcs/server';
import { multipartUpload } from '../../src/index.js';
import { LEGACY_RECORD_VERSION, recordKeyOf } from '../../src/resumable/record-key.js';
import { RecordStore } from '../../src/resumable/record-store.js';
import { ACCESS_KEY, MiB, SECRET_KEY, contextFor, download, makeFile, makeTempDir, removeDir, uploadRequests } from './helpers.js';

const CHUNK = MiB;
const BLOCK = 4 * MiB;
const SIZE = 64 * MiB;
const BLOCKS = SIZE / BLOCK;
const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const childScript = fileURLToPath(new URL('../fixtures/multipart-child.mjs', import.meta.url));

interface RecordOnDisk {
  uploadId: string;
  blocks: Array<{ ctx: string | null; offset: number; done: boolean }>;
}

/** The one record in `folder` (a `<uploadId>/` directory of header + block files), read by the package's store. */
async function readRecord(folder: string): Promise<RecordOnDisk | undefined> {
  const names = (await readdir(folder).catch(() => [] as string[])).filter((n) => /^[A-Za-z0-9]{32}$/.test(n));
  if (names.length !== 1) return undefined;
  try {
    return await new RecordStore(folder).read(names[0]!);
  } catch {
    return undefined; // the header is written just after the directory is made
  }
}

/**
 * Which block a request was for. mkblk names it in its path; a bput names only its ctx, and
 * @wcs/server's ctx is `b64u(JSON{order,…}).mac`, so the test decodes it (a server detail).
 */
function blockOf(e: RequestLogEntry): number {
  const seg = e.path.split('/');
  if (e.endpoint === 'mkblk') return Number(seg[3]);
  const payload = JSON.parse(Buffer.from(seg[2]!.split('.')[0]!, 'base64url').toString('utf8')) as { order: number };
  return payload.order;
}

/** Chunk offsets (within the block) that each block sent successfully in `log`, and blocks that met a 701. */
function sentChunks(log: RequestLogEntry[]): { sent: Map<number, number[]>; restarted: Set<number> } {
  const sent = new Map<number, number[]>();
  const restarted = new Set<number>();
  for (const e of log) {
    if (e.endpoint !== 'mkblk' && e.endpoint !== 'bput') continue;
    const block = blockOf(e);
    if (e.status === 701) restarted.add(block);
    if (e.status !== 200) continue;
    const offset = e.endpoint === 'mkblk' ? 0 : Number(e.path.split('/')[3]);
    sent.set(block, [...(sent.get(block) ?? []), offset]);
  }
  return { sent, restarted };
}

/** What a resume from `record` must send: nothing for done blocks, the rest of each other block. */
function expectResumeSent(record: RecordOnDisk, log: RequestLogEntry[]): void {
  const { sent, restarted } = sentChunks(log);
  record.blocks.forEach((b, i) => {
    // A chunk the server took just before the kill, but not yet in the record, makes the saved
    // ctx stale: the server answers 701 and the block restarts from mkblk. Only then is the
    // already-sent part of that block sent again.
    const from = restarted.has(i) ? 0 : b.offset;
    const expected: number[] = [];
    if (!b.done) for (let off = Math.floor(from / CHUNK) * CHUNK; off < BLOCK; off += CHUNK) expected.push(off);
    expect({ block: i, offsets: sent.get(i) ?? [] }).toEqual({ block: i, offsets: expected });
  });
}

describe('resumable multipartUpload', () => {
  let server: WcsServer;
  let dir: string;

  beforeAll(async () => {
    if (!existsSync(`${packageDir}/dist/index.js`)) throw new Error('build @wcs/upload first (turbo runs build before test:int)');
    server = await startWcsServer({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, buckets: ['test'] });
    dir = await makeTempDir();
  });
  afterAll(async () => {
    await server.close();
    await removeDir(dir);
  });
  beforeEach(() => {
    server.clearRequestLog();
    server.setFaults({});
  });

  /** Runs the child until the record shows ≥ 3 done blocks, then SIGKILLs it; returns the record left behind. */
  async function killMidway(name: string): Promise<{ path: string; data: Buffer; folder: string; record: RecordOnDisk; printedId: string }> {
    const { path, data } = await makeFile(dir, name, SIZE);
    const folder = `${dir}/records-${name}`;
    server.setFaults({ rules: [{ endpoint: '*', latencyMs: 25 }] });
    const child = spawn(
      process.execPath,
      [childScript, JSON.stringify({ putUrl: server.putUrl, mgrUrl: server.mgrUrl, path, bucket: 'test', key: name, recordFolder: folder, chunkSizeBytes: CHUNK, concurrency: 2 })],
      { cwd: packageDir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let killed = false;
    const deadline = Date.now() + 60_000;
    while (!killed && Date.now() < deadline) {
      const record = await readRecord(folder);
      if (record && record.blocks.filter((b) => b.done).length >= 3) {
        child.kill('SIGKILL');
        killed = true;
      } else if (child.exitCode !== null) {
        throw new Error(`child exited early (${child.exitCode}): ${stderr}${stdout}`);
      } else {
        await new Promise((r) => setTimeout(r, 5));
      }
    }
    await exited;
    expect(killed).toBe(true);
    expect(stdout).not.toContain('DONE');
    server.setFaults({});
    const record = await readRecord(folder);
    expect(record).toBeDefined();
    const printedId = /UPLOAD_ID (\S+)/.exec(stdout)?.[1] ?? '';
    return { path, data, folder, record: record!, printedId };
  }

  it('resumes automatically after the uploading process was SIGKILLed, sending only what was missing', async () => {
    const { path, data, folder, record, printedId } = await killMidway('killed-auto.bin');
    expect(printedId).toBe(record.uploadId);
    const done = record.blocks.filter((b) => b.done).length;
    expect(done).toBeGreaterThanOrEqual(3);
    expect(done).toBeLessThan(BLOCKS);
    server.clearRequestLog();

    const ctx = contextFor(server, { bputSizeBytes: CHUNK, concurrency: 2, recordFolder: folder });
    const result = await multipartUpload(ctx, { file: path, bucket: 'test', key: 'killed-auto.bin' });
    expect(result.uploadId).toBe(record.uploadId);
    expect(result.resumedBlocks).toBe(done);
    expect(result.hash).toBe(etagOfBuffer(data));
    const log = uploadRequests(server.requestLog());
    expectResumeSent(record, log);
    expect(log.filter((e) => e.endpoint === 'mkfile')).toHaveLength(1);
    const stored = await download(server, 'test', 'killed-auto.bin');
    expect(stored.data.equals(data)).toBe(true);
    expect(await readdir(folder)).toEqual([]);
  });

  it('resumes with an explicit upload id after SIGKILL', async () => {
    // The id the first run printed (its onUploadId) is what a user passes to --upload-id.
    const { path, data, folder, record, printedId } = await killMidway('killed-explicit.bin');
    expect(record.uploadId).toBe(printedId);
    server.clearRequestLog();
    // resume: 'never' proves the explicit id (config upload_id), not the automatic index, found the record.
    const ctx = contextFor(server, { bputSizeBytes: CHUNK, concurrency: 4, recordFolder: folder, uploadId: printedId });
    const result = await multipartUpload(ctx, { file: path, bucket: 'test', key: 'killed-explicit.bin', resume: 'never' });
    expect(result.resumedBlocks).toBe(record.blocks.filter((b) => b.done).length);
    expectResumeSent(record, uploadRequests(server.requestLog()));
    expect((await download(server, 'test', 'killed-explicit.bin')).data.equals(data)).toBe(true);
  });

  it('an unknown upload id is refused before any request', async () => {
    const { path } = await makeFile(dir, 'unknown-id.bin', 10);
    const ctx = contextFor(server, { recordFolder: `${dir}/records-unknown` });
    const run = multipartUpload(ctx, { file: path, bucket: 'test', uploadId: 'NoSuchUploadId' });
    await expect(run).rejects.toBeInstanceOf(WcsResumeRecordError);
    await expect(run).rejects.toThrow(/no resume record for upload id NoSuchUploadId in .*records-unknown/i);
    expect(uploadRequests(server.requestLog())).toHaveLength(0);
  });

  /** Starts an in-process upload and aborts it once 2 blocks are done. */
  async function abortMidway(path: string, folder: string): Promise<void> {
    server.setFaults({ rules: [{ endpoint: '*', latencyMs: 10 }] });
    const controller = new AbortController();
    const ctx = contextFor(server, { bputSizeBytes: CHUNK, concurrency: 2, recordFolder: folder });
    const run = multipartUpload(ctx, {
      file: path,
      bucket: 'test',
      signal: controller.signal,
      onProgress: (p) => {
        if ((p.blocksDone ?? 0) >= 2) controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(WcsAbortError);
    server.setFaults({});
  }

  it('abort: WcsAbortError, the record stays, and a new run resumes it', async () => {
    const { path, data } = await makeFile(dir, 'aborted.bin', 32 * MiB);
    const folder = `${dir}/records-abort`;
    await abortMidway(path, folder);
    const record = await readRecord(folder);
    expect(record).toBeDefined();
    expect(record!.blocks.filter((b) => b.done).length).toBeGreaterThanOrEqual(2);
    // Nothing is still being sent after the rejection: the log is quiet.
    const settled = uploadRequests(server.requestLog()).length;
    await new Promise((r) => setTimeout(r, 100));
    expect(uploadRequests(server.requestLog())).toHaveLength(settled);

    server.clearRequestLog();
    const result = await multipartUpload(contextFor(server, { bputSizeBytes: CHUNK, recordFolder: folder }), { file: path, bucket: 'test' });
    expect(result.uploadId).toBe(record!.uploadId);
    expect(result.hash).toBe(etagOfBuffer(data));
    expectResumeSent(record!, uploadRequests(server.requestLog()));
  });

  it('a file changed since the interrupted run is refused, or restarted on request; never mixed', async () => {
    const { path } = await makeFile(dir, 'changed.bin', 24 * MiB);
    const folder = `${dir}/records-changed`;
    await abortMidway(path, folder);
    const before = await readRecord(folder);
    await appendFile(path, Buffer.from('more bytes'));
    server.clearRequestLog();
    const ctx = contextFor(server, { bputSizeBytes: CHUNK, recordFolder: folder });
    const refused = multipartUpload(ctx, { file: path, bucket: 'test' });
    await expect(refused).rejects.toBeInstanceOf(WcsResumeRecordError);
    await expect(refused).rejects.toThrow(/file size changed from 25165824 to 25165834 bytes/);
    expect(uploadRequests(server.requestLog())).toHaveLength(0);

    // Same size, other mtime, explicit id: refused as well.
    const record = await readRecord(folder);
    expect(record?.uploadId).toBe(before?.uploadId);
    const later = new Date(Date.now() + 60_000);
    await utimes(path, later, later);
    const byId = multipartUpload(ctx, { file: path, bucket: 'test', uploadId: record!.uploadId });
    await expect(byId).rejects.toThrow(/modified since/);

    const restarted = await multipartUpload(ctx, { file: path, bucket: 'test', restartOnMismatch: true });
    const now = await readFile(path);
    expect(restarted.resumedBlocks).toBe(0);
    expect(restarted.hash).toBe(etagOfBuffer(now));
    expect((await download(server, 'test', 'changed.bin')).data.equals(now)).toBe(true);
    expect((await stat(path)).size).toBe(24 * MiB + 10);
  });

  it('a record of the old single-file format (version 1) is refused by name, or deleted with restartOnMismatch; never mixed', async () => {
    const { path, data } = await makeFile(dir, 'legacy.bin', 8 * MiB);
    const folder = `${dir}/records-legacy`;
    await mkdir(folder);
    const store = new RecordStore(folder);
    const legacyKey = recordKeyOf({ path, bucket: 'test', key: 'legacy.bin', blockSizeBytes: BLOCK, chunkSizeBytes: CHUNK }, LEGACY_RECORD_VERSION);
    const id = 'OldFormatUploadId';
    await writeFile(store.indexPath(legacyKey), JSON.stringify({ version: 1, uploadId: id }));
    await writeFile(store.legacyRecordPath(id), JSON.stringify({ version: 1, uploadId: id, blocks: [{ ctx: 'stale', offset: BLOCK, done: true }] }));
    const ctx = contextFor(server, { bputSizeBytes: CHUNK, recordFolder: folder });

    const auto = multipartUpload(ctx, { file: path, bucket: 'test' });
    await expect(auto).rejects.toBeInstanceOf(WcsResumeRecordError);
    await expect(auto).rejects.toThrow(/record format version 1, which this version no longer reads/);
    await expect(multipartUpload(ctx, { file: path, bucket: 'test', uploadId: id })).rejects.toThrow(/OldFormatUploadId\.json has format version 1/);
    expect(uploadRequests(server.requestLog())).toHaveLength(0);

    const restarted = await multipartUpload(ctx, { file: path, bucket: 'test', restartOnMismatch: true });
    expect(restarted.resumedBlocks).toBe(0);
    expect(restarted.hash).toBe(etagOfBuffer(data));
    expect(await readdir(folder)).toEqual([]);
  });
});
