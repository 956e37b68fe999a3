import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startWcsServer, type WcsServer } from '../../src/index.js';
import { TestClient } from '../helpers/client.js';
import { b64u, entry, manageToken } from '../helpers/sign.js';
import { BucketStat, BucketStatistics, DirPage, ErrorBody, ListPage, Stat } from '../helpers/wire.js';

let server: WcsServer;
let c: TestClient;
let clock = Date.UTC(2024, 0, 10, 12, 0, 0);

beforeAll(async () => {
  server = await startWcsServer({ accessKey: 'ak', secretKey: 'sk', buckets: ['test', 'dst', 'many'], now: () => clock });
  c = new TestClient(server);
});
afterAll(async () => {
  await server.close();
});

const token = (policy: Record<string, unknown>) => c.token({ deadline: clock + 3_600_000, ...policy });
const put = async (bucket: string, key: string, data: string) => {
  const a = await c.upload(token({ scope: `${bucket}:${key}`, overwrite: 1 }), data);
  if (a.status !== 200) throw new Error(a.text);
};

describe('auth on the manage host', () => {
  it('refuses missing, bad and foreign-signed tokens with 401', async () => {
    expect((await c.raw(server.mgrUrl, 'GET', '/bucket/list')).status).toBe(401);
    const bad = await c.raw(server.mgrUrl, 'GET', '/bucket/list', undefined, { Authorization: manageToken('ak', 'nope', '/bucket/list') });
    expect(bad.status).toBe(401);
    expect(bad.json).toEqual({ code: 401, message: expect.any(String) });
    // Token signed for another path.
    const other = await c.raw(server.mgrUrl, 'GET', '/bucket/list', undefined, { Authorization: manageToken('ak', 'sk', '/list') });
    expect(other.status).toBe(401);
    // Body is signed byte for byte.
    const body = `bucket=${b64u('test')}&key=${b64u('x')}&deadline=1`;
    const tampered = await c.raw(server.mgrUrl, 'POST', '/setdeadline', `${body}0`, { Authorization: manageToken('ak', 'sk', '/setdeadline', body) });
    expect(tampered.status).toBe(401);
  });

  it('answers unknown paths with a WCS-shaped 404 and X-Reqid', async () => {
    const a = await c.mgr('GET', '/nothing/here');
    expect(a.status).toBe(404);
    expect(a.as(ErrorBody).code).toBe(404);
    expect(a.headers.get('x-reqid')).toBeTruthy();
  });
});

describe('bucket calls', () => {
  it('lists buckets', async () => {
    const a = await c.mgr('GET', '/bucket/list');
    expect(a.json).toEqual({ code: '200', message: 'OK', buckets: [{ name: 'dst' }, { name: 'many' }, { name: 'test' }] });
  });

  it('reports per-day storage and validates dates', async () => {
    await put('dst', 'mb.bin', 'x'.repeat(1024 * 1024));
    const ok = await c.mgr('GET', `/bucket/stat?name=${b64u('dst|test')}&startdate=2024-01-01&enddate=2024-01-03&isListDetails=false`);
    expect(ok.status).toBe(200);
    // Days long before the bucket had data report 0 (storage.int.test.ts checks each day's own figure).
    expect(ok.as(BucketStat).buckets[0]).toEqual({ name: 'dst', detail: [1, 2, 3].map((d) => ({ data_time: `2024-01-0${d}`, storage: '0.000' })) });
    for (const q of ['startdate=2024-01-05&enddate=2024-01-01', 'startdate=2024-01-01&enddate=2024-09-01', 'startdate=2024-13-01&enddate=2024-13-02', 'startdate=20240101&enddate=2024-01-02']) {
      expect((await c.mgr('GET', `/bucket/stat?name=${b64u('dst')}&${q}`)).status).toBe(400);
    }
    expect((await c.mgr('GET', `/bucket/stat?name=${b64u('ghost')}&startdate=2024-01-01&enddate=2024-01-02`)).status).toBe(631);
    const st = await c.mgr('GET', `/bucket/statistics?name=${b64u('dst')}&type=uploadRequest&startdate=2024-01-10&enddate=2024-01-10`);
    expect(st.as(BucketStatistics).result[0]?.detail[0]).toEqual({ data_time: '2024-01-10', value: '1' });
  });
});

