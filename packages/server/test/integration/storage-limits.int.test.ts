import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWcsServer } from '../../src/index.js';
import { listEntries } from '../../src/routes/manage.js';
import type { StoredObject } from '../../src/store/object-store.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { TestClient } from '../helpers/client.js';
import { entry, uploadToken } from '../helpers/sign.js';
import { makeBlocks, mkfile } from '../helpers/storage.js';
import { BucketStat } from '../helpers/wire.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});
const b64u = (s: string): string => Buffer.from(s).toString('base64url');

describe('multipart blocks', () => {
  it('mkblk refuses a block larger than the token\'s fsizeLimit (401) and accepts one within it', async () => {
    const server = await startWcsServer({ accessKey: 'ak', secretKey: 'sk' });
    try {
      const token = uploadToken('ak', 'sk', { scope: 'test:small', fsizeLimit: 10 });
      const big = await fetch(`${server.putUrl}/mkblk/${4 * 1024 * 1024}/0`, { method: 'POST', body: Buffer.alloc(1024), headers: { Authorization: token } });
      expect(big.status).toBe(401);
      expect(((await big.json()) as { message: string }).message).toMatch(/fsizeLimit/);
      const ok = await fetch(`${server.putUrl}/mkblk/10/0`, { method: 'POST', body: Buffer.alloc(10), headers: { Authorization: token } });
      expect(ok.status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('blocks no mkfile used expire after blockTtlMs: refused (701) and their files purged in the background', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'wcs-ttl-'));
    dirs.push(dataDir);
    let now = Date.UTC(2025, 0, 1);
    const server = await startWcsServer({ accessKey: 'ak', secretKey: 'sk', dataDir, blockTtlMs: 200, now: () => now });
    try {
      const token = uploadToken('ak', 'sk', { scope: 'test:late', overwrite: 1 });
      const data = Buffer.from('a block nobody completes');
      const ctxs = await makeBlocks(server, token, data);
      expect(await readdir(join(dataDir, 'tmp'))).toHaveLength(1);
      // Within the TTL the block is usable …
      now += 150;
      const fresh = await makeBlocks(server, token, data);
      expect(await mkfile(server, token, data.length, fresh)).toBe(200);
      // … past it, it is gone: refused, and its file removed without any further request.
      now += 100;
      expect(await mkfile(server, token, data.length, ctxs)).toBe(701);
      const abandoned = await makeBlocks(server, token, data);
      expect(abandoned).toHaveLength(1);
      now += 1000;
      for (let i = 0; i < 100 && (await readdir(join(dataDir, 'tmp'))).length > 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(await readdir(join(dataDir, 'tmp'))).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe('bucketstat', () => {
  it('reports each day\'s own figure: 0 before the bucket had data and for days not yet come', async () => {
    let now = Date.UTC(2025, 2, 1, 12);
    const day = 86_400_000;
    const server = await startWcsServer({ accessKey: 'ak', secretKey: 'sk', buckets: ['test', 'other'], now: () => now });
    const c = new TestClient(server);
    try {
      const MiB = 'x'.repeat(1024 * 1024);
      await c.put('test', 'a', MiB);
      now += 2 * day; // 03-03
      await c.put('test', 'b', MiB);
      await c.put('test', 'b', MiB + MiB); // an overwrite counts its new size only
      now += day; // 03-04
      expect((await c.mgr('POST', `/delete/${entry('test', 'a')}`)).status).toBe(200);
      const a = await c.mgr('GET', `/bucket/stat?name=${b64u('test|other')}&startdate=2025-02-28&enddate=2025-03-06`);
      expect(a.status).toBe(200);
      const [test, other] = a.as(BucketStat).buckets;
      const figures = (b: { detail: Array<{ data_time: string; storage: string }> } | undefined) => b?.detail.map((d) => `${d.data_time}=${d.storage}`);
      expect(figures(test)).toEqual([
        '2025-02-28=0.000', '2025-03-01=1.000', '2025-03-02=1.000', '2025-03-03=3.000', '2025-03-04=2.000', '2025-03-05=0.000', '2025-03-06=0.000',
      ]);
      expect(figures(other)?.every((f) => f.endsWith('=0.000'))).toBe(true);
    } finally {
      await server.close();
    }
  });
});

describe('scale: listing reads O(page) rows through index range scans', () => {
  it('every list query is a primary-key range search, and a page deep in a 20,000-object bucket reads only its rows', async () => {
    const store = new SqliteStore({});
    await store.init();
    try {
      store.addBucket('big');
      const meta = (key: string): StoredObject => ({
        bucket: 'big', key, fsize: 1, hash: 'h', mimeType: 'text/plain', putTime: 1000, expiresAt: null, type: 'Normal',
      });
      const objects: Array<{ meta: StoredObject; content: Buffer }> = [];
      // 100 directories of 150 files, and 5,000 files at the root (after the directories).
      for (let d = 0; d < 100; d++) for (let f = 0; f < 150; f++) objects.push({ meta: meta(`d${String(d).padStart(3, '0')}/f${f}`), content: Buffer.from('x') });
      for (let f = 0; f < 5000; f++) objects.push({ meta: meta(`z${String(f).padStart(5, '0')}`), content: Buffer.from('x') });
      for (let i = 0; i < objects.length; i += 2000) await store.putMany(objects.slice(i, i + 2000));
      const filter = { visibleAt: 2000, startTime: 0, endTime: 5000 };

      store.stats.rowsRead = 0;
      const deep = listEntries(store, 'big', { prefix: '', mode: undefined, after: { g: 0, k: 'z04000' }, limit: 1001, filter });
      expect(deep).toHaveLength(999);
      expect(store.stats.rowsRead).toBe(999);

      store.stats.rowsRead = 0;
      const page = listEntries(store, 'big', { prefix: 'z0', mode: undefined, after: { g: 0, k: 'z02000' }, limit: 101, filter });
      expect(page.map((e) => e.name)[0]).toBe('z02001');
      expect(store.stats.rowsRead).toBe(101);

      // Directory listings read one row per entry: neither the 15,000 objects inside the
      // sub-directories nor the 5,000 files when looking for sub-directories.
      store.stats.rowsRead = 0;
      const files = listEntries(store, 'big', { prefix: '', mode: 0, after: undefined, limit: 11, filter });
      expect(files.map((e) => e.name).slice(0, 2)).toEqual(['z00000', 'z00001']);
      expect(store.stats.rowsRead).toBe(11);
      store.stats.rowsRead = 0;
      const folders = listEntries(store, 'big', { prefix: '', mode: 1, after: undefined, limit: 101, filter });
      expect(folders.slice(0, 100).map((e) => e.name)).toEqual(Array.from({ length: 100 }, (_, d) => `d${String(d).padStart(3, '0')}/`));
      expect(folders[100]?.name).toBe('z00000');
      expect(store.stats.rowsRead).toBe(101);
      store.stats.rowsRead = 0;
      const inDir = listEntries(store, 'big', { prefix: 'd050', mode: 0, after: { g: 0, k: 'd050/f1' }, limit: 5, filter });
      expect(inDir.map((e) => e.name)).toEqual(['d050/f10', 'd050/f100', 'd050/f101', 'd050/f102', 'd050/f103']);
      expect(store.stats.rowsRead).toBe(5);

      const plans = store.listPlans();
      expect(plans.length).toBeGreaterThanOrEqual(3);
      for (const plan of plans) {
        expect(plan).toMatch(/SEARCH objects USING (PRIMARY KEY \(bucket=\? AND key>\?|COVERING INDEX objects_by_parent \(bucket=\? AND parent|INDEX objects_by_parent \(bucket=\? AND parent)/);
        expect(plan).not.toMatch(/SCAN|TEMP B-TREE/);
      }
    } finally {
      await store.close();
    }
  }, 120_000);
});
