import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWcsServer } from '../../src/index.js';
import { TestClient } from '../helpers/client.js';
import { entry } from '../helpers/sign.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('disk store', () => {
  it('persists objects, metadata and buckets across a restart, with hashed file names', async () => {
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
    const files = await readdir(join(dataDir, 'objects'));
    expect(files.every((f) => /^[0-9a-f]{64}$/.test(f))).toBe(true);
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
      expect((await c2.mgr('GET', '/bucket/list')).json.buckets).toEqual([{ name: 'later' }, { name: 'test' }]);
      expect((await c2.upload(c2.token({ scope: 'test:app.log' }), 'c', {}, '/append/2')).status).toBe(200);
    } finally {
      await s2.close();
    }
  });
});
