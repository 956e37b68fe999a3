import { afterAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWcsServer } from '../../src/index.js';
import { TestClient } from '../helpers/client.js';
import { entry } from '../helpers/sign.js';
import { blobNames } from '../helpers/storage.js';
import { BucketList, Stat } from '../helpers/wire.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const contentName = (bucket: string, key: string): string => createHash('sha256').update(`${bucket}\0${key}`).digest('hex');

describe('a data dir written by the earlier server (index.json + objects/)', () => {
  it('is imported at start: every object, plain or multipart, with its metadata; the old layout is retired', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'wcs-legacy-'));
    dirs.push(dataDir);
    await mkdir(join(dataDir, 'objects'), { recursive: true });
    const meta = (key: string, fsize: number) => ({
      bucket: 'test', key, fsize, hash: `hash-of-${key}`, mimeType: 'text/plain', putTime: 1_700_000_000_000, expiresAt: null, type: 'Normal',
    });
    await writeFile(join(dataDir, 'objects', contentName('test', 'plain.txt')), 'plain content');
    const partsDir = join(dataDir, 'objects', contentName('test', 'big/parts.bin'));
    await mkdir(partsDir);
    await writeFile(join(partsDir, '000000'), 'first part, ');
    await writeFile(join(partsDir, '000001'), 'second part');
    await writeFile(join(dataDir, 'index.json'), JSON.stringify({
      version: 1, buckets: ['test', 'kept'], objects: [meta('plain.txt', 13), meta('big/parts.bin', 23)],
    }));

    for (let round = 0; round < 2; round++) {
      const server = await startWcsServer({ accessKey: 'ak', secretKey: 'sk', dataDir, buckets: ['test'] });
      const c = new TestClient(server);
      try {
        expect(await (await fetch(server.objectUrl('test', 'plain.txt'))).text()).toBe('plain content');
        expect(await (await fetch(server.objectUrl('test', 'big/parts.bin'))).text()).toBe('first part, second part');
        const st = await c.mgr('GET', `/stat/${entry('test', 'big/parts.bin')}`);
        expect([st.as(Stat).hash, st.as(Stat).fsize, st.as(Stat).putTime]).toEqual(['hash-of-big/parts.bin', '23', '1700000000000']);
        expect((await c.mgr('GET', '/bucket/list')).as(BucketList).buckets).toEqual([{ name: 'kept' }, { name: 'test' }]);
      } finally {
        await server.close();
      }
      const names = await readdir(dataDir);
      expect(names).toContain('index.json.imported');
      expect(names).not.toContain('index.json');
      expect(names).not.toContain('objects');
      expect(await blobNames(dataDir)).toHaveLength(2);
    }
  });
});
