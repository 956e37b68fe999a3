import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { WcsConfigError, WcsInvalidArgumentError, WcsServiceError, urlSafeBase64Encode, type WcsContext } from '@wcs/core';
import { startWcsServer, type WcsServer } from '@wcs/server';
import {
  bucketStat,
  bucketStatistics,
  copyObject,
  deleteObject,
  listAll,
  listBuckets,
  listObjects,
  listPages,
  moveObject,
  maxDeadlineDays,
  setDeadline,
  statObject,
  wsLiveList,
} from '../../src/index.js';
import { ACCESS_KEY, SECRET_KEY, contextFor, putMany, putObject } from '@wcs/test-support';

// The preset's per-project testTimeout is not applied by jest (it is a global option), and
// uploads of thousands of objects take longer under a parallel turbo run.
jest.setTimeout(120_000);

let server: WcsServer;
let ctx: WcsContext;

beforeAll(async () => {
  server = await startWcsServer({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, buckets: ['test', 'other', 'big'], jobDelayMs: 10 });
  ctx = contextFor(server);
});

afterAll(async () => {
  ctx?.http.close();
  await server?.close();
});

beforeEach(() => {
  server.setFaults({ rules: [] });
  server.clearRequestLog();
});

async function expectServiceError(promise: Promise<unknown>, statusCode: number): Promise<WcsServiceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WcsServiceError);
  const serviceError = error as WcsServiceError;
  expect(serviceError.code).toBe('ERR_WCS_SERVICE');
  expect(serviceError.statusCode).toBe(statusCode);
  expect(serviceError.requestId).toMatch(/^[0-9a-f]+$/);
  return serviceError;
}

const endpoints = () => server.requestLog().map((e) => e.endpoint);

describe('listBuckets', () => {
  it('returns the bucket names', async () => {
    const result = await listBuckets(ctx);
    expect(result.buckets).toEqual(expect.arrayContaining(['test', 'other', 'big']));
    expect(result.requestId).toBeDefined();
    expect(server.requestLog()).toEqual([expect.objectContaining({ method: 'GET', path: '/bucket/list', status: 200 })]);
  });

  it('fails with 401 and is not retried when the secret key is wrong', async () => {
    const bad = contextFor(server, { secretKey: 'not-the-secret' });
    const error = await expectServiceError(listBuckets(bad), 401);
    expect(error.message).not.toContain('not-the-secret');
    expect(endpoints()).toEqual(['bucketList']);
    bad.http.close();
  });

  it('fails with a config error and sends nothing when keys are missing', async () => {
    const noKeys = contextFor(server, { accessKey: '', secretKey: '' });
    await expect(listBuckets(noKeys)).rejects.toBeInstanceOf(WcsConfigError);
    expect(server.requestLog()).toEqual([]);
    noKeys.http.close();
  });
});

describe('statObject', () => {
  it('returns typed metadata', async () => {
    const hash = await putObject(server, 'test', 'stat/hello.txt', 'hello');
    server.clearRequestLog();
    const info = await statObject(ctx, { bucket: 'test', key: 'stat/hello.txt' });
    expect(info).toEqual(
      expect.objectContaining({ bucket: 'test', key: 'stat/hello.txt', hash, fsize: 5, mimeType: 'text/plain', storageClass: 'Standard' }),
    );
    expect(hash).toBe('Fqr0xh3cxeii2r7eDztILNmuqUNN');
    expect(typeof info.putTime).toBe('number');
    expect(info.expirationDate).toBeUndefined();
    expect(server.requestLog()[0]?.path).toBe(`/stat/${urlSafeBase64Encode('test:stat/hello.txt')}`);
  });

  it('reports a missing object as 404 with the request id', async () => {
    const error = await expectServiceError(statObject(ctx, { bucket: 'test', key: 'no/such/key' }), 404);
    expect(error.fault).toBe('client');
    expect(endpoints()).toEqual(['stat']);
  });

  it('reports a missing bucket as 631', async () => {
    await expectServiceError(statObject(ctx, { bucket: 'nosuchbucket', key: 'k' }), 631);
  });

  it('retries a read after a 503', async () => {
    await putObject(server, 'test', 'stat/retry.txt', 'x');
    server.clearRequestLog();
    server.setFaults({ rules: [{ endpoint: 'stat', status: 503, times: 1 }] });
    const info = await statObject(ctx, { bucket: 'test', key: 'stat/retry.txt' });
    expect(info.fsize).toBe(1);
    expect(server.requestLog().map((e) => e.status)).toEqual([503, 200]);
  });
});

