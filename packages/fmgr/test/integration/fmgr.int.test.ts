import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import {
  WcsAbortError,
  WcsError,
  WcsInvalidArgumentError,
  WcsJobFailedError,
  WcsServiceError,
  WcsTimeoutError,
  createWcsContext,
  entry,
  parseConfig,
  urlSafeBase64Encode,
  type WcsContext,
} from '@wcs/core';
import { startWcsServer, type WcsServer } from '@wcs/server';
import {
  fmgrCompress,
  fmgrCopy,
  fmgrDelete,
  fmgrDeleteM3u8,
  fmgrDeletePrefix,
  fmgrFetch,
  fmgrMove,
  fmgrSetDeadline,
  fmgrStatus,
  fopsStatus,
  submitFops,
  waitForJob,
  type FmgrJobStatus,
  type FopsJobStatus,
} from '../../src/index.js';
import { ACCESS_KEY, SECRET_KEY, contextFor, putObject, startLoopback, type LoopbackServer } from '@wcs/test-support';

// The preset's per-project testTimeout is not applied by jest (it is a global option), and
// uploads of thousands of objects take longer under a parallel turbo run.
jest.setTimeout(120_000);

let server: WcsServer;
let ctx: WcsContext;
let source: LoopbackServer;
const payload = randomBytes(300_000);

beforeAll(async () => {
  server = await startWcsServer({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, buckets: ['test', 'other'], jobDelayMs: 10 });
  ctx = contextFor(server);
  source = await startLoopback({ '/files/payload.bin': { status: 200, body: payload }, '/notify': { status: 200, body: 'ok' } });
});

afterAll(async () => {
  ctx?.http.close();
  await server?.close();
  await source?.close();
});

beforeEach(() => {
  server.setFaults({ rules: [] });
  server.clearRequestLog();
});

const wait = (id: string): Promise<FmgrJobStatus> => waitForJob(ctx, { persistentId: id, kind: 'fmgr', intervalMs: 10, timeoutMs: 20_000 });

async function statOf(bucket: string, key: string): Promise<{ status: number; hash?: string; expirationDate?: string; mimeType?: string; fsize?: number }> {
  // Stat through the server's own API (not @wcs/manage) so this package's tests need only core/auth.
  const { createManageToken } = await import('@wcs/auth');
  const path = `/stat/${entry(bucket, key)}`;
  const res = await fetch(`${server.mgrUrl}${path}`, { headers: { authorization: createManageToken({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY }, { path }) } });
  const body = (await res.json()) as { hash?: string; expirationDate?: string; mimeType?: string; fsize?: string };
  const { fsize, ...rest } = body;
  return { status: res.status, ...rest, ...(fsize !== undefined ? { fsize: Number(fsize) } : {}) };
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  );
}

