import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { etagOfBuffer } from '@wcs/etag';
import { startWcsServer, type WcsServer } from '@wcs/server';
import { multipartUpload } from '../../src/index.js';
import { ACCESS_KEY, MiB, SECRET_KEY, contextFor, download, makeFile, makeTempDir, removeDir, uploadRequests } from './helpers.js';

describe('multipartUpload under injected faults', () => {
  let server: WcsServer;
  let dir: string;
  let file: { path: string; data: Buffer };
  let etag: string;

  beforeAll(async () => {
    server = await startWcsServer({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, buckets: ['test'] });
    dir = await makeTempDir();
    file = await makeFile(dir, 'big.bin', 64 * MiB);
    etag = etagOfBuffer(file.data);
  });
  afterAll(async () => {
    await server.close();
    await removeDir(dir);
  });

  const injected = { status503: 0, resets: 0 };
  const seeds = Array.from({ length: 20 }, (_, i) => i + 1);
  it.each(seeds)('seed %i: 20%% 503 and 5%% mid-body resets on mkblk/bput; 64 MiB arrives intact', async (seed) => {
    server.clearRequestLog();
    server.setFaults({
      seed,
      rules: [
        { endpoint: 'mkblk', fraction: 0.2, status: 503 },
        { endpoint: 'bput', fraction: 0.2, status: 503 },
        { endpoint: 'mkblk', fraction: 0.05, resetAfterBytes: 300_000 },
        { endpoint: 'bput', fraction: 0.05, resetAfterBytes: 300_000 },
      ],
    });
    // 1 MiB chunks: 16 blocks × 4 chunks. Ten extra attempts per step make a 25%-failure step
    // fail for good with probability 0.25^11 ≈ 2e-7 per chunk.
    const ctx = contextFor(server, { bputSizeBytes: MiB, concurrency: 4, mkblkRetries: 10, bputRetries: 10, recordFolder: `${dir}/records` });
    const key = `faults/${seed}`;
    try {
      const result = await multipartUpload(ctx, file.path, { bucket: 'test', key });
      expect(result.hash).toBe(etag);
    } finally {
      server.setFaults({});
    }
    const log = uploadRequests(server.requestLog());
    injected.status503 += log.filter((e) => e.status === 503).length;
    injected.resets += log.filter((e) => e.fault?.includes('reset')).length;
    expect(log.filter((e) => e.endpoint === 'mkfile')).toHaveLength(1);
    const stored = await download(server, 'test', key);
    expect(etagOfBuffer(stored.data)).toBe(etag);
    expect(stored.data.equals(await readFile(file.path))).toBe(true);
  });

  it('the runs above really met 503s and dropped connections', () => {
    // ~25 % of roughly 1 300 chunk requests: far above zero unless injection is broken.
    expect(injected.status503).toBeGreaterThan(50);
    expect(injected.resets).toBeGreaterThan(5);
  });
});
