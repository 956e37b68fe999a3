// Resume records under attack or damage (issue 10 items 11-15): planted symlinks, shared folders,
// records that do not fit the plan, files changed in place, tokens that expire mid-upload.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { chmod, mkdir, readFile, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { WcsAbortError, WcsResumeRecordError, createWcsContext, parseConfig } from '@wcs/core';
import { etagOfBuffer } from '@wcs/etag';
import { startWcsServer, type WcsServer } from '@wcs/server';
import { multipartUpload, simpleUpload } from '../../src/index.js';
import { recordKeyOf } from '../../src/resumable/record-key.js';
import { ACCESS_KEY, MiB, SECRET_KEY, contextFor, download, makeFile, makeTempDir, removeDir, shapeOf, uploadRequests } from './helpers.js';

const CHUNK = MiB;
const BLOCK = 4 * MiB;

/** The reason of the WcsResumeRecordError `run` rejects with. */
async function reasonOf(run: Promise<unknown>): Promise<string> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WcsResumeRecordError);
  return (error as WcsResumeRecordError).reason;
}

describe('resume records: safety and damage', () => {
  let server: WcsServer;
  let dir: string;

  beforeAll(async () => {
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

  /**
   * One block at a time, 1 MiB chunks: aborts right after block `stopBlock`'s first chunk, so the
   * record holds blocks 0..stopBlock-1 done and block `stopBlock` at offset 1 MiB. Returns the upload id.
   */
  async function abortAt(path: string, folder: string, stopBlock: number): Promise<string> {
    const controller = new AbortController();
    let uploadId = '';
    const run = multipartUpload(contextFor(server, { bputSizeBytes: CHUNK, concurrency: 0, recordFolder: folder }), {
      file: path,
      bucket: 'test',
      signal: controller.signal,
      onUploadId: (id) => (uploadId = id),
      onProgress: (p) => {
        if (p.block === stopBlock) controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(WcsAbortError);
    server.clearRequestLog();
    return uploadId;
  }

  describe('item 11: the record folder cannot be used to redirect writes', () => {
    it('symlinks planted at the temporary names of record writes are never followed', async () => {
      const { path, data } = await makeFile(dir, 'planted.bin', 8 * MiB);
      const folder = join(dir, 'records-planted');
      await mkdir(folder, { mode: 0o700 });
      const victim = join(dir, 'victim.txt');
      await writeFile(victim, 'precious');
      // The old code wrote `<file>.<pid>.<n>.tmp` with 'w': the index file's name is predictable
      // from the file and target, so another user could plant its temporaries in a shared folder.
      const key = recordKeyOf({ path, bucket: 'test', key: 'planted.bin', blockSizeBytes: BLOCK, chunkSizeBytes: CHUNK });
      for (let n = 1; n <= 40; n++) await symlink(victim, join(folder, `auto-${key}.json.${process.pid}.${n}.tmp`));

      const result = await multipartUpload(contextFor(server, { bputSizeBytes: CHUNK, recordFolder: folder }), { file: path, bucket: 'test' });
      expect(result.hash).toBe(etagOfBuffer(data));
      expect(await readFile(victim, 'utf8')).toBe('precious');
    });

    it('a record folder that is a symlink, or writable by others, is refused before any request, saying what to do', async () => {
      const { path } = await makeFile(dir, 'unsafe.bin', 5 * MiB);
      const real = join(dir, 'real-records');
      await mkdir(real, { mode: 0o700 });
      const link = join(dir, 'link-records');
      await symlink(real, link);
      const ctx = (folder: string) => contextFor(server, { bputSizeBytes: CHUNK, recordFolder: folder });

      const viaLink = multipartUpload(ctx(`${link}/`), { file: path, bucket: 'test' });
      expect(await reasonOf(viaLink)).toBe('unsafe-folder');
      await expect(viaLink).rejects.toThrow(/link-records is a symbolic link.*only you can write/);

      const shared = join(dir, 'shared-records');
      await mkdir(shared);
      await chmod(shared, 0o777);
      const viaShared = multipartUpload(ctx(shared), { file: path, bucket: 'test' });
      expect(await reasonOf(viaShared)).toBe('unsafe-folder');
      await expect(viaShared).rejects.toThrow(/writable by other users \(mode 777\).*chmod go-w/);
      // restartOnMismatch does not override it: a fresh start would be just as exposed.
      expect(await reasonOf(multipartUpload(ctx(shared), { file: path, bucket: 'test', restartOnMismatch: true }))).toBe('unsafe-folder');
      expect(uploadRequests(server.requestLog())).toHaveLength(0);
    });

    it("an upload id's record folder that is a symlink is refused", async () => {
      const { path } = await makeFile(dir, 'id-link.bin', 5 * MiB);
      const folder = join(dir, 'records-id-link');
      await mkdir(folder, { mode: 0o700 });
      const elsewhere = join(dir, 'elsewhere');
      await mkdir(elsewhere, { mode: 0o700 });
      await symlink(elsewhere, join(folder, 'PlantedUploadId'));
      const run = multipartUpload(contextFor(server, { recordFolder: folder }), { file: path, bucket: 'test', uploadId: 'PlantedUploadId' });
      expect(await reasonOf(run)).toBe('unsafe-folder');
      expect(uploadRequests(server.requestLog())).toHaveLength(0);
    });

    it('a record folder it creates is private (0700)', async () => {
      const { path } = await makeFile(dir, 'private.bin', 5 * MiB);
      const folder = join(dir, 'made', 'by', 'upload');
      await multipartUpload(contextFor(server, { bputSizeBytes: CHUNK, recordFolder: folder }), { file: path, bucket: 'test' });
      expect((await stat(folder)).mode & 0o777).toBe(0o700);
    });
  });

  it('item 12: a block recorded off a chunk boundary restarts cleanly and the upload succeeds', async () => {
    const { path, data } = await makeFile(dir, 'off-boundary.bin', 3 * BLOCK);
    const folder = join(dir, 'records-off');
    const uploadId = await abortAt(path, folder, 1);
    const blockFile = join(folder, uploadId, 'block-1.json');
    const saved = JSON.parse(await readFile(blockFile, 'utf8')) as { ctx: string; offset: number };
    expect(saved.offset).toBe(CHUNK);
    await writeFile(blockFile, JSON.stringify({ ...saved, offset: CHUNK + CHUNK / 2 }));

    const result = await multipartUpload(contextFor(server, { bputSizeBytes: CHUNK, concurrency: 0, recordFolder: folder }), { file: path, bucket: 'test' });
    expect(result.hash).toBe(etagOfBuffer(data));
    expect((await download(server, 'test', 'off-boundary.bin')).data.equals(data)).toBe(true);
    // Block 0 is not sent again; block 1 starts over with mkblk.
    const shapes = uploadRequests(server.requestLog()).map(shapeOf);
    expect(shapes.filter((s) => s.startsWith('mkblk'))).toEqual([`mkblk/${BLOCK}/1`, `mkblk/${BLOCK}/2`]);
  });

  it('item 13: a finished block changed in place (size and mtime restored) is detected and sent again', async () => {
    const { path, data } = await makeFile(dir, 'in-place.bin', 3 * BLOCK);
    const whole = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    await utimes(path, whole, whole);
    const folder = join(dir, 'records-in-place');
    await abortAt(path, folder, 2);
    // Same size, same mtime, other bytes in block 0.
    data[12345] = data[12345]! ^ 0xff;
    await writeFile(path, data);
    await utimes(path, whole, whole);

    const result = await multipartUpload(contextFor(server, { bputSizeBytes: CHUNK, concurrency: 0, recordFolder: folder }), { file: path, bucket: 'test' });
    expect(result.hash).toBe(etagOfBuffer(data));
    expect(result.resumedBlocks).toBe(1);
    expect((await download(server, 'test', 'in-place.bin')).data.equals(data)).toBe(true);
    const shapes = uploadRequests(server.requestLog()).map(shapeOf);
    // Block 0 goes again from mkblk; block 1 is not sent; block 2 continues after its first chunk.
    expect(shapes.filter((s) => s.startsWith('mkblk'))).toEqual([`mkblk/${BLOCK}/0`]);
    expect(shapes.filter((s) => s.startsWith('bput'))).toHaveLength(3 + 3);
  });

  it('item 14: every refusal carries a typed reason', async () => {
    const { path } = await makeFile(dir, 'reasons.bin', 3 * BLOCK);
    const folder = join(dir, 'records-reasons');
    const ctx = contextFor(server, { bputSizeBytes: CHUNK, concurrency: 0, recordFolder: folder });
    expect(await reasonOf(multipartUpload(ctx, { file: path, bucket: 'test', uploadId: 'NoSuchId' }))).toBe('missing');

    const uploadId = await abortAt(path, folder, 1);
    const later = new Date(Date.now() + 120_000);
    await utimes(path, later, later);
    expect(await reasonOf(multipartUpload(ctx, { file: path, bucket: 'test' }))).toBe('mismatch');

    await writeFile(join(folder, uploadId, 'block-0.json'), '{not json');
    expect(await reasonOf(multipartUpload(ctx, { file: path, bucket: 'test', uploadId }))).toBe('corrupt');

    const header = join(folder, uploadId, 'record.json');
    await writeFile(header, JSON.stringify({ ...(JSON.parse(await readFile(header, 'utf8')) as object), version: 99 }));
    expect(await reasonOf(multipartUpload(ctx, { file: path, bucket: 'test', uploadId }))).toBe('version');
    expect(uploadRequests(server.requestLog())).toHaveLength(0);
  });

  it('item 15: an upload that outlives its token deadline gets fresh tokens and completes', async () => {
    let clock = Date.now();
    const slow = await startWcsServer({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, buckets: ['test'], now: () => clock });
    try {
      const { path, data } = await makeFile(dir, 'long.bin', 4 * BLOCK);
      // A 60 s token; every chunk "takes" 20 s, so the whole upload takes 320 s of this clock.
      // One request at a time: the clock moves between requests, never while one is in flight.
      const base = contextFor(slow, { bputSizeBytes: CHUNK, concurrency: 0, recordFolder: join(dir, 'records-long'), tokenDeadlineSeconds: 60 });
      const ctx = { ...base, now: () => clock };
      const result = await multipartUpload(ctx, { file: path, bucket: 'test', onProgress: () => (clock += 20_000) });
      expect(result.hash).toBe(etagOfBuffer(data));
      expect(uploadRequests(slow.requestLog()).every((e) => e.status === 200)).toBe(true);
    } finally {
      await slow.close();
    }
  });

  it('item 15: a simple upload retried after its token expired sends a fresh one', async () => {
    let clock = Date.now();
    const slow = await startWcsServer({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, buckets: ['test'], now: () => clock });
    try {
      // The first attempt breaks after 64 KiB; the retry starts 100 s later, past the 60 s token.
      slow.setFaults({ rules: [{ endpoint: 'upload', resetAfterBytes: 64 * 1024, times: 1 }] });
      const config = parseConfig({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, putUrl: slow.putUrl, mgrUrl: slow.mgrUrl, tokenDeadlineSeconds: 60 });
      const ctx = { ...createWcsContext(config, { retryBaseDelayMs: 1, onRetry: () => (clock += 100_000) }), now: () => clock };
      const data = randomBytes(300_000);
      const result = await simpleUpload(ctx, { source: data, bucket: 'test', key: 'retried-late.bin' });
      expect(result.hash).toBe(etagOfBuffer(data));
      expect(uploadRequests(slow.requestLog()).map((e) => e.status)).toEqual([0, 200]);
    } finally {
      await slow.close();
    }
  });
});