describe('fmgrFetch', () => {
  it('stores the bytes of the URL (etag equal to an upload of the same bytes)', async () => {
    const expected = await putObject(server, 'other', 'reference.bin', payload);
    const { persistentId } = await fmgrFetch(ctx, { items: { url: `${source.url}/files/payload.bin`, bucket: 'test', key: 'fetched/payload.bin' } });
    const status = await wait(persistentId);
    expect(status.items).toEqual([expect.objectContaining({ code: 3, hash: expected, fsize: payload.length, key: 'fetched/payload.bin' })]);
    expect((await statOf('test', 'fetched/payload.bin')).hash).toBe(expected);
  });

  it('names the object after the URL path under a prefix when no key is given', async () => {
    const { persistentId } = await fmgrFetch(ctx, { items: [{ url: `${source.url}/files/payload.bin`, bucket: 'test', prefix: 'pre' }] });
    await wait(persistentId);
    expect((await statOf('test', 'pre/files/payload.bin')).fsize).toBe(payload.length);
  });

  it('surfaces a 404 source as WcsJobFailedError with the item error', async () => {
    const { persistentId } = await fmgrFetch(ctx, { items: { url: `${source.url}/missing`, bucket: 'test', key: 'fetched/missing' } });
    const error = await failureOf(wait(persistentId));
    expect(error).toBeInstanceOf(WcsJobFailedError);
    const jobError = error as WcsJobFailedError;
    expect(jobError.code).toBe('ERR_WCS_JOB_FAILED');
    expect(jobError.persistentId).toBe(persistentId);
    expect(jobError.message).toContain('404');
    expect(jobError.message).not.toContain(urlSafeBase64Encode(`${source.url}/missing`));
    expect((jobError.status as FmgrJobStatus).items[0]?.code).toBe(2);
    expect((await statOf('test', 'fetched/missing')).status).toBe(404);
  });

  it('is never retried: a 503 on submission fails after one request', async () => {
    server.setFaults({ rules: [{ endpoint: 'fmgr', status: 503, times: 1 }] });
    const error = await failureOf(fmgrFetch(ctx, { items: { url: `${source.url}/files/payload.bin`, bucket: 'test', key: 'fetched/once' } }));
    expect(error).toBeInstanceOf(WcsServiceError);
    expect((error as WcsServiceError).statusCode).toBe(503);
    expect(server.requestLog().map((e) => e.endpoint)).toEqual(['fmgr']);
  });

  it('sends notifyURL b64u-encoded; the server notifies it', async () => {
    const { persistentId } = await fmgrFetch(ctx, { items: { url: `${source.url}/files/payload.bin`, bucket: 'test', key: 'fetched/notified' }, notifyUrl: `${source.url}/notify`, force: 1 });
    await wait(persistentId);
    for (let i = 0; i < 200 && !source.requests.some((r) => r.path === '/notify'); i++) await new Promise((r) => setTimeout(r, 10));
    const note = source.requests.find((r) => r.path === '/notify');
    expect(note?.method).toBe('POST');
    expect(Buffer.from(note?.body ?? '', 'base64').toString('utf8')).toContain(persistentId);
  });
});

describe('fmgrCopy / fmgrMove', () => {
  it('copies and moves several objects in one job, keeping hashes', async () => {
    const h1 = await putObject(server, 'test', 'cm/one', 'one');
    const h2 = await putObject(server, 'test', 'cm/two', 'two');
    const copy = await fmgrCopy(ctx, {
      items: [
        { resource: { bucket: 'test', key: 'cm/one' }, bucket: 'other' },
        { resource: { bucket: 'test', key: 'cm/two' }, bucket: 'test', key: 'cm/two-copy' },
      ],
    });
    const copied = await wait(copy.persistentId);
    expect(copied.items.map((i) => i.code)).toEqual([3, 3]);
    expect((await statOf('other', 'cm/one')).hash).toBe(h1);
    expect((await statOf('test', 'cm/two-copy')).hash).toBe(h2);
    expect((await statOf('test', 'cm/one')).hash).toBe(h1);

    const move = await fmgrMove(ctx, { items: { resource: { bucket: 'test', key: 'cm/two' }, bucket: 'test', key: 'moved', prefix: 'cm' } });
    await wait(move.persistentId);
    expect((await statOf('test', 'cm/moved')).hash).toBe(h2);
    expect((await statOf('test', 'cm/two')).status).toBe(404);
  });

  it('accepts raw fops text (Python SDK parity)', async () => {
    const h = await putObject(server, 'test', 'raw/src', 'raw');
    const fops = `resource/${entry('test', 'raw/src')}/bucket/${urlSafeBase64Encode('test')}/key/${urlSafeBase64Encode('raw/dst')}`;
    await wait((await fmgrMove(ctx, { fops })).persistentId);
    expect((await statOf('test', 'raw/dst')).hash).toBe(h);
  });

  it('fails the job when the source is missing', async () => {
    const { persistentId } = await fmgrCopy(ctx, { items: { resource: { bucket: 'test', key: 'cm/none' }, bucket: 'other' } });
    await expect(wait(persistentId)).rejects.toBeInstanceOf(WcsJobFailedError);
  });
});