describe('bad arguments are rejected before any request', () => {
  const cases: Array<[string, () => Promise<unknown>]> = [
    ['empty bucket (stat)', () => statObject(ctx, { bucket: '', key: 'k' })],
    ['empty key', () => statObject(ctx, { bucket: 'test', key: '' })],
    ['key starting with /', () => statObject(ctx, { bucket: 'test', key: '/a' })],
    ['key ending with /', () => deleteObject(ctx, { bucket: 'test', key: 'a/' })],
    ['key with /../', () => deleteObject(ctx, { bucket: 'test', key: 'a/../b' })],
    ['key with /./', () => statObject(ctx, { bucket: 'test', key: 'a/./b' })],
    ['key over 1000 bytes', () => statObject(ctx, { bucket: 'test', key: 'é'.repeat(501) })],
    ['limit 0', () => listObjects(ctx, { bucket: 'test', limit: 0 })],
    ['limit 1001', () => listObjects(ctx, { bucket: 'test', limit: 1001 })],
    ['limit 1.5', () => listObjects(ctx, { bucket: 'test', limit: 1.5 })],
    ['mode 2', () => listObjects(ctx, { bucket: 'test', mode: 2 as 0 })],
    ['empty bucket (list)', () => listObjects(ctx, { bucket: '' })],
    ['empty bucket (listAll)', async () => { for await (const _ of listAll(ctx, { bucket: '' })) void _; }],
    ['bad date format', () => bucketStat(ctx, { buckets: ['test'], startDate: '2024/01/01', endDate: '2024-01-02' })],
    ['impossible date', () => bucketStat(ctx, { buckets: ['test'], startDate: '2024-02-30', endDate: '2024-03-02' })],
    ['end before start', () => bucketStat(ctx, { buckets: ['test'], startDate: '2024-03-02', endDate: '2024-03-01' })],
    ['no bucket for bucketStat', () => bucketStat(ctx, { buckets: [], startDate: '2024-03-01', endDate: '2024-03-02' })],
    ['bad statistics date', () => bucketStatistics(ctx, { bucket: 'test', type: 'uploadRequest', startDate: '20240301', endDate: '2024-03-02' })],
    ['non-integer days', () => setDeadline(ctx, { bucket: 'test', key: 'k', days: 1.5 })],
    ['days below -1', () => setDeadline(ctx, { bucket: 'test', key: 'k', days: -2 })],
    ['days past 9999-12-31', () => setDeadline(ctx, { bucket: 'test', key: 'k', days: 99_999_999 })],
    ['relevance 2', () => setDeadline(ctx, { bucket: 'test', key: 'k', days: 1, relevance: 2 as 0 })],
    ['move to a bad key', () => moveObject(ctx, { from: { bucket: 'test', key: 'a' }, to: { bucket: 'test', key: '/b' } })],
    ['copy from an empty bucket', () => copyObject(ctx, { from: { bucket: '', key: 'a' }, to: { bucket: 'test' } })],
    ['no params object (stat)', () => statObject(ctx, undefined as never)],
    ['no params object (list)', () => listObjects(ctx, undefined as never)],
    ['move without to', () => moveObject(ctx, { from: { bucket: 'test', key: 'a' } } as never)],
    ['listBuckets given a name', () => listBuckets(ctx, 'test' as never)],
    ['isListDetails not a boolean', () => bucketStat(ctx, { buckets: 'test', startDate: '2024-03-01', endDate: '2024-03-02', isListDetails: 'yes' as never })],
    ['wslive without channel', () => wsLiveList(ctx, { channelName: '', startTime: '1', endTime: '2', bucket: 'test' })],
  ];
  it.each(cases)('%s', async (_name, call) => {
    await expect(call()).rejects.toBeInstanceOf(WcsInvalidArgumentError);
    expect(server.requestLog()).toEqual([]);
  });
});

