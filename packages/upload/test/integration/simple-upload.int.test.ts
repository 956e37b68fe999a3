import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { appendFileSync, truncateSync } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import { WcsAbortError, WcsError, WcsIntegrityError, WcsInvalidArgumentError, WcsNetworkError, WcsServiceError } from '@wcs/core';
import { etagOfBuffer } from '@wcs/etag';
import { startWcsServer, type WcsServer } from '@wcs/server';
import { multipartStreamUpload, multipartUpload, simpleUpload, smartUpload, streamUpload, type UploadProgress } from '../../src/index.js';
import { ACCESS_KEY, MiB, SECRET_KEY, contextFor, download, makeFile, makeTempDir, removeDir, shapeOf, uploadRequests } from './helpers.js';

describe('simpleUpload against @wcs/server', () => {
  let server: WcsServer;
  let dir: string;

  beforeAll(async () => {
    server = await startWcsServer({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, buckets: ['test', 'other'] });
    dir = await makeTempDir();
  });
  afterAll(async () => {
    await server.close();
    await removeDir(dir);
  });
  beforeEach(() => server.clearRequestLog());

  it('uploads a file path under its basename, with progress, and checks the etag', async () => {
    const { path, data } = await makeFile(dir, 'photo.bin', 3 * MiB + 17);
    const events: UploadProgress[] = [];
    const result = await simpleUpload(contextFor(server), { source: path, bucket: 'test', onProgress: (p) => events.push(p) });
    expect(result).toMatchObject({ bucket: 'test', key: 'photo.bin', hash: etagOfBuffer(data), fsize: data.length, statusCode: 200 });
    expect(result.body).toEqual({ hash: etagOfBuffer(data), key: 'photo.bin' });
    expect(result.requestId).toEqual(expect.any(String));
    expect(uploadRequests(server.requestLog()).map(shapeOf)).toEqual(['upload']);
    expect((await download(server, 'test', 'photo.bin')).data.equals(data)).toBe(true);
    expect(events.at(-1)).toEqual({ loaded: data.length, total: data.length });
    expect(events.every((e, i) => i === 0 || e.loaded >= events[i - 1]!.loaded)).toBe(true);
  });

  it('uploads a Buffer and a stream (unknown length)', async () => {
    const bytes = Buffer.from('hello');
    const fromBuffer = await simpleUpload(contextFor(server), { source: bytes, bucket: 'test', key: 'buf.txt' });
    expect(fromBuffer.hash).toBe('Fqr0xh3cxeii2r7eDztILNmuqUNN');

    const big = (await makeFile(dir, 'stream.bin', 5 * MiB + 3)).data;
    const stream = Readable.from((function* () {
      for (let i = 0; i < big.length; i += 64 * 1024) yield big.subarray(i, i + 64 * 1024);
    })());
    const fromStream = await simpleUpload(contextFor(server), { source: stream, bucket: 'test', key: 'stream.bin' });
    expect(fromStream.hash).toBe(etagOfBuffer(big));
    expect(fromStream.fsize).toBe(big.length);
    expect((await download(server, 'test', 'stream.bin')).data.equals(big)).toBe(true);
  });

  it('needs a key for a non-path source unless saveKey is set', async () => {
    await expect(simpleUpload(contextFor(server), { source: Buffer.from('x'), bucket: 'test' })).rejects.toBeInstanceOf(WcsInvalidArgumentError);
    const saved = await simpleUpload(contextFor(server), { source: Buffer.from('x'), bucket: 'test', policy: { saveKey: 'saved/by-policy.txt' } });
    expect(saved.key).toBe('saved/by-policy.txt');
    expect((await download(server, 'test', 'saved/by-policy.txt')).data.toString()).toBe('x');
  });

  it('renders x: variables, mimeType and returnBody', async () => {
    const result = await simpleUpload(contextFor(server), {
      source: Buffer.from('vars'),
      bucket: 'test',
      key: 'vars.txt',
      vars: { album: 'trip 2024', who: '网宿' },
      mimeType: 'text/x-custom',
      policy: { returnBody: 'key=$(key)&album=$(x:album)&who=$(x:who)&fsize=$(fsize)&mime=$(mimeType)' },
    });
    expect(typeof result.body).toBe('string');
    const params = new URLSearchParams(result.body as string);
    expect(params.get('key')).toBe('vars.txt');
    expect(params.get('album')).toBe('trip 2024');
    expect(params.get('who')).toBe('网宿');
    expect(params.get('fsize')).toBe('4');
    expect(params.get('mime')).toBe('text/x-custom');
    expect(result.hash).toBe(etagOfBuffer(Buffer.from('vars')));
  });

  it('answers 303 with the Location when the policy has returnUrl', async () => {
    const result = await simpleUpload(contextFor(server), {
      source: Buffer.from('redirect me'),
      bucket: 'test',
      key: 'r.txt',
      policy: { returnUrl: 'http://example.com/done', returnBody: 'key=$(key)' },
    });
    expect(result.statusCode).toBe(303);
    expect(result.location).toBe(`http://example.com/done?key=r.txt&hash=${etagOfBuffer(Buffer.from('redirect me'))}`);
    expect(result.hash).toBe(etagOfBuffer(Buffer.from('redirect me')));
  });

  it('refuses to overwrite without overwrite=1, in exactly one attempt, and overwrites with it', async () => {
    await simpleUpload(contextFor(server), { source: Buffer.from('v1'), bucket: 'test', key: 'ow.txt' });
    server.clearRequestLog();
    const refused = simpleUpload(contextFor(server), { source: Buffer.from('v2'), bucket: 'test', key: 'ow.txt' });
    await expect(refused).rejects.toMatchObject({ name: 'WcsServiceError', statusCode: 406 });
    expect(uploadRequests(server.requestLog())).toHaveLength(1);
    const allowed = await simpleUpload(contextFor(server), { source: Buffer.from('v2'), bucket: 'test', key: 'ow.txt', policy: { overwrite: 1 } });
    expect(allowed.hash).toBe(etagOfBuffer(Buffer.from('v2')));
    const viaConfig = await simpleUpload(contextFor(server, { overwrite: 1 }), { source: Buffer.from('v3'), bucket: 'test', key: 'ow.txt' });
    expect(viaConfig.statusCode).toBe(200);
    expect((await download(server, 'test', 'ow.txt')).data.toString()).toBe('v3');
  });

  it('fails at once (one request) on a wrong secret key and on a token scoped to another key', async () => {
    const badKey = simpleUpload(contextFor(server, { secretKey: 'wrong' }), { source: Buffer.from('x'), bucket: 'test', key: 'bad.txt' });
    await expect(badKey).rejects.toMatchObject({ name: 'WcsServiceError', statusCode: 401 });
    expect(uploadRequests(server.requestLog())).toHaveLength(1);
    server.clearRequestLog();
    const badScope = simpleUpload(contextFor(server), { source: Buffer.from('x'), bucket: 'test', key: 'mine.txt', policy: { scope: 'other:theirs.txt' } });
    await expect(badScope).rejects.toBeInstanceOf(WcsServiceError);
    expect(uploadRequests(server.requestLog())).toHaveLength(1);
    expect((await download(server, 'test', 'mine.txt')).status).toBe(404);
  });

  it.each([Number.NaN, -5, 1.5, '100'])('trafficLimit %p is refused before any request by every upload', async (trafficLimit) => {
    const ctx = contextFor(server);
    const bad = { trafficLimit } as unknown as { trafficLimit: number };
    const { path } = await makeFile(dir, 'limited.bin', 10);
    const runs = [
      () => simpleUpload(ctx, { source: Buffer.from('x'), bucket: 'test', key: 'limited.txt', ...bad }),
      () => multipartUpload(ctx, { file: path, bucket: 'test', ...bad }),
      () => multipartStreamUpload(ctx, { source: Buffer.from('x'), bucket: 'test', key: 'limited.txt', ...bad }),
      () => smartUpload(ctx, { file: path, bucket: 'test', ...bad }),
      () => streamUpload(ctx, { url: server.objectUrl('test', 'nothing'), bucket: 'test', key: 'limited.txt', ...bad }),
    ];
    for (const run of runs) {
      const error = await run().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(WcsInvalidArgumentError);
      expect(error).toMatchObject({ message: expect.stringMatching(/^trafficLimit must be a whole number, 0 or more/) });
    }
    expect(server.requestLog()).toHaveLength(0);
  });

  it.each([
    ['vars with an undefined value', { vars: { album: undefined } }, /^vars\.album must be text/],
    ['vars with a number', { vars: { n: 5 } }, /^vars\.n must be text/],
    ['vars as text', { vars: 'a=1' }, /^vars must be an object/],
    ['a mimeType that is not text', { mimeType: {} }, /^mimeType must be non-empty text/],
    ['a signal that is not an AbortSignal', { signal: {} }, /^signal must be an AbortSignal/],
  ])('%s is refused before any request by every upload', async (_name, bad, message) => {
    const ctx = contextFor(server);
    const { path } = await makeFile(dir, 'options.bin', 10);
    const extra = bad as Record<string, unknown>;
    const runs = [
      () => simpleUpload(ctx, { source: Buffer.from('x'), bucket: 'test', key: 'options.txt', ...extra }),
      () => multipartUpload(ctx, { file: path, bucket: 'test', ...extra }),
      () => multipartStreamUpload(ctx, { source: Buffer.alloc(5 * MiB), bucket: 'test', key: 'options.txt', ...extra }),
      () => streamUpload(ctx, { url: server.objectUrl('test', 'nothing'), bucket: 'test', key: 'options.txt', ...extra }),
    ];
    for (const run of runs) {
      const error = await run().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WcsInvalidArgumentError);
      expect((error as Error).message).toMatch(message);
    }
    expect(server.requestLog()).toHaveLength(0);
  });

  it('multipartUpload and smartUpload without a file path (a JavaScript caller) are told what is missing', async () => {
    const ctx = contextFor(server);
    for (const file of [undefined, '', 42]) {
      const params = { file, bucket: 'test', key: 'k' } as unknown as { file: string; bucket: string };
      await expect(multipartUpload(ctx, params)).rejects.toThrow(/^file must be the path of the file to upload/);
      await expect(smartUpload(ctx, params)).rejects.toThrow(/^file must be the path of the file to upload/);
    }
  });

  it('retries a Buffer upload after a 503, but never a stream', async () => {
    server.setFaults({ rules: [{ endpoint: 'upload', status: 503, times: 1 }] });
    const buffer = await simpleUpload(contextFor(server), { source: Buffer.from('retry'), bucket: 'test', key: 'retry.txt' });
    expect(buffer.hash).toBe(etagOfBuffer(Buffer.from('retry')));
    expect(uploadRequests(server.requestLog()).map((e) => e.status)).toEqual([503, 200]);
    server.clearRequestLog();
    server.setFaults({ rules: [{ endpoint: 'upload', status: 503, times: 1 }] });
    const stream = simpleUpload(contextFor(server), { source: Readable.from([Buffer.from('once')]), bucket: 'test', key: 'once.txt' });
    await expect(stream).rejects.toMatchObject({ statusCode: 503 });
    expect(uploadRequests(server.requestLog())).toHaveLength(1);
    server.setFaults({});
  });

  it('smartUpload: normal upload up to the threshold, multipart above', async () => {
    const small = await makeFile(dir, 'small.bin', 2 * MiB);
    const large = await makeFile(dir, 'large.bin', 2 * MiB + 1);
    const ctx = contextFor(server, { recordFolder: `${dir}/records` });
    await smartUpload(ctx, { file: small.path, bucket: 'test', thresholdBytes: 2 * MiB });
    expect(uploadRequests(server.requestLog()).map((e) => e.endpoint)).toEqual(['upload']);
    server.clearRequestLog();
    const result = await smartUpload(ctx, { file: large.path, bucket: 'test', thresholdBytes: 2 * MiB });
    expect(uploadRequests(server.requestLog()).map((e) => e.endpoint)).toEqual(['mkblk', 'mkfile']);
    expect(result.hash).toBe(etagOfBuffer(large.data));
  });
});

