import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { WcsContext } from '@wcs/core';
import { listAll } from '@wcs/manage';
import { startWcsServer, type WcsServer } from '@wcs/server';
import type { SyncLocation } from '@wcs/sync';
import { ACCESS_KEY, BUCKET, MiB, SECRET_KEY, contextFor, expectBucketEqualsTree, makeTree, removeDir, runSync, tempDir, writeTreeFile } from './helpers.js';

describe('sync under injected faults', () => {
  let server: WcsServer;
  let work: string;
  let ctx: WcsContext;

  beforeAll(async () => {
    server = await startWcsServer({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, buckets: [BUCKET] });
    work = await tempDir();
    ctx = contextFor(server, join(work, 'records'), { connectionRetries: 5, mkblkRetries: 5, bputRetries: 5, mkfileRetries: 5 });
  });
  afterAll(async () => {
    ctx?.http.close();
    await server?.close();
    await removeDir(work);
  });

  test('10 % 503s and 2 % connection resets on every endpoint: the sync completes and the bucket equals the tree', async () => {
    const tree = join(work, 'faulty');
    const files = await makeTree(tree, 400, [9 * MiB]);
    server.setFaults({ seed: 7, rules: [{ endpoint: '*', fraction: 0.1, status: 503 }, { endpoint: '*', fraction: 0.02, resetAfterBytes: 100 }] });
    let run;
    try {
      run = await runSync(ctx, { kind: 'local', path: tree }, { kind: 'remote', bucket: BUCKET, prefix: 'faulty/' }, { stateDir: join(work, 'state'), multiputThresholdBytes: 4 * MiB });
    } finally {
      server.setFaults({ rules: [] });
    }
    expect(run.of('failed')).toEqual([]);
    expect(run.summary.uploaded.files).toBe(files.size);
    expect(server.requestLog().filter((e) => e.fault !== undefined).length).toBeGreaterThan(20);
    await expectBucketEqualsTree(server, 'faulty/', files, async () => {
      const keys: string[] = [];
      for await (const o of listAll(ctx, { bucket: BUCKET, prefix: 'faulty/' })) keys.push(o.key);
      return keys;
    });
  });

  test('a key that always fails is reported with its reason; every other file is uploaded', async () => {
    const tree = join(work, 'onebad');
    const files = await makeTree(tree, 30);
    // 5 × 250-byte names: the key is longer than the 1000 bytes WCS allows
    const longRel = Array.from({ length: 5 }, (_, i) => `${i}`.repeat(250)).join('/');
    await writeTreeFile(tree, longRel, 'never stored');
    const remote: SyncLocation = { kind: 'remote', bucket: BUCKET, prefix: 'onebad/' };
    const run = await runSync(ctx, { kind: 'local', path: tree }, remote, { stateDir: join(work, 'state') });
    expect(run.summary.uploaded.files).toBe(files.size);
    expect(run.summary.failed.files).toBe(1);
    expect(run.of('failed')).toEqual([expect.objectContaining({ action: 'upload', path: longRel, key: `onebad/${longRel}` })]);
  });
});
