import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac, randomBytes } from 'node:crypto';
import { createServer as createTcpServer, connect, type AddressInfo, type Server as TcpServer } from 'node:net';
import { Readable } from 'node:stream';
import { inspect } from 'node:util';
import { z } from 'zod';
import { startWcsServer, type WcsServer } from '@wcs/server';
import { WcsAbortError, WcsError, WcsInvalidArgumentError, WcsNetworkError, WcsServiceError, WcsTimeoutError, createHttpClient, createWcsContext, parseConfig, urlSafeBase64Encode, type HttpClient, type HttpClientOptions } from '../../src/index.js';

// The transport against the real local server: every fault here is one @wcs/server produces
// (latency, injected statuses, dropped connections). Faults it cannot produce (Retry-After, a
// connection that never completes) are in src/http/http-client.fault.test.ts.

const AK = 'transport-ak';
const SK = 'transport-sk';
let server: WcsServer;
const clients: HttpClient[] = [];
const client = (options: HttpClientOptions = {}) => {
  const c = createHttpClient({ retryBaseDelayMs: 1, retryMaxDelayMs: 5, ...options });
  clients.push(c);
  return c;
};

/** Upload token (wcs-api.md §2.1), built here because @wcs/core does not depend on @wcs/auth. */
function uploadToken(scope: string): string {
  const policy = urlSafeBase64Encode(JSON.stringify({ scope, deadline: Date.now() + 3_600_000, overwrite: 1 }));
  const sign = urlSafeBase64Encode(createHmac('sha1', SK).update(policy).digest('hex'));
  return `${AK}:${sign}:${policy}`;
}

beforeAll(async () => {
  server = await startWcsServer({ accessKey: AK, secretKey: SK, buckets: ['test'] });
});
afterEach(() => {
  server.setFaults({});
  server.clearRequestLog();
  for (const c of clients.splice(0)) c.close();
});
afterAll(async () => {
  await server.close();
});

const mkblk = (data: Buffer | (() => Readable), extra: { headers?: Record<string, string> } = {}, size = Buffer.isBuffer(data) ? data.length : 0) => ({
  method: 'POST' as const,
  url: `${server.putUrl}/mkblk/${size}/0`,
  headers: { authorization: uploadToken('test'), 'content-type': 'application/octet-stream', ...extra.headers },
  body: data,
});

/** The `offset` of an mkblk answer: how many bytes of the block the server holds. */
const blockOffset = (body: Buffer): number => z.object({ offset: z.number() }).parse(JSON.parse(body.toString())).offset;