describe('listObjects / listPages / listAll', () => {
  const pKeys = Array.from({ length: 2500 }, (_, i) => `p/${String(i).padStart(5, '0')}`);
  const otherKeys = Array.from({ length: 100 }, (_, i) => `q/${String(i).padStart(3, '0')}`);

  beforeAll(async () => {
    await putMany(server, 'big', [...pKeys, ...otherKeys]);
  });

  it('follows markers over 2,500 objects under a prefix in 3 pages of at most 1000', async () => {
    const keys: string[] = [];
    for await (const object of listAll(ctx, { bucket: 'big', prefix: 'p/', limit: 1000 })) {
      expect(object.fsize).toBe(Buffer.byteLength(`content of ${object.key}`));
      keys.push(object.key);
    }
    expect(keys).toEqual(pKeys);
    const lists = server.requestLog().filter((e) => e.endpoint === 'list');
    expect(lists).toHaveLength(3);
    expect(lists[0]?.path).toBe(`/list?bucket=big&limit=1000&prefix=${urlSafeBase64Encode('p/')}`);
    expect(lists[1]?.path).toMatch(/^\/list\?bucket=big&marker=[^&]+&limit=1000&prefix=/);
  });

  it('yields pages with markers; the last page has none', async () => {
    const sizes: number[] = [];
    const markers: Array<string | undefined> = [];
    for await (const page of listPages(ctx, { bucket: 'big', limit: 1000 })) {
      sizes.push(page.items.length);
      markers.push(page.marker);
    }
    expect(sizes).toEqual([1000, 1000, 600]);
    expect(markers[2]).toBeUndefined();
    expect(markers[0]).toEqual(expect.any(String));
  });

  it('sends only the parameters that are set', async () => {
    const page = await listObjects(ctx, { bucket: 'big', limit: 5, prefix: 'q/', startTime: 0, endTime: Number.MAX_SAFE_INTEGER });
    expect(page.items.map((i) => i.key)).toEqual(otherKeys.slice(0, 5));
    expect(page.commonPrefixes).toEqual([]);
    await listObjects(ctx, { bucket: 'big' });
    expect(server.requestLog().map((e) => e.path)).toEqual([
      `/list?bucket=big&limit=5&prefix=${urlSafeBase64Encode('q/')}&startTime=0&endTime=${Number.MAX_SAFE_INTEGER}`,
      // The default config's list_limit is 1000, sent as py3 sends it.
      '/list?bucket=big&limit=1000',
    ]);
  });

  it('lists directories with mode (files first for 0, folders first for 1)', async () => {
    for (const key of ['d/a.txt', 'd/b.txt', 'd/sub1/x', 'd/sub2/y', 'd/sub2/z', 'dz/no']) await putObject(server, 'test', key, key);
    const files = await listObjects(ctx, { bucket: 'test', prefix: 'd', mode: 0 });
    expect(files.items.map((i) => i.key)).toEqual(['d/a.txt', 'd/b.txt']);
    expect(files.commonPrefixes).toEqual(['d/sub1/', 'd/sub2/']);
    const first = await listObjects(ctx, { bucket: 'test', prefix: 'd/', mode: 1, limit: 2 });
    expect(first.commonPrefixes).toEqual(['d/sub1/', 'd/sub2/']);
    expect(first.items).toEqual([]);
    const second = await listObjects(ctx, { bucket: 'test', prefix: 'd/', mode: 1, limit: 2, marker: first.marker });
    expect(second.items.map((i) => i.key)).toEqual(['d/a.txt', 'd/b.txt']);
    expect(second.marker).toBeUndefined();
  });

  it('reports a missing bucket as 631', async () => {
    await expectServiceError(listObjects(ctx, { bucket: 'nosuchbucket' }), 631);
  });

  it("takes unset limit/prefix/mode/marker from the config with py3's rules; params win, '' sends none", async () => {
    const configured = contextFor(server, { listLimit: 400, listPrefix: 'p/', listMode: 0, listMarker: 'm0' });
    const flat = contextFor(server, { listLimit: 0, listPrefix: 'q/', listMode: 3 });
    try {
      await listObjects(configured, { bucket: 'big' }).catch(() => undefined);
      await listObjects(configured, { bucket: 'big', limit: 2, prefix: '', marker: '', mode: 1 });
      await listObjects(flat, { bucket: 'big' });
      const paths = server.requestLog().map((e) => e.path);
      expect(paths).toEqual([
        `/list?bucket=big&marker=m0&limit=400&prefix=${urlSafeBase64Encode('p/')}&mode=0`,
        '/list?bucket=big&limit=2&mode=1',
        `/list?bucket=big&prefix=${urlSafeBase64Encode('q/')}`,
      ]);
    } finally {
      configured.http.close();
      flat.http.close();
    }
  });

  it('listAll and listPages start from the config prefix and marker, and follow the service markers after it', async () => {
    const configured = contextFor(server, { listPrefix: 'q/', listMarker: '', listLimit: 40 });
    try {
      const keys: string[] = [];
      for await (const o of listAll(configured, { bucket: 'big' })) keys.push(o.key);
      expect(keys).toEqual(otherKeys);
      const paths = server.requestLog().map((e) => e.path);
      expect(paths).toHaveLength(3);
      expect(paths[0]).toBe(`/list?bucket=big&limit=40&prefix=${urlSafeBase64Encode('q/')}`);
      expect(paths[1]).toMatch(/^\/list\?bucket=big&marker=[^&]+&limit=40&prefix=/);
    } finally {
      configured.http.close();
    }
  });
});