describe('fmgrDelete / fmgrDeletePrefix / fmgrDeleteM3u8', () => {
  it('deletes objects; a missing one still succeeds', async () => {
    await putObject(server, 'test', 'fd/a', 'a');
    const status = await wait((await fmgrDelete(ctx, { items: [{ bucket: 'test', key: 'fd/a' }, { bucket: 'test', key: 'fd/never' }] })).persistentId);
    expect(status.items.map((i) => i.code)).toEqual([3, 3]);
    expect((await statOf('test', 'fd/a')).status).toBe(404);
  });

  it('removes exactly the directory named by the prefix', async () => {
    const doomed = ['dp/a', 'dp/sub/b', 'dp/sub/deeper/c'];
    const kept = ['dpx', 'dpx/a', 'dp', 'other/dp/a'];
    for (const key of [...doomed, ...kept]) await putObject(server, 'test', key, key);
    await putObject(server, 'other', 'dp/a', 'other bucket');
    const status = await wait((await fmgrDeletePrefix(ctx, { items: { bucket: 'test', prefix: 'dp', output: { bucket: 'test', key: 'reports/dp.txt' } } })).persistentId);
    expect(status.items[0]?.code).toBe(3);
    for (const key of doomed) expect((await statOf('test', key)).status).toBe(404);
    for (const key of kept) expect((await statOf('test', key)).status).toBe(200);
    expect((await statOf('other', 'dp/a')).status).toBe(200);
    expect((await statOf('test', 'reports/dp.txt')).status).toBe(200);
  });

  it('deletes an m3u8 with its relative .ts, or keeps them with deleteTs 0', async () => {
    const playlist = '#EXTM3U\n#EXTINF:10,\nseg0.ts\n#EXTINF:10,\nsub/seg1.ts\n#EXT-X-ENDLIST\n';
    for (const key of ['hls/a.m3u8', 'hls/b.m3u8']) await putObject(server, 'test', key, playlist);
    for (const key of ['hls/seg0.ts', 'hls/sub/seg1.ts', 'hls/other.ts']) await putObject(server, 'test', key, key);
    await wait((await fmgrDeleteM3u8(ctx, { items: { bucket: 'test', key: 'hls/b.m3u8', deleteTs: 0 } })).persistentId);
    expect((await statOf('test', 'hls/b.m3u8')).status).toBe(404);
    expect((await statOf('test', 'hls/seg0.ts')).status).toBe(200);
    await wait((await fmgrDeleteM3u8(ctx, { items: { bucket: 'test', key: 'hls/a.m3u8' } })).persistentId);
    for (const key of ['hls/a.m3u8', 'hls/seg0.ts', 'hls/sub/seg1.ts']) expect((await statOf('test', key)).status).toBe(404);
    expect((await statOf('test', 'hls/other.ts')).status).toBe(200);
  });
});