describe('GET /list', () => {
  it('pages through 2,500 keys with limit 1000 and ends with an empty marker', async () => {
    const keys = Array.from({ length: 2500 }, (_v, i) => `k/${String(i).padStart(5, '0')}`);
    for (let i = 0; i < keys.length; i += 50) await Promise.all(keys.slice(i, i + 50).map((k) => put('many', k, 'v')));
    const seen: string[] = [];
    let marker = '';
    let pages = 0;
    do {
      const a = await c.mgr('GET', `/list?bucket=many&limit=1000${marker !== '' ? `&marker=${marker}` : ''}`);
      expect(a.status).toBe(200);
      const page = a.as(ListPage);
      seen.push(...page.items.map((i) => i.key));
      marker = page.marker;
      pages += 1;
    } while (marker !== '' && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(keys);
    const item = (await c.mgr('GET', '/list?bucket=many&limit=1')).as(ListPage).items[0];
    expect(item).toEqual({ key: 'k/00000', putTime: clock, hash: 'Fno42MvSDZkyupSO-qNku2JlHVrU', fsize: 1, mimeType: 'application/octet-stream', expirationDate: '', storageClass: 'Standard' });
  }, 60_000);

  it('validates parameters', async () => {
    for (const q of ['bucket=many&limit=0', 'bucket=many&limit=1001', 'bucket=many&limit=x', 'bucket=many&mode=2', 'bucket=many&marker=%21%21', 'limit=10']) {
      expect((await c.mgr('GET', `/list?${q}`)).status).toBe(400);
    }
    expect((await c.mgr('GET', '/list?bucket=ghost')).status).toBe(631);
  });

  it('filters by prefix, and with mode treats the prefix as a directory with commonPrefixes', async () => {
    for (const k of ['dir/a.txt', 'dir/b.txt', 'dir/sub/c.txt', 'dir/sub2/d.txt', 'dir123/e.txt', 'top.txt']) await put('test', k, k);
    const flat = await c.mgr('GET', `/list?bucket=test&prefix=${b64u('dir')}`);
    expect(flat.as(ListPage).items.map((i) => i.key)).toEqual(['dir/a.txt', 'dir/b.txt', 'dir/sub/c.txt', 'dir/sub2/d.txt', 'dir123/e.txt']);
    const m0 = await c.mgr('GET', `/list?bucket=test&prefix=${b64u('dir')}&mode=0`);
    expect(m0.as(DirPage).items.map((i) => i.key)).toEqual(['dir/a.txt', 'dir/b.txt']);
    expect(m0.as(DirPage).commonPrefixes).toEqual(['dir/sub/', 'dir/sub2/']);
    // Paging across files and folders with limit 1.
    const entries: string[] = [];
    let marker = '';
    for (let i = 0; i < 10; i++) {
      const a = await c.mgr('GET', `/list?bucket=test&prefix=${b64u('dir/')}&mode=1&limit=1${marker ? `&marker=${marker}` : ''}`);
      const page = a.as(DirPage);
      entries.push(...page.commonPrefixes, ...page.items.map((x) => x.key));
      marker = page.marker;
      if (marker === '') break;
    }
    expect(entries).toEqual(['dir/sub/', 'dir/sub2/', 'dir/a.txt', 'dir/b.txt']);
  });

  it('filters by startTime/endTime', async () => {
    clock += 1000;
    await put('dst', 'later.txt', 'l');
    const a = await c.mgr('GET', `/list?bucket=dst&startTime=${clock}`);
    expect(a.as(ListPage).items.map((i) => i.key)).toEqual(['later.txt']);
    const b = await c.mgr('GET', `/list?bucket=dst&endTime=${clock - 1}`);
    expect(b.as(ListPage).items.map((i) => i.key)).toEqual(['mb.bin']);
  });
});

describe('stat, delete, move, copy, setdeadline', () => {
  it('stats in the documented quoted style and 404s a missing object', async () => {
    await put('test', 'st.txt', 'hello');
    const a = await c.mgr('GET', `/stat/${entry('test', 'st.txt')}`);
    expect(a.json).toEqual({
      result: 'true', code: '200', name: 'st.txt', message: 'OK', fsize: '5', hash: 'Fqr0xh3cxeii2r7eDztILNmuqUNN',
      mimeType: 'text/plain', putTime: String(clock), expirationDate: '', storageClass: 'Standard',
    });
    // Missing padding is accepted too.
    expect((await c.mgr('GET', `/stat/${entry('test', 'st.txt').replace(/=+$/, '')}`)).status).toBe(200);
    const missing = await c.mgr('GET', `/stat/${entry('test', 'nope')}`);
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ code: 404, message: 'file not exist' });
    expect((await c.mgr('GET', `/stat/${entry('ghost', 'a')}`)).status).toBe(631);
    expect((await c.mgr('GET', '/stat/!!!')).status).toBe(400);
  });

  it('moves, copies (overwriting) and deletes', async () => {
    await put('test', 'mv-src', 'src');
    await put('dst', 'taken', 'old');
    const cp = await c.mgr('POST', `/copy/${entry('test', 'mv-src')}/${entry('dst', 'taken')}`);
    expect(cp.json).toEqual({ message: 'OK', code: 200 });
    expect(await (await fetch(server.objectUrl('dst', 'taken'))).text()).toBe('src');
    const mv = await c.mgr('POST', `/move/${entry('test', 'mv-src')}/${entry('test', 'mv-dst')}`);
    expect(mv.json).toEqual({ message: 'OK', code: 200 });
    expect((await c.mgr('GET', `/stat/${entry('test', 'mv-src')}`)).status).toBe(404);
    expect((await c.mgr('POST', `/move/${entry('test', 'mv-dst')}/${entry('test', 'mv-dst')}`)).status).toBe(400);
    expect((await c.mgr('POST', `/move/${entry('test', 'gone')}/${entry('test', 'x')}`)).status).toBe(404);
    expect((await c.mgr('POST', `/copy/${entry('test', 'mv-dst')}/${entry('ghost', 'x')}`)).status).toBe(631);
    expect((await c.mgr('GET', `/delete/${entry('test', 'mv-dst')}`)).status).toBe(405);
    expect((await c.mgr('POST', `/delete/${entry('test', 'mv-dst')}`)).json).toEqual({ code: '200', message: 'OK' });
    expect((await c.mgr('POST', `/delete/${entry('test', 'mv-dst')}`)).status).toBe(404);
  });

  it('expires objects by deadline against the injected clock', async () => {
    await put('test', 'ttl.txt', 'bye');
    const body = `bucket=${b64u('test')}&key=${b64u('ttl.txt')}&deadline=2`;
    expect((await c.mgr('POST', '/setdeadline', body)).json).toEqual({ code: '200', message: 'OK' });
    const st = await c.mgr('GET', `/stat/${entry('test', 'ttl.txt')}`);
    const exp = new Date(clock + 2 * 86_400_000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
    expect(st.as(Stat).expirationDate).toBe(exp);
    clock += 2 * 86_400_000 + 1;
    expect((await c.mgr('GET', `/stat/${entry('test', 'ttl.txt')}`)).status).toBe(404);
    expect((await fetch(server.objectUrl('test', 'ttl.txt'))).status).toBe(404);
    const list = await c.mgr('GET', '/list?bucket=test');
    expect(list.as(ListPage).items.map((i) => i.key)).not.toContain('ttl.txt');
    // -1 clears, 0 expires now, bad values are refused.
    await put('test', 'keep.txt', 'k');
    expect((await c.mgr('POST', '/setdeadline', `bucket=${b64u('test')}&key=${b64u('keep.txt')}&deadline=-1&relevance=0`)).status).toBe(200);
    expect((await c.mgr('GET', `/stat/${entry('test', 'keep.txt')}`)).as(Stat).expirationDate).toBe('');
    expect((await c.mgr('POST', '/setdeadline', `bucket=${b64u('test')}&key=${b64u('keep.txt')}&deadline=abc`)).status).toBe(400);
    expect((await c.mgr('POST', '/setdeadline', `bucket=${b64u('test')}&key=${b64u('keep.txt')}&deadline=0`)).status).toBe(200);
    expect((await c.mgr('GET', `/stat/${entry('test', 'keep.txt')}`)).status).toBe(404);
  });

  it('expires uploads with a form deadline (days)', async () => {
    expect((await c.upload(token({ scope: 'test:d1.txt' }), 'x', { deadline: '1' })).status).toBe(200);
    expect((await c.mgr('GET', `/stat/${entry('test', 'd1.txt')}`)).status).toBe(200);
    clock += 86_400_000;
    expect((await c.mgr('GET', `/stat/${entry('test', 'd1.txt')}`)).status).toBe(404);
  });
});