describe('deleteObject', () => {
  it('deletes, after which stat answers 404', async () => {
    await putObject(server, 'test', 'del/a', 'a');
    const result = await deleteObject(ctx, { bucket: 'test', key: 'del/a' });
    expect(result.alreadyDeleted).toBe(false);
    await expectServiceError(statObject(ctx, { bucket: 'test', key: 'del/a' }), 404);
  });

  it('reports a missing object as 404 when the first attempt finds nothing', async () => {
    await expectServiceError(deleteObject(ctx, { bucket: 'test', key: 'del/missing' }), 404);
    expect(endpoints()).toEqual(['delete']);
  });

  it('retries after a 503 and succeeds', async () => {
    await putObject(server, 'test', 'del/b', 'b');
    server.clearRequestLog();
    server.setFaults({ rules: [{ endpoint: 'delete', status: 503, times: 1 }] });
    expect((await deleteObject(ctx, { bucket: 'test', key: 'del/b' })).alreadyDeleted).toBe(false);
    expect(server.requestLog().map((e) => e.status)).toEqual([503, 200]);
  });

  it('treats 404 on a retry as already deleted', async () => {
    server.setFaults({ rules: [{ endpoint: 'delete', status: 503, times: 1 }] });
    expect((await deleteObject(ctx, { bucket: 'test', key: 'del/never-there' })).alreadyDeleted).toBe(true);
    expect(server.requestLog().map((e) => e.status)).toEqual([503, 404]);
  });
});