/** A TCP relay in front of the upload host that counts the connections it accepts. */
async function countingRelay(target: string): Promise<{ url: string; connections: () => number; close: () => Promise<void> }> {
  const { hostname, port } = new URL(target);
  let count = 0;
  const relay: TcpServer = createTcpServer((inbound) => {
    count++;
    const outbound = connect(Number(port), hostname);
    inbound.setNoDelay(true);
    outbound.setNoDelay(true);
    inbound.pipe(outbound).pipe(inbound);
    inbound.on('error', () => outbound.destroy());
    outbound.on('error', () => inbound.destroy());
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(relay.address() as AddressInfo).port}`,
    connections: () => count,
    close: () => new Promise((resolve) => relay.close(() => resolve())),
  };
}

describe('transport against @wcs/server', () => {
  it('keep-alive: sequential requests share one connection; without it each has its own', async () => {
    const relay = await countingRelay(server.putUrl);
    try {
      const send = async (http: HttpClient) => {
        for (let i = 0; i < 5; i++) {
          const data = randomBytes(1024 + i);
          const res = await http.request({ ...mkblk(data), url: `${relay.url}/mkblk/${data.length}/0` });
          expect(blockOffset(res.body)).toBe(data.length);
        }
      };
      await send(client({ keepAlive: true }));
      expect(relay.connections()).toBe(1);
      await send(client({ keepAlive: false }));
      expect(relay.connections()).toBe(1 + 5);
      // Per request: one client, requests asking for keep-alive share a connection.
      const mixed = client({ keepAlive: false });
      for (let i = 0; i < 3; i++) {
        const data = randomBytes(100);
        await mixed.request({ ...mkblk(data), url: `${relay.url}/mkblk/${data.length}/0`, keepAlive: true });
      }
      expect(relay.connections()).toBe(1 + 5 + 1);
    } finally {
      for (const c of clients.splice(0)) c.close();
      await relay.close();
    }
  });

  it('idle timeout: a server silent for longer than idleTimeoutMs', async () => {
    server.setFaults({ rules: [{ endpoint: 'mkblk', latencyMs: 1500 }] });
    const http = client({ idleTimeoutMs: 150, retries: 0 });
    const error = await http.request(mkblk(randomBytes(100))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WcsTimeoutError);
    expect((error as Error).message).toMatch(/^POST http:\/\/127\.0\.0\.1:\d+\/mkblk\/100\/0 timed out: no data for 150 ms/);
  });

  it('whole-request timeout: ends an attempt that is not silent but too long', async () => {
    server.setFaults({ rules: [{ endpoint: 'mkblk', latencyMs: 1500 }] });
    const http = client({ idleTimeoutMs: 10_000, requestTimeoutMs: 200, retries: 0 });
    await expect(http.request(mkblk(randomBytes(100)))).rejects.toThrow(/did not finish within 200 ms/);
  });

  it('a timeout is retried for an idempotent request, not for another', async () => {
    server.setFaults({ rules: [{ endpoint: 'mkblk', latencyMs: 1500, times: 1 }] });
    const http = client({ idleTimeoutMs: 300, retries: 2 });
    const res = await http.request({ ...mkblk(randomBytes(100)), idempotent: true });
    expect(res.attempts).toBe(2);

    server.setFaults({ rules: [{ endpoint: 'mkblk', latencyMs: 1500, times: 1 }] });
    server.clearRequestLog();
    await expect(http.request(mkblk(randomBytes(100)))).rejects.toBeInstanceOf(WcsTimeoutError);
    expect(server.requestLog().filter((e) => e.endpoint === 'mkblk')).toHaveLength(1);
  });

  it('retry policy: 503 retried when idempotent, never otherwise; per-call statuses', async () => {
    server.setFaults({ rules: [{ endpoint: 'mkblk', status: 503, times: 2 }] });
    const retried: number[] = [];
    const http = client({ retries: 3, onRetry: (e) => retried.push(e.attempt) });
    const res = await http.request({ ...mkblk(randomBytes(10)), idempotent: true });
    expect(res.attempts).toBe(3);
    expect(retried).toEqual([1, 2]);

    server.setFaults({ rules: [{ endpoint: 'mkblk', status: 503, times: 1 }] });
    server.clearRequestLog();
    await expect(http.request({ ...mkblk(randomBytes(10)), idempotent: false })).rejects.toMatchObject({ statusCode: 503 });
    expect(server.requestLog()).toHaveLength(1);

    server.setFaults({ rules: [{ endpoint: 'mkblk', status: 503, times: 1 }] });
    const only429 = { idempotent: true, retryPolicy: { retryableStatuses: [429] } };
    await expect(http.request({ ...mkblk(randomBytes(10)), ...only429 })).rejects.toBeInstanceOf(WcsServiceError);
  });

  it('a connection dropped mid-body is retried with the whole body again', async () => {
    server.setFaults({ rules: [{ endpoint: 'mkblk', resetAfterBytes: 64 * 1024, times: 1 }] });
    const data = randomBytes(1024 * 1024);
    const http = client();
    const res = await http.request({ ...mkblk(data), idempotent: true });
    expect(res.attempts).toBe(2);
    expect(blockOffset(res.body)).toBe(data.length);
  });

  it('abort: during the wait for an answer, and mid streamed body', async () => {
    server.setFaults({ rules: [{ endpoint: 'mkblk', latencyMs: 2000 }] });
    const http = client();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(http.request({ ...mkblk(randomBytes(10)), idempotent: true, signal: controller.signal })).rejects.toBeInstanceOf(WcsAbortError);

    server.setFaults({});
    const c2 = new AbortController();
    const slow = () =>
      Readable.from(
        (async function* () {
          for (let i = 0; i < 100; i++) {
            if (i === 3) c2.abort();
            yield Buffer.alloc(16 * 1024, i);
            await new Promise((r) => setTimeout(r, 5));
          }
        })(),
      );
    await expect(http.request({ ...mkblk(slow, { headers: { 'content-length': String(1600 * 1024) } }, 1600 * 1024), signal: c2.signal })).rejects.toBeInstanceOf(WcsAbortError);
  });

  it('a streamed body whose source fails breaks the request: the server never gets a whole body', async () => {
    const total = 512 * 1024;
    const failing = () =>
      Readable.from(
        (async function* () {
          yield Buffer.alloc(128 * 1024, 1);
          await new Promise((r) => setTimeout(r, 20));
          throw Object.assign(new Error('disk went away'), { code: 'EIO' });
        })(),
      );
    const http = client();
    const error = await http.request(mkblk(failing, { headers: { 'content-length': String(total) } }, total)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WcsNetworkError);
    await new Promise((r) => setTimeout(r, 100));
    const [entry] = server.requestLog().filter((e) => e.endpoint === 'mkblk');
    expect(entry?.status).not.toBe(200);
    expect(entry?.bytesIn).toBeLessThan(total);
  });

  it('an early answer to a streamed body (bad token) stops reading the source', async () => {
    let source: Readable | undefined;
    const endless = () =>
      (source = Readable.from(
        (async function* () {
          for (;;) {
            yield Buffer.alloc(64 * 1024, 1);
            await new Promise((r) => setTimeout(r, 2));
          }
        })(),
      ));
    const http = client({ keepAlive: true });
    const request = { ...mkblk(endless, { headers: { authorization: 'not-a-token' } }, 4 * 1024 * 1024) };
    await expect(http.request(request)).rejects.toMatchObject({ statusCode: 401 });
    expect(source?.destroyed).toBe(true);
    // The client still works afterwards (the half-sent connection was not reused).
    const res = await http.request(mkblk(randomBytes(10)));
    expect(res.statusCode).toBe(200);
  });

  it('streams a download, and maps a missing object to a service error', async () => {
    const http = client({ keepAlive: true });
    const data = randomBytes(3 * 1024 * 1024 + 5);
    const blockSize = 4 * 1024 * 1024;
    const block = await http.request({ ...mkblk(data.subarray(0, blockSize)), url: `${server.putUrl}/mkblk/${data.length}/0` });
    const { ctx } = JSON.parse(block.body.toString()) as { ctx: string };
    await http.request({
      method: 'POST',
      url: `${server.putUrl}/mkfile/${data.length}`,
      headers: { authorization: uploadToken('test:dl.bin'), key: urlSafeBase64Encode('dl.bin'), 'content-type': 'text/plain' },
      body: ctx,
    });
    const res = await http.stream({ method: 'GET', url: server.objectUrl('test', 'dl.bin'), idempotent: true });
    const chunks: Buffer[] = [];
    for await (const chunk of res.body) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(data)).toBe(true);

    await expect(http.stream({ method: 'GET', url: server.objectUrl('test', 'nope.bin'), idempotent: true })).rejects.toMatchObject({ statusCode: 404 });
  });

  it('a password in a URL (user:password@host) appears in no error: service answer, refused connection, onRetry', async () => {
    const retried: string[] = [];
    const http = client({ retries: 1, onRetry: (e) => retried.push(e.url, e.error.message) });
    const withPassword = (url: string) => url.replace('://', '://alice:S3CRET-PASS@');
    const missing = await http.stream({ method: 'GET', url: withPassword(server.objectUrl('test', 'nope.bin')), idempotent: true }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(WcsServiceError);
    expect((missing as WcsServiceError).url).toBe(server.objectUrl('test', 'nope.bin'));
    // A port where nothing listens: a network error, retried once.
    const closed = createTcpServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const refused = await http.request({ method: 'GET', url: `http://alice:S3CRET-PASS@127.0.0.1:${port}/x`, idempotent: true }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(WcsNetworkError);
    expect(retried.length).toBeGreaterThan(0);
    // Not a URL at all (a bad port): a typed error, not a bare TypeError whose `input` is the whole URL.
    const invalid = await http.request({ method: 'GET', url: 'http://alice:S3CRET-PASS@127.0.0.1:99999/x' }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(WcsInvalidArgumentError);
    const texts = [String(missing), JSON.stringify(missing), inspect(missing, { depth: 5 })];
    texts.push(String(refused), inspect(refused, { depth: 5 }), inspect(invalid, { depth: 5 }));
    for (const text of [...texts, ...retried]) {
      expect(text).not.toContain('S3CRET-PASS');
    }
  });

  it('createWcsContext: an http option passed as undefined keeps the config setting (connection_retries 0: one attempt)', async () => {
    const ctx = createWcsContext(parseConfig({ connectionRetries: 0 }), { retries: undefined, retryBaseDelayMs: 1 });
    clients.push(ctx.http);
    server.setFaults({ rules: [{ endpoint: 'bucketList', status: 503 }] });
    await expect(ctx.http.request({ method: 'GET', url: `${server.mgrUrl}/bucket/list`, idempotent: true })).rejects.toMatchObject({ statusCode: 503 });
    expect(server.requestLog().filter((e) => e.endpoint === 'bucketList')).toHaveLength(1);
  });

  it('an onUploadProgress that throws ends the request with a WcsError caused by it (no uncaught exception, no hang)', async () => {
    const http = client();
    const stop = new Error('stop here');
    const bodies: Array<Buffer | (() => Readable)> = [randomBytes(300_000), randomBytes(10), () => Readable.from([randomBytes(1000)])];
    for (const body of bodies) {
      const error = await http
        .request({
          ...mkblk(body, {}, Buffer.isBuffer(body) ? body.length : 1000),
          onUploadProgress: () => {
            throw stop;
          },
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WcsError);
      expect((error as WcsError).cause).toBe(stop);
    }
  });

  it('an onRetry that throws ends the request with a WcsError caused by it', async () => {
    const stop = new Error('stop here');
    const http = client({
      retries: 2,
      onRetry: () => {
        throw stop;
      },
    });
    server.setFaults({ rules: [{ endpoint: 'bucketList', status: 503 }] });
    const error = await http.request({ method: 'GET', url: `${server.mgrUrl}/bucket/list`, idempotent: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WcsError);
    expect((error as WcsError).cause).toBe(stop);
    expect(server.requestLog().filter((e) => e.endpoint === 'bucketList')).toHaveLength(1);
  });
});
