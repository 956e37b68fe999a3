import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWcsServer, type WcsServer } from '../../src/index.js';
import { TestClient } from '../helpers/client.js';
import { entry, uploadToken } from '../helpers/sign.js';
import { blobNames, contentFor, etagOf, makeBlocks, mkfile, overwriteToken, simplePut } from '../helpers/storage.js';
import { ListPage, Stat } from '../helpers/wire.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function diskServer(): Promise<{ server: WcsServer; dataDir: string }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'wcs-race-'));
  dirs.push(dataDir);
  return { server: await startWcsServer({ accessKey: 'ak', secretKey: 'sk', dataDir, buckets: ['test'] }), dataDir };
}

const MiB = 1024 * 1024;

describe('racing writers on one key (data dir)', () => {
  it('100 writers × 20 rounds (simple, multipart, mixed): the object is exactly one writer\'s bytes, stat/list/download agree, no 5xx', async () => {
    const { server, dataDir } = await diskServer();
    const c = new TestClient(server);
    const token = overwriteToken('race');
    try {
      for (let round = 0; round < 20; round++) {
        const kind = round < 7 ? 'simple' : round < 14 ? 'multipart' : 'mixed';
        const writers = Array.from({ length: 100 }, (_, i) => {
          const multipart = kind === 'multipart' || (kind === 'mixed' && i % 2 === 1);
          // A few multipart writers per round send two blocks (a 4 MiB one and a tail).
          const twoBlocks = multipart && i % 25 === 1 && round % 3 === 0;
          const size = twoBlocks ? 4 * MiB + 100 + i : 1 + ((i * 7919 + round * 104729) % 20000);
          return { multipart, data: contentFor(`r${round}w${i}`, size) };
        });
        const ctxs = await Promise.all(writers.map((w) => (w.multipart ? makeBlocks(server, token, w.data) : Promise.resolve([]))));
        // Every commit is released at once: the mkfiles and simple uploads race each other.
        const statuses = await Promise.all(
          writers.map((w, i) => (w.multipart ? mkfile(server, token, w.data.length, ctxs[i] as string[]) : simplePut(server, token, w.data))),
        );
        expect(statuses.filter((s) => s !== 200)).toEqual([]);
        const byEtag = new Map(writers.map((w) => [etagOf(w.data), w.data]));
        const stat = await c.mgr('GET', `/stat/${entry('test', 'race')}`);
        expect(stat.status).toBe(200);
        const expected = byEtag.get(stat.as(Stat).hash);
        expect(expected).toBeDefined();
        expect(Number(stat.as(Stat).fsize)).toBe(expected?.length);
        const listed = (await c.mgr('GET', '/list?bucket=test')).as(ListPage).items;
        expect(listed).toHaveLength(1);
        expect([listed[0]?.hash, listed[0]?.fsize]).toEqual([stat.as(Stat).hash, expected?.length]);
        const got = Buffer.from(await (await fetch(server.objectUrl('test', 'race'))).arrayBuffer());
        expect(got.equals(expected as Buffer)).toBe(true);
      }
    } finally {
      await server.close();
    }
    // Every replaced version was removed: one blob for the one key.
    expect(await blobNames(dataDir)).toHaveLength(1);
  }, 600_000);

  it('of racing uploads without overwrite exactly one creates the object; the others answer 406', async () => {
    const { server } = await diskServer();
    try {
      for (let round = 0; round < 5; round++) {
        const key = `once-${round}`;
        const token = uploadToken('ak', 'sk', { scope: `test:${key}` });
        const datas = Array.from({ length: 20 }, (_, i) => contentFor(`once${round}-${i}`, 100 + i));
        const statuses = await Promise.all(datas.map((d) => simplePut(server, token, d)));
        expect(statuses.filter((s) => s === 200)).toHaveLength(1);
        expect(statuses.filter((s) => s !== 200 && s !== 406)).toEqual([]);
        const winner = datas[statuses.indexOf(200)] as Buffer;
        const got = Buffer.from(await (await fetch(server.objectUrl('test', key))).arrayBuffer());
        expect(got.equals(winner)).toBe(true);
      }
    } finally {
      await server.close();
    }
  }, 120_000);
});

describe('downloads racing with overwrites', () => {
  it('every whole or ranged answer is the bytes of the version its ETag names', async () => {
    const { server } = await diskServer();
    const token = overwriteToken('hot');
    const versions = new Map<string, Buffer>();
    const first = contentFor('v-first', 5000);
    versions.set(etagOf(first), first);
    expect(await simplePut(server, token, first)).toBe(200);
    let writing = true;
    const writer = (async () => {
      for (let v = 0; v < 150; v++) {
        const data = contentFor(`v${v}`, 1000 + ((v * 3571) % 60000));
        versions.set(etagOf(data), data);
        const status = v % 3 === 0 ? await mkfile(server, token, data.length, await makeBlocks(server, token, data)) : await simplePut(server, token, data);
        expect(status).toBe(200);
      }
      writing = false;
    })();
    let checked = 0;
    const reader = async (n: number): Promise<void> => {
      for (let i = 0; writing; i++) {
        const ranged = (i + n) % 2 === 1;
        const res = await fetch(server.objectUrl('test', 'hot'), ranged ? { headers: { Range: `bytes=${100 + i}-${900 + i * 7}` } } : {});
        const body = Buffer.from(await res.arrayBuffer());
        const etag = (res.headers.get('etag') ?? '').replace(/"/g, '');
        const version = versions.get(etag);
        expect(version).toBeDefined();
        if (ranged) {
          expect(res.status).toBe(206);
          const [, a, b, total] = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(res.headers.get('content-range') ?? '') ?? [];
          expect(Number(total)).toBe(version?.length);
          expect(body.equals((version as Buffer).subarray(Number(a), Number(b) + 1))).toBe(true);
        } else {
          expect(res.status).toBe(200);
          expect(etagOf(body)).toBe(etag);
        }
        checked++;
      }
    };
    try {
      await Promise.all([writer, reader(0), reader(1), reader(2), reader(3)]);
    } finally {
      await server.close();
    }
    expect(checked).toBeGreaterThan(50);
  }, 300_000);
});