describe('moveObject / copyObject', () => {
  it('moves within a bucket and keeps the hash', async () => {
    const hash = await putObject(server, 'test', 'mv/src', 'move me');
    const result = await moveObject(ctx, { from: { bucket: 'test', key: 'mv/src' }, to: { bucket: 'test', key: 'mv/dst' } });
    expect(result.destination).toEqual({ bucket: 'test', key: 'mv/dst' });
    expect((await statObject(ctx, { bucket: 'test', key: 'mv/dst' })).hash).toBe(hash);
    await expectServiceError(statObject(ctx, { bucket: 'test', key: 'mv/src' }), 404);
  });

  it('moves to another bucket under the source key when no key is given', async () => {
    const hash = await putObject(server, 'test', 'mv/cross', 'cross');
    const result = await moveObject(ctx, { from: { bucket: 'test', key: 'mv/cross' }, to: { bucket: 'other' } });
    expect(result.destination).toEqual({ bucket: 'other', key: 'mv/cross' });
    expect((await statObject(ctx, { bucket: 'other', key: 'mv/cross' })).hash).toBe(hash);
    expect(server.requestLog().find((e) => e.endpoint === 'move')?.path).toBe(
      `/move/${urlSafeBase64Encode('test:mv/cross')}/${urlSafeBase64Encode('other:mv/cross')}`,
    );
  });

  it('does not retry a move after a 503', async () => {
    await putObject(server, 'test', 'mv/once', 'once');
    server.clearRequestLog();
    server.setFaults({ rules: [{ endpoint: 'move', status: 503, times: 1 }] });
    await expectServiceError(moveObject(ctx, { from: { bucket: 'test', key: 'mv/once' }, to: { bucket: 'test', key: 'mv/twice' } }), 503);
    expect(endpoints()).toEqual(['move']);
  });

  it('reports a missing source as 404', async () => {
    await expectServiceError(moveObject(ctx, { from: { bucket: 'test', key: 'mv/none' }, to: { bucket: 'test', key: 'mv/x' } }), 404);
    await expectServiceError(copyObject(ctx, { from: { bucket: 'test', key: 'mv/none' }, to: { bucket: 'test', key: 'mv/x' } }), 404);
  });

  it('copies (keeping the hash and the source), retrying after a 503', async () => {
    const hash = await putObject(server, 'test', 'cp/src', 'copy me');
    server.clearRequestLog();
    server.setFaults({ rules: [{ endpoint: 'copy', status: 503, times: 1 }] });
    await copyObject(ctx, { from: { bucket: 'test', key: 'cp/src' }, to: { bucket: 'other', key: 'cp/dst' } });
    expect(server.requestLog().map((e) => e.status)).toEqual([503, 200]);
    expect((await statObject(ctx, { bucket: 'other', key: 'cp/dst' })).hash).toBe(hash);
    expect((await statObject(ctx, { bucket: 'test', key: 'cp/src' })).hash).toBe(hash);
  });
});