describe('streamUpload against @wcs/server', () => {
  let server: WcsServer;
  let dir: string;

  beforeAll(async () => {
    server = await startWcsServer({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, buckets: ['test'] });
    dir = await makeTempDir();
  });
  afterAll(async () => {
    await server.close();
    await removeDir(dir);
  });

  it('pipes a download into an upload', async () => {
    const { path, data } = await makeFile(dir, 'source.bin', 6 * MiB + 5);
    await simpleUpload(contextFor(server), { source: path, bucket: 'test', key: 'source.bin' });
    const result = await streamUpload(contextFor(server), {
      url: server.objectUrl('test', 'source.bin'),
      bucket: 'test',
      key: 'copy.bin',
      vars: { from: 'url' },
    });
    expect(result.hash).toBe(etagOfBuffer(data));
    expect(result.fsize).toBe(data.length);
    expect((await download(server, 'test', 'copy.bin')).data.equals(data)).toBe(true);
  });

  it('fails with a service error and stores nothing when the source answers 404', async () => {
    server.clearRequestLog();
    const missing = streamUpload(contextFor(server), { url: server.objectUrl('test', 'no-such-object'), bucket: 'test', key: 'never.bin' });
    await expect(missing).rejects.toMatchObject({ name: 'WcsServiceError', statusCode: 404 });
    expect(uploadRequests(server.requestLog())).toHaveLength(0);
    expect((await download(server, 'test', 'never.bin')).status).toBe(404);
  });
});