describe('fmgrSetDeadline / fmgrCompress', () => {
  it('sets the retention of a directory only', async () => {
    await putObject(server, 'test', 'sd/a', 'a');
    await putObject(server, 'test', 'sdx', 'x');
    await wait((await fmgrSetDeadline(ctx, { items: { bucket: 'test', prefix: 'sd', deadline: 2 } })).persistentId);
    expect((await statOf('test', 'sd/a')).expirationDate).toMatch(/^\d{14}$/);
    expect((await statOf('test', 'sdx')).expirationDate).toBe('');
  });

  it('compresses objects into a ZIP object', async () => {
    await putObject(server, 'test', 'zip/a.txt', 'alpha');
    await putObject(server, 'test', 'zip/d/b.txt', 'beta');
    const status = await wait(
      (await fmgrCompress(ctx, { items: { bucket: 'test', keys: ['zip/a.txt', 'zip/d/'], saveAs: { bucket: 'other', key: 'archives/z.zip' } }, force: 1 })).persistentId,
    );
    expect(status.items[0]?.key).toBe('archives/z.zip');
    const stat = await statOf('other', 'archives/z.zip');
    expect(stat.mimeType).toBe('application/zip');
    const zip = Buffer.from(await (await fetch(server.objectUrl('other', 'archives/z.zip'))).arrayBuffer());
    expect(zip.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    expect(zip.includes(Buffer.from('zip/d/b.txt'))).toBe(true);
  });
});

describe('fops (persistent processing)', () => {
  it('submits b64u fields; the local server cannot process, so the job fails', async () => {
    await putObject(server, 'test', 'video/a.mp4', 'not really a video');
    const fops = `vframe/jpg/offset/1|saveas/${entry('test', 'video/a.jpg')}`;
    const { persistentId } = await submitFops(ctx, { bucket: 'test', key: 'video/a.mp4', fops, separate: 1 });
    const seen: number[] = [];
    const error = await failureOf(waitForJob(ctx, { persistentId, kind: 'fops', intervalMs: 5, onStatus: (s) => seen.push(s.code) }));
    expect(error).toBeInstanceOf(WcsJobFailedError);
    expect((error as Error).message).toContain('not supported');
    const status = await fopsStatus(ctx, { persistentId });
    expect(status).toEqual(expect.objectContaining({ persistentId, code: 3, separate: 1, inputKey: 'video/a.mp4', inputBucket: 'test' }));
    expect(status.items[0]).toEqual(expect.objectContaining({ cmd: fops, code: 2 }));
    expect(seen.at(-1)).toBe(3);
    expect((error as WcsJobFailedError).status as FopsJobStatus).toEqual(expect.objectContaining({ code: 3 }));
  });

  it('reports a missing input object as 404, after one request', async () => {
    const error = await failureOf(submitFops(ctx, { bucket: 'test', key: 'video/none.mp4', fops: 'avinfo' }));
    expect((error as WcsServiceError).statusCode).toBe(404);
    expect(server.requestLog().map((e) => e.endpoint)).toEqual(['fops']);
  });
});

describe('status reads and waiting', () => {
  it('reports an unknown id as 404 with the request id', async () => {
    const error = (await failureOf(fmgrStatus(ctx, { persistentId: 'nope' }))) as WcsServiceError;
    expect(error).toBeInstanceOf(WcsServiceError);
    expect(error.statusCode).toBe(404);
    expect(error.requestId).toBeDefined();
    await expect(fopsStatus(ctx, { persistentId: 'nope' })).rejects.toBeInstanceOf(WcsServiceError);
  });

  it('retries status reads after a 503', async () => {
    await putObject(server, 'test', 'st/a', 'a');
    const { persistentId } = await fmgrDelete(ctx, { items: { bucket: 'test', key: 'st/a' } });
    server.clearRequestLog();
    server.setFaults({ rules: [{ endpoint: 'fmgrStatus', status: 503, times: 1 }] });
    const status = await wait(persistentId);
    expect(status.persistentId).toBe(persistentId);
    const statuses = server.requestLog().filter((e) => e.endpoint === 'fmgrStatus').map((e) => e.status);
    expect(statuses.slice(0, 2)).toEqual([503, 200]);
  });

  it('an onStatus that throws stops the wait with a WcsError caused by it', async () => {
    await putObject(server, 'test', 'st/cb', 'a');
    const { persistentId } = await fmgrDelete(ctx, { items: { bucket: 'test', key: 'st/cb' } });
    const stop = new Error('stop here');
    const error = await failureOf(
      waitForJob(ctx, {
        persistentId,
        kind: 'fmgr',
        intervalMs: 10,
        onStatus: () => {
          throw stop;
        },
      }),
    );
    expect(error).toBeInstanceOf(WcsError);
    expect((error as WcsError).cause).toBe(stop);
  });

  it('timeoutMs also bounds a status read that hangs', async () => {
    await putObject(server, 'test', 'st/slow', 'a');
    const { persistentId } = await fmgrDelete(ctx, { items: { bucket: 'test', key: 'st/slow' } });
    // Kept short: the server holds the answer that long even after the client gave up on it.
    server.setFaults({ rules: [{ endpoint: 'fmgrStatus', latencyMs: 2_000 }] });
    const error = await failureOf(waitForJob(ctx, { persistentId, kind: 'fmgr', intervalMs: 10, timeoutMs: 200 }));
    server.setFaults({});
    expect(error).toBeInstanceOf(WcsTimeoutError);
    // No status read finished: the wait gave up during the first one (without the bound it
    // waits for that answer, code 0, and only then finds the deadline past).
    expect((error as Error).message).toMatch(/has not finished after 200 ms \(last code none yet\)/);
  });

  // jobDelayMs stays short: the server's close() waits out a pending job's remaining delay.
  it('times out and aborts', async () => {
    const slow = await startWcsServer({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, buckets: ['test'], jobDelayMs: 1_500 });
    const slowCtx = contextFor(slow);
    try {
      const { persistentId } = await fmgrDelete(slowCtx, { items: { bucket: 'test', key: 'x' } });
      await expect(waitForJob(slowCtx, { persistentId, kind: 'fmgr', intervalMs: 10, timeoutMs: 100 })).rejects.toBeInstanceOf(WcsTimeoutError);
      const controller = new AbortController();
      const waiting = waitForJob(slowCtx, { persistentId, kind: 'fmgr', intervalMs: 10_000, signal: controller.signal });
      setTimeout(() => controller.abort(), 30);
      await expect(waiting).rejects.toBeInstanceOf(WcsAbortError);
    } finally {
      slowCtx.http.close();
      await slow.close();
    }
  }, 20_000);
});

describe('failures before or at submission', () => {
  it('rejects bad arguments before any request', async () => {
    const calls: Array<() => Promise<unknown>> = [
      () => fmgrFetch(ctx, { items: { url: 'not a url', bucket: 'test' } }),
      () => fmgrFetch(ctx, { items: [] }),
      () => fmgrCopy(ctx, { items: { resource: { bucket: 'test', key: '' }, bucket: 'other' } }),
      () => fmgrDelete(ctx, { items: { bucket: '', key: 'k' } }),
      () => fmgrDeletePrefix(ctx, { items: { bucket: 'test', prefix: '' } }),
      () => fmgrSetDeadline(ctx, { items: { bucket: 'test', deadline: 1.5 } }),
      () => fmgrCompress(ctx, { items: { bucket: 'test', saveAs: { bucket: 'test', key: 'z.zip' } } }),
      () => fmgrDelete(ctx, { items: { bucket: 'test', key: 'k' }, separate: 3 as 0 }),
      () => submitFops(ctx, { bucket: 'test', key: 'k', fops: '' }),
      () => fmgrStatus(ctx, { persistentId: '' }),
      () => waitForJob(ctx, { persistentId: 'id', kind: 'other' as 'fmgr' }),
      () => waitForJob(ctx, { persistentId: '', kind: 'fmgr' }),
      // exactly one of items and fops
      () => fmgrDelete(ctx, { items: { bucket: 'test', key: 'k' }, fops: 'bucket/dGVzdA==/key/aw==' } as never),
      () => fmgrDelete(ctx, {} as never),
      () => fmgrDelete(ctx, { items: 'bucket/dGVzdA==/key/aw==' } as never),
      () => fmgrDelete(ctx, undefined as never),
      () => fopsStatus(ctx, undefined as never),
      () => waitForJob(ctx, undefined as never),
      () => waitForJob(ctx, null as never),
      () => waitForJob(ctx, { persistentId: 'id', kind: 'fmgr', signal: {} as AbortSignal }),
    ];
    for (const call of calls) await expect(call()).rejects.toBeInstanceOf(WcsInvalidArgumentError);
    expect(server.requestLog()).toEqual([]);
  });

  it('fails with 401, not retried, when the secret key is wrong', async () => {
    const bad = createWcsContext(parseConfig({ accessKey: ACCESS_KEY, secretKey: 'wrong', mgrUrl: server.mgrUrl }));
    const error = (await failureOf(fmgrDelete(bad, { items: { bucket: 'test', key: 'k' } }))) as WcsServiceError;
    expect(error.statusCode).toBe(401);
    expect(server.requestLog()).toHaveLength(1);
    bad.http.close();
  });

  it('passes on a 400 for a command the service refuses', async () => {
    const error = (await failureOf(fmgrDelete(ctx, { fops: 'bucket/dGVzdA==/nonsense/eA==' }))) as WcsServiceError;
    expect(error.statusCode).toBe(400);
  });
});