describe('setDeadline', () => {
  it('sets, clears and expires a retention', async () => {
    await putObject(server, 'test', 'dl/a', 'a');
    await setDeadline(ctx, { bucket: 'test', key: 'dl/a', days: 3 });
    expect((await statObject(ctx, { bucket: 'test', key: 'dl/a' })).expirationDate).toMatch(/^\d{14}$/);
    await setDeadline(ctx, { bucket: 'test', key: 'dl/a', days: -1, relevance: 0 });
    expect((await statObject(ctx, { bucket: 'test', key: 'dl/a' })).expirationDate).toBeUndefined();
    await setDeadline(ctx, { bucket: 'test', key: 'dl/a', days: 0 });
    await expectServiceError(statObject(ctx, { bucket: 'test', key: 'dl/a' }), 404);
  });

  it('accepts days up to an expiry of 9999-12-31 and refuses one more before any request (issue 10 item 6)', async () => {
    await putObject(server, 'test', 'dl/far', 'far');
    server.clearRequestLog();
    const max = maxDeadlineDays();
    const error = await setDeadline(ctx, { bucket: 'test', key: 'dl/far', days: max + 1 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WcsInvalidArgumentError);
    expect((error as Error).message).toBe(
      `days must be a whole number from -1 to ${max}, got ${max + 1}: more days would put the expiry past 9999-12-31 (0 = delete as soon as possible, -1 = keep forever).`,
    );
    expect(server.requestLog()).toEqual([]);
    await setDeadline(ctx, { bucket: 'test', key: 'dl/far', days: max });
    expect((await statObject(ctx, { bucket: 'test', key: 'dl/far' })).expirationDate).toMatch(/^9999123\d{7}$/);
  });

  it('reports a missing object as 404', async () => {
    await expectServiceError(setDeadline(ctx, { bucket: 'test', key: 'dl/none', days: 1 }), 404);
  });
});

describe('bucketStat / bucketStatistics', () => {
  it('reports daily usage in MB for each bucket', async () => {
    await putObject(server, 'other', 'stat/mb', Buffer.alloc(1024 * 1024, 1));
    server.clearRequestLog();
    // Each day reports its own figure: nothing two days ago, at least the 1 MiB put now today.
    const day = (ago: number): string => new Date(Date.now() - ago * 86_400_000).toISOString().slice(0, 10);
    const [first, , last] = [day(2), day(1), day(0)];
    const result = await bucketStat(ctx, { buckets: ['other', 'test'], startDate: first, endDate: last });
    expect(result.buckets.map((b) => b.name)).toEqual(['other', 'test']);
    expect(result.buckets[0]?.detail).toHaveLength(3);
    expect(result.buckets[0]?.detail[0]?.storageMb).toBe(0);
    expect(result.buckets[0]?.detail[2]?.storageMb).toBeGreaterThanOrEqual(1);
    expect(server.requestLog()[0]?.path).toBe(
      `/bucket/stat?name=${urlSafeBase64Encode('other|test')}&startdate=${first}&enddate=${last}&isListDetails=false`,
    );
  });

  it("accepts one name or py3's \"b1|b2\" text for buckets", async () => {
    await bucketStat(ctx, { buckets: 'other|test', startDate: '2024-03-01', endDate: '2024-03-01' });
    await bucketStat(ctx, { buckets: 'test', startDate: '2024-03-01', endDate: '2024-03-01' });
    expect(server.requestLog().map((e) => e.path)).toEqual([
      `/bucket/stat?name=${urlSafeBase64Encode('other|test')}&startdate=2024-03-01&enddate=2024-03-01&isListDetails=false`,
      `/bucket/stat?name=${urlSafeBase64Encode('test')}&startdate=2024-03-01&enddate=2024-03-01&isListDetails=false`,
    ]);
  });

  it('sends storageType and isListDetails when given', async () => {
    const result = await bucketStat(ctx, { buckets: ['test'], startDate: '2024-03-01', endDate: '2024-03-01', isListDetails: true, storageType: 'Archive' });
    expect(result.buckets[0]?.detail[0]?.storageMb).toBe(0);
    expect(server.requestLog()[0]?.path).toMatch(/&isListDetails=true&storageType=Archive$/);
  });

  it('reports a missing bucket as 631', async () => {
    await expectServiceError(bucketStat(ctx, { buckets: ['nosuchbucket'], startDate: '2024-03-01', endDate: '2024-03-01' }), 631);
  });

  it('returns request statistics', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const result = await bucketStatistics(ctx, { bucket: 'test', type: 'uploadRequest', startDate: today, endDate: today });
    expect(result.entries[0]).toEqual(expect.objectContaining({ name: 'test', type: 'uploadRequest' }));
    expect(result.entries[0]?.detail[0]?.value).toBeGreaterThan(0);
  });

  it('passes a service 400 on (unknown statistic type)', async () => {
    await expectServiceError(bucketStatistics(ctx, { bucket: 'test', type: 'nonsense', startDate: '2024-03-01', endDate: '2024-03-01' }), 400);
  });
});

describe('wsLiveList', () => {
  it('sends the parameters raw in py3 order', async () => {
    const result = await wsLiveList(ctx, { channelName: 'ch 1', startTime: '20240301000000', endTime: '20240302000000', bucket: 'test', start: 1, limit: 10 });
    expect(result.items).toEqual([]);
    expect(server.requestLog()[0]?.path).toBe('/wslive/list?channelname=ch%201&startTime=20240301000000&endTime=20240302000000&bucket=test&start=1&limit=10');
  });

  it('reports a missing bucket as 631', async () => {
    await expectServiceError(wsLiveList(ctx, { channelName: 'c', startTime: '1', endTime: '2', bucket: 'nosuchbucket' }), 631);
  });
});