describe('wslive', () => {
  it('validates and returns an empty list', async () => {
    const ok = await c.mgr('GET', '/wslive/list?channelname=ch&startTime=1&endTime=2&bucket=test&start=0&limit=10');
    expect(ok.json).toEqual({ code: 200, message: 'OK', items: [] });
    expect((await c.mgr('GET', '/wslive/list?channelname=ch&startTime=1&bucket=test')).status).toBe(400);
    expect((await c.mgr('GET', '/wslive/list?channelname=ch&startTime=1&endTime=2&bucket=ghost')).status).toBe(631);
  });
});

describe('download host', () => {
  it('serves ranges, HEAD, ETag and 416/404', async () => {
    await put('test', 'range.bin', '0123456789');
    const url = server.objectUrl('test', 'range.bin');
    const r = await fetch(url, { headers: { Range: 'bytes=2-5' } });
    expect(r.status).toBe(206);
    expect(r.headers.get('content-range')).toBe('bytes 2-5/10');
    expect(await r.text()).toBe('2345');
    expect(await (await fetch(url, { headers: { Range: 'bytes=-3' } })).text()).toBe('789');
    expect(await (await fetch(url, { headers: { Range: 'bytes=8-' } })).text()).toBe('89');
    const bad = await fetch(url, { headers: { Range: 'bytes=10-' } });
    expect(bad.status).toBe(416);
    expect(((await bad.json()) as { code: number }).code).toBe(416);
    const h = await fetch(url, { method: 'HEAD' });
    expect(h.headers.get('content-length')).toBe('10');
    expect(h.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]{28}"$/);
    expect(h.headers.get('last-modified')).toBeTruthy();
    const m = await fetch(server.objectUrl('test', 'missing'));
    expect(m.status).toBe(404);
    expect(await m.json()).toEqual({ code: 404, message: 'file not exist' });
  });
});