// Its own server: the server logs a request the client broke off after the test ends, which
// must not land in the request log of another test.
describe('simpleUpload of a source that fails, stalls, throws or is not bytes', () => {
  let own: WcsServer;
  let ownDir: string;
  beforeAll(async () => {
    own = await startWcsServer({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, buckets: ['test'] });
    ownDir = await makeTempDir();
  });
  afterAll(async () => {
    await own.close();
    await removeDir(ownDir);
  });

  it('a stream source that fails midway: its own error (not a retryable network error), nothing stored', async () => {
    // eslint-disable-next-line @typescript-eslint/require-await -- a generator source, as a user would write one
    async function* broken(): AsyncGenerator<Buffer> {
      yield Buffer.alloc(1000, 1);
      throw new Error('disk on fire');
    }
    const run = simpleUpload(contextFor(own), { source: Readable.from(broken()), bucket: 'test', key: 'broken.txt' });
    const error = await run.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WcsError);
    expect(error).not.toBeInstanceOf(WcsNetworkError);
    expect(error).toMatchObject({ retryable: false, message: expect.stringMatching(/upload source failed: disk on fire/) });
    expect((await download(own, 'test', 'broken.txt')).status).toBe(404);
  });

  it('an abort while a stream source stalls: WcsAbortError, and the source is destroyed (not left open)', async () => {
    const stalled = new PassThrough();
    stalled.write(Buffer.alloc(1000, 1));
    const controller = new AbortController();
    const run = simpleUpload(contextFor(own), {
      source: stalled,
      bucket: 'test',
      key: 'stalled.txt',
      signal: controller.signal,
      onProgress: (p) => {
        if (p.loaded === 1000) controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(WcsAbortError);
    expect(stalled.destroyed).toBe(true);
    expect((await download(own, 'test', 'stalled.txt')).status).toBe(404);
  });

  it('a callback that throws (simpleUpload onProgress, multipartUpload onUploadId) stops the upload with a WcsError caused by it', async () => {
    const stop = new Error('stop here');
    const thrower = () => {
      throw stop;
    };
    const { path } = await makeFile(ownDir, 'callback.bin', 5 * MiB);
    const runs = [
      () => simpleUpload(contextFor(own), { source: Buffer.alloc(200_000, 1), bucket: 'test', key: 'cb1.bin', onProgress: thrower }),
      () => simpleUpload(contextFor(own), { source: Readable.from([Buffer.alloc(1000, 1)]), bucket: 'test', key: 'cb2.bin', onProgress: thrower }),
      () => multipartUpload(contextFor(own, { recordFolder: `${ownDir}/records` }), { file: path, bucket: 'test', key: 'cb3.bin', onUploadId: thrower }),
    ];
    for (const run of runs) {
      const error = await run().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WcsError);
      expect(error).not.toBeInstanceOf(WcsNetworkError);
      expect((error as WcsError).cause).toBe(stop);
    }
    for (const key of ['cb1.bin', 'cb2.bin', 'cb3.bin']) expect((await download(own, 'test', key)).status).toBe(404);
  });

  it('an object-mode stream of values that are not bytes is refused with WcsInvalidArgumentError, nothing stored', async () => {
    const run = simpleUpload(contextFor(own), { source: Readable.from([Buffer.from('ab'), { a: 1 }]), bucket: 'test', key: 'object-mode.txt' });
    await expect(run).rejects.toBeInstanceOf(WcsInvalidArgumentError);
    await expect(run).rejects.toThrow(/Buffer, Uint8Array or string chunks/);
    expect((await download(own, 'test', 'object-mode.txt')).status).toBe(404);
  });
});

// Its own server: the broken requests of these tests are logged by the server after they end.
describe('simpleUpload of a file that changes size while it is sent', () => {
  let own: WcsServer;
  let ownDir: string;
  beforeAll(async () => {
    own = await startWcsServer({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, buckets: ['test'] });
    ownDir = await makeTempDir();
  });
  afterAll(async () => {
    await own.close();
    await removeDir(ownDir);
  });
  beforeEach(() => own.clearRequestLog());

  it.each([
    ['shrinks', (path: string) => truncateSync(path, 300_000)],
    ['grows', (path: string) => appendFileSync(path, Buffer.alloc(500_000, 6))],
  ])('a file that %s during the upload: WcsIntegrityError at once (no timeout, no retries), nothing stored', async (_name, mutate) => {
    const { path } = await makeFile(ownDir, 'changing.bin', MiB);
    let reads = 0;
    const ctx = contextFor(own, { connectionTimeoutSeconds: 2, connectionRetries: 0 });
    const run = simpleUpload(ctx, { source: path, bucket: 'test', key: 'changing.bin', pace: () => void (++reads === 2 && mutate(path)) });
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WcsIntegrityError);
    expect((error as Error).message).toMatch(/changed size during the upload/);
    expect(uploadRequests(own.requestLog()).filter((e) => e.endpoint === 'upload')).toHaveLength(1);
    expect((await download(own, 'test', 'changing.bin')).status).toBe(404);
  });
});
