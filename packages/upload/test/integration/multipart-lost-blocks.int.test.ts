import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdir } from 'node:fs/promises';
import { WcsAbortError, WcsResumeRecordError } from '@wcs/core';
import { etagOfBuffer } from '@wcs/etag';
import { startWcsServer, type WcsServer } from '@wcs/server';
import { multipartUpload } from '../../src/index.js';
import { ACCESS_KEY, MiB, SECRET_KEY, contextFor, download, makeFile, makeTempDir, removeDir, shapeOf, uploadRequests } from './helpers.js';

/**
 * The service forgets uploaded but unmerged blocks (purged about monthly, wcs-api.md §4.2; here:
 * a server restart, which keeps the stored objects on disk but loses every block in progress).
 */
describe('multipartUpload when the service no longer knows the recorded blocks', () => {
  let dir: string;
  let dataDir: string;
  const servers: WcsServer[] = [];
  const start = async (): Promise<WcsServer> => {
    const server = await startWcsServer({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, buckets: ['test'], dataDir });
    servers.push(server);
    return server;
  };

  beforeAll(async () => {
    dir = await makeTempDir();
    dataDir = `${dir}/data`;
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    await removeDir(dir);
  });

  it('a half-sent block restarts from mkblk; mkfile 701 deletes the record and says so; the next run starts afresh', async () => {
    const { path, data } = await makeFile(dir, 'lost.bin', 6 * 4 * MiB);
    const folder = `${dir}/records`;
    const before = await start();
    // One block at a time, 1 MiB chunks: stop right after the first chunk of block 2, so the
    // record holds blocks 0 and 1 done and block 2 at offset 1 MiB.
    const controller = new AbortController();
    const first = multipartUpload(contextFor(before, { bputSizeBytes: MiB, concurrency: 0, recordFolder: folder }), {
      file: path,
      bucket: 'test',
      signal: controller.signal,
      onProgress: (p) => {
        if (p.block === 2) controller.abort();
      },
    });
    await expect(first).rejects.toBeInstanceOf(WcsAbortError);
    const [record] = await readdir(folder).then((names) => names.filter((n) => !n.startsWith('auto-')));
    expect(record).toBeDefined();
    await before.close();

    // "Restarted" service: same data dir, new process state, new ports (putUrl rewritten).
    const after = await start();
    const ctx = contextFor(after, { bputSizeBytes: MiB, concurrency: 0, recordFolder: folder });
    const lost = multipartUpload(ctx, { file: path, bucket: 'test' });
    await expect(lost).rejects.toBeInstanceOf(WcsResumeRecordError);
    await expect(lost).rejects.toThrow(/no longer has the uploaded blocks of upload id \S+ \(mkfile answered 701.*starts afresh/);
    expect(await readdir(folder)).toEqual([]);
    const log = uploadRequests(after.requestLog());
    // Block 2's saved ctx is unknown: its bput gets 701 and the block starts over with mkblk.
    // Blocks 0 and 1 are not sent again; mkfile with their stale ctxs gets 701.
    expect(log.map((e) => `${shapeOf(e)} ${e.status}`)).toEqual([
      `bput/${MiB} 701`,
      ...[2, 3, 4, 5].flatMap((b) => [`mkblk/${4 * MiB}/${b} 200`, `bput/${MiB} 200`, `bput/${2 * MiB} 200`, `bput/${3 * MiB} 200`]),
      `mkfile/${data.length} 701`,
    ]);

    after.clearRequestLog();
    const fresh = await multipartUpload(ctx, { file: path, bucket: 'test' });
    expect(fresh.resumedBlocks).toBe(0);
    expect(fresh.hash).toBe(etagOfBuffer(data));
    expect(uploadRequests(after.requestLog()).filter((e) => e.endpoint === 'mkblk')).toHaveLength(6);
    expect((await download(after, 'test', 'lost.bin')).data.equals(data)).toBe(true);
    expect(await readdir(folder)).toEqual([]);
  });
});
