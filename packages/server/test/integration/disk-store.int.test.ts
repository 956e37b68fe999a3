import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWcsServer } from '../../src/index.js';
import { TestClient } from '../helpers/client.js';
import { entry, uploadToken } from '../helpers/sign.js';
import { BlockCtx, BucketList } from '../helpers/wire.js';

const dirs: string[] = [];

/** Names of the content blobs (files or parts directories) under a data dir. */
async function blobFiles(dataDir: string): Promise<string[]> {
  const out: string[] = [];
  for (const shard of await readdir(join(dataDir, 'blobs'))) out.push(...(await readdir(join(dataDir, 'blobs', shard))));
  return out;
}
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('disk store', () => {
  it('persists objects, metadata and buckets across a restart, with content files named by blob id, never by key', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'wcs-disk-'));
    dirs.push(dataDir);
    const s1 = await startWcsServer({ accessKey: 'ak', secretKey: 'sk', dataDir, buckets: ['test'] });
    const c1 = new TestClient(s1);
    const keys = ['../etc/passwd', '日本/語 file.txt', 'plain'];
    try {
      for (const k of keys) await c1.put('test', k, `content of ${k}`);
      await c1.upload(c1.token({ scope: 'test:app.log' }), 'ab', {}, '/append/0');
      s1.createBucket('later');
      await c1.mgr('POST', `/delete/${entry('test', 'plain')}`);
    } finally {
      await s1.close();
    }
    const files = await blobFiles(dataDir);
    expect(files.every((f) => /^[0-9a-f]{32}$/.test(f))).toBe(true);
    expect(files).toHaveLength(3);

    const s2 = await startWcsServer({ accessKey: 'ak', secretKey: 'sk', dataDir, buckets: ['test'] });
    const c2 = new TestClient(s2);
    try {
      for (const k of keys.slice(0, 2)) {
        const d = await fetch(s2.objectUrl('test', k));
        expect(await d.text()).toBe(`content of ${k}`);
      }
      expect((await c2.mgr('GET', `/stat/${entry('test', 'plain')}`)).status).toBe(404);
      const st = await c2.mgr('GET', `/stat/${entry('test', 'app.log')}`);
      expect(st.headers.get('x-wcs-next-append-position')).toBe('2');
      expect((await c2.mgr('GET', '/bucket/list')).as(BucketList).buckets).toEqual([{ name: 'later' }, { name: 'test' }]);
      expect((await c2.upload(c2.token({ scope: 'test:app.log' }), 'c', {}, '/append/2')).status).toBe(200);
    } finally {
      await s2.close();
    }
  });

  it('stores a multipart object as its block files and reads, ranges, copies, overwrites and deletes it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'wcs-disk-'));
    dirs.push(dataDir);
    const MiB = 1024 * 1024;
    const data = Buffer.alloc(8 * MiB + 3);
    for (let i = 0; i < data.length; i += 251) data[i] = i & 0xff;
    const blocks = [data.subarray(0, 4 * MiB), data.subarray(4 * MiB, 8 * MiB), data.subarray(8 * MiB)];
    const multipart = async (s: Awaited<ReturnType<typeof startWcsServer>>, c: TestClient, key: string) => {
      const token = uploadToken('ak', 'sk', { scope: `test:${key}`, overwrite: 1 });
      const ctxs: string[] = [];
      for (const [i, b] of blocks.entries()) ctxs.push((await c.raw(s.putUrl, 'POST', `/mkblk/${b.length}/${i}`, b, { Authorization: token })).as(BlockCtx).ctx);
      return c.raw(s.putUrl, 'POST', `/mkfile/${data.length}`, ctxs.join(','), { Authorization: token });
    };
    const get = async (s: Awaited<ReturnType<typeof startWcsServer>>, key: string, range?: string) =>
      Buffer.from(await (await fetch(s.objectUrl('test', key), range ? { headers: { Range: range } } : {})).arrayBuffer());

    const s1 = await startWcsServer({ accessKey: 'ak', secretKey: 'sk', dataDir, buckets: ['test'] });
    const c1 = new TestClient(s1);
    try {
      expect((await multipart(s1, c1, 'big')).status).toBe(200);
      expect((await get(s1, 'big')).equals(data)).toBe(true);
      // A range across the boundary of the first two parts, and one inside the last.
      expect((await get(s1, 'big', `bytes=${4 * MiB - 2}-${4 * MiB + 1}`)).equals(data.subarray(4 * MiB - 2, 4 * MiB + 2))).toBe(true);
      expect((await get(s1, 'big', `bytes=${8 * MiB + 1}-`)).equals(data.subarray(8 * MiB + 1))).toBe(true);
      expect((await c1.mgr('POST', `/copy/${entry('test', 'big')}/${entry('test', 'copy')}`)).status).toBe(200);
      expect((await get(s1, 'copy')).equals(data)).toBe(true);
      // Parts directory ⇄ plain file, both ways.
      expect((await c1.put('test', 'big', 'small now', { overwrite: 1 })).status).toBe(200);
      expect((await get(s1, 'big')).toString()).toBe('small now');
      expect((await multipart(s1, c1, 'big')).status).toBe(200);
      expect((await multipart(s1, c1, 'again')).status).toBe(200);
      expect((await c1.mgr('POST', `/delete/${entry('test', 'again')}`)).status).toBe(200);
    } finally {
      await s1.close();
    }
    expect(await blobFiles(dataDir)).toHaveLength(2);
    const s2 = await startWcsServer({ accessKey: 'ak', secretKey: 'sk', dataDir, buckets: ['test'] });
    try {
      expect((await get(s2, 'big')).equals(data)).toBe(true);
      expect((await get(s2, 'copy')).equals(data)).toBe(true);
    } finally {
      await s2.close();
    }
  });
});
