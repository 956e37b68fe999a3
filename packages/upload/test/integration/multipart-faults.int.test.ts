import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { etagOfBuffer } from '@wcs/etag';
import type { WcsConfigInput } from '@wcs/core';
import { startWcsServer, type FaultRule, type WcsServer } from '@wcs/server';
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

  /** Uploads the 64 MiB file under `rules`, checks it arrived intact, and counts the faults met. */
  async function uploadUnder(key: string, seed: number, rules: FaultRule[], overrides: WcsConfigInput): Promise<{ status503: number; resets: number }> {
    server.clearRequestLog();
    server.setFaults({ seed, rules });
    try {
      const result = await multipartUpload(contextFor(server, { bputSizeBytes: MiB, recordFolder: `${dir}/records`, ...overrides }), {
        file: file.path,
        bucket: 'test',
        key,
      });
      expect(result.hash).toBe(etag);
    } finally {
      server.setFaults({});
    }
    const log = uploadRequests(server.requestLog());
    expect(log.filter((e) => e.endpoint === 'mkfile')).toHaveLength(1);
    const stored = await download(server, 'test', key);
    expect(etagOfBuffer(stored.data)).toBe(etag);
    expect(stored.data.equals(await readFile(file.path))).toBe(true);
    return { status503: log.filter((e) => e.status === 503).length, resets: log.filter((e) => e.fault?.includes('reset')).length };
  }

  const harsh: FaultRule[] = [
    { endpoint: 'mkblk', fraction: 0.2, status: 503 },
    { endpoint: 'bput', fraction: 0.2, status: 503 },
    { endpoint: 'mkblk', fraction: 0.05, resetAfterBytes: 300_000 },
    { endpoint: 'bput', fraction: 0.05, resetAfterBytes: 300_000 },
  ];
  // A chunk request fails with probability 1 - 0.8 × 0.95 = 0.24. With the default 3 extra
  // attempts a chunk fails for good with 0.24^4 ≈ 0.33 %, so one run of 64 chunks fails with
  // about 1 - (1 - 0.0033)^64 ≈ 19 % and 20 runs all pass with only ≈ 1.5 %. Ten extra attempts
  // make that 0.24^11 ≈ 1.5e-7 per chunk, ≈ 2e-4 for all 20 runs. (The defaults are proved
  // against ordinary fault rates below.)
  const harshRetries = { mkblkRetries: 10, bputRetries: 10 };

  const seeds = Array.from({ length: 20 }, (_, i) => i + 1);
  it.each(seeds)('seed %i: 20%% 503 and 5%% mid-body resets on mkblk/bput; 64 MiB arrives intact', async (seed) => {
    // 1 MiB chunks: 16 blocks × 4 chunks.
    await uploadUnder(`faults/${seed}`, seed, harsh, { concurrency: 4, ...harshRetries });
  });

  it('really meets 503s and dropped connections (one seeded run, on its own)', async () => {
    // One block at a time: the request sequence, and so the seeded faults, are the same every run.
    const met = await uploadUnder('faults/met', 101, harsh, { concurrency: 0, ...harshRetries });
    // ~24 % of roughly 80 chunk requests: far above zero unless injection is broken.
    expect(met.status503).toBeGreaterThan(5);
    expect(met.resets).toBeGreaterThan(0);
  });

  it('the default retry settings ride out ordinary faults (5% 503 on mkblk/bput)', async () => {
    // Defaults: 3 extra attempts per step, so a chunk fails for good with 0.05^4 ≈ 6e-6.
    // One block at a time keeps the seeded sequence reproducible; retries are the defaults.
    const rules: FaultRule[] = [
      { endpoint: 'mkblk', fraction: 0.05, status: 503 },
      { endpoint: 'bput', fraction: 0.05, status: 503 },
    ];
    const met = await uploadUnder('faults/defaults', 7, rules, { concurrency: 0 });
    expect(met.status503).toBeGreaterThan(0);
  });
});
