import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { inspect } from 'node:util';
import { z } from 'zod';
import * as zm from 'zod/mini';
import { WcsAbortError, WcsNetworkError, WcsServiceError, WcsTimeoutError } from '../errors.js';
import { createHttpClient, type SigningRequest } from './http-client.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}
type Handler = (req: IncomingMessage, res: ServerResponse, body: string, n: number) => void;

let server: Server;
let base: string;
let seen: Seen[] = [];
let handler: Handler = (_req, res) => res.end('{}');

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, body, seen.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  seen = [];
  handler = (_req, res) => res.end('{}');
});

const json = (res: ServerResponse, status: number, body: unknown, reqid = 'req-1') => {
  res.writeHead(status, { 'content-type': 'application/json', 'x-reqid': reqid });
  res.end(JSON.stringify(body));
};
const fast = { retries: 3, retryBaseDelayMs: 1, retryMaxDelayMs: 5, timeoutMs: 2000 };

describe('createHttpClient', () => {
  it('signs the exact path, raw query and body, and captures X-Reqid', async () => {
    const signed: SigningRequest[] = [];
    handler = (_req, res) => json(res, 200, { ok: true }, 'abc123');
    const http = createHttpClient(fast);
    const res = await http.request({
      method: 'POST',
      url: `${base}/list?bucket=b&prefix=cGhvdG9zLw==`,
      body: 'bucket=bXlidWNrZXQ=&key=aGVsbG8udHh0&deadline=30',
      authorize: (r) => {
        signed.push(r);
        return 'ak:sig';
      },
    });
    expect(signed).toEqual([
      { method: 'POST', path: '/list', query: 'bucket=b&prefix=cGhvdG9zLw==', body: 'bucket=bXlidWNrZXQ=&key=aGVsbG8udHh0&deadline=30' },
    ]);
    expect(seen[0]?.headers['authorization']).toBe('ak:sig');
    expect(seen[0]?.url).toBe('/list?bucket=b&prefix=cGhvdG9zLw==');
    expect(res.requestId).toBe('abc123');
    expect(res.attempts).toBe(1);
    http.close();
  });

  it('sends the user agent and Connection: close unless keepAlive', async () => {
    const http = createHttpClient({ ...fast, userAgent: 'test-agent' });
    await http.request({ method: 'GET', url: `${base}/x` });
    expect(seen[0]?.headers['user-agent']).toBe('test-agent');
    expect(seen[0]?.headers['connection']).toBe('close');
    const keep = createHttpClient({ ...fast, keepAlive: true });
    await keep.request({ method: 'GET', url: `${base}/x` });
    expect(seen[1]?.headers['connection']).toBe('keep-alive');
    keep.close();
  });

  it('retries an idempotent request on 503 and 429, then succeeds', async () => {
    handler = (_req, res, _b, n) => (n === 1 ? json(res, 503, { code: 503, message: 'busy' }) : n === 2 ? json(res, 429, { code: 429, message: 'slow down' }) : json(res, 200, {}));
    const retries: number[] = [];
    const http = createHttpClient({ ...fast, onRetry: (e) => retries.push(e.attempt) });
    const res = await http.request({ method: 'GET', url: `${base}/stat/x`, idempotent: true });
    expect(res.attempts).toBe(3);
    expect(retries).toEqual([1, 2]);
    expect(seen).toHaveLength(3);
  });

  it('never retries a request that is not marked idempotent', async () => {
    handler = (_req, res) => json(res, 503, { code: 503, message: 'busy' });
    const http = createHttpClient(fast);
    await expect(http.request({ method: 'POST', url: `${base}/fmgr/fetch`, body: 'fops=x' })).rejects.toBeInstanceOf(WcsServiceError);
    expect(seen).toHaveLength(1);
  });

  it('does not retry 4xx or 579, and maps the WCS error body', async () => {
    handler = (_req, res) => json(res, 401, { code: '401', message: 'token invalid' }, 'rid-401');
    const http = createHttpClient(fast);
    const error = (await http.request({ method: 'GET', url: `${base}/stat/abc?x=1`, idempotent: true }).catch((e: unknown) => e)) as WcsServiceError;
    expect(error).toBeInstanceOf(WcsServiceError);
    expect(error.code).toBe('ERR_WCS_SERVICE');
    expect(error.statusCode).toBe(401);
    expect(error.serviceCode).toBe('401');
    expect(error.serviceMessage).toBe('token invalid');
    expect(error.requestId).toBe('rid-401');
    expect(error.fault).toBe('client');
    expect(error.retryable).toBe(false);
    expect(error.message).toBe(`GET ${base}/stat/abc failed with status 401: token invalid (request id rid-401)`);
    expect(seen).toHaveLength(1);

    seen = [];
    handler = (_req, res) => json(res, 579, { code: 579, message: 'callback failed' });
    await expect(http.request({ method: 'POST', url: `${base}/mkfile/1`, idempotent: true })).rejects.toMatchObject({ statusCode: 579, retryable: false });
    expect(seen).toHaveLength(1);
  });

  it('gives up after the configured retries', async () => {
    handler = (_req, res) => json(res, 500, { code: 500, message: 'boom' });
    const http = createHttpClient({ ...fast, retries: 2 });
    await expect(http.request({ method: 'GET', url: `${base}/x`, idempotent: true })).rejects.toMatchObject({ statusCode: 500, retryable: true, fault: 'server' });
    expect(seen).toHaveLength(3);
  });

  it('rebuilds a stream body for each attempt', async () => {
    handler = (_req, res, _b, n) => (n < 3 ? json(res, 503, {}) : json(res, 200, {}));
    let made = 0;
    const http = createHttpClient(fast);
    await http.request({
      method: 'POST',
      url: `${base}/bput/ctx/0`,
      idempotent: true,
      body: () => {
        made++;
        return Readable.from([Buffer.from('hello '), Buffer.from('world')]);
      },
    });
    expect(made).toBe(3);
    expect(seen.map((s) => s.body)).toEqual(['hello world', 'hello world', 'hello world']);
  });

  it('maps a refused connection to a retryable network error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    let retried = 0;
    const http = createHttpClient({ ...fast, retries: 2, onRetry: () => retried++ });
    const error = await http.request({ method: 'GET', url: `http://127.0.0.1:${port}/x`, idempotent: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WcsNetworkError);
    expect((error as WcsNetworkError).syscallCode).toBe('ECONNREFUSED');
    // Names every setting a URL can come from: a download URL is none of put_url/mgr_url.
    expect((error as Error).message).toMatch(/ECONNREFUSED.*check the host and port \(put_url, mgr_url, or the download URL given\)/);
    expect(retried).toBe(2);
  });

  it('retries a connection reset mid-request', async () => {
    handler = (req, res, _b, n) => (n === 1 ? req.socket.destroy() : json(res, 200, { ok: 1 }));
    const http = createHttpClient(fast);
    const res = await http.request({ method: 'GET', url: `${base}/x`, idempotent: true });
    expect(res.attempts).toBe(2);
  });

  it('resends at once a request safe to repeat whose pooled connection the server had closed; never another request', async () => {
    // The server closes each kept-alive connection just as the next request arrives on it (as
    // when its idle timeout fires at that moment): the request was never handled.
    const used = new WeakSet<object>();
    handler = (req, res) => {
      if (used.has(req.socket)) return void req.socket.destroy();
      used.add(req.socket);
      json(res, 200, { ok: true });
    };
    const http = createHttpClient({ ...fast, retries: 0, keepAlive: true });
    for (let i = 0; i < 3; i++) {
      const res = await http.request({ method: 'POST', url: `${base}/bput`, body: 'chunk', idempotent: true });
      expect(res.attempts).toBe(1);
    }
    // The first on a new connection, then each one twice: on the closed connection, then on a new one.
    expect(seen.map((s) => s.url)).toEqual(Array(5).fill('/bput'));
    seen = [];
    await expect(http.request({ method: 'POST', url: `${base}/fops`, body: 'job' })).rejects.toBeInstanceOf(WcsNetworkError);
    expect(seen).toHaveLength(1);
    http.close();
  });

  it('times out a silent server', async () => {
    handler = () => undefined;
    const http = createHttpClient({ ...fast, retries: 0, timeoutMs: 150 });
    await expect(http.request({ method: 'GET', url: `${base}/slow`, idempotent: true })).rejects.toBeInstanceOf(WcsTimeoutError);
  });

  it('stops on abort, also while waiting to retry', async () => {
    handler = () => undefined;
    const http = createHttpClient({ ...fast, timeoutMs: 5000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(http.request({ method: 'GET', url: `${base}/slow`, signal: controller.signal })).rejects.toBeInstanceOf(WcsAbortError);

    handler = (_req, res) => json(res, 503, {});
    const slowRetry = createHttpClient({ retries: 5, retryBaseDelayMs: 10_000, retryMaxDelayMs: 10_000 });
    const c2 = new AbortController();
    setTimeout(() => c2.abort(), 50);
    await expect(slowRetry.request({ method: 'GET', url: `${base}/x`, idempotent: true, signal: c2.signal })).rejects.toBeInstanceOf(WcsAbortError);
  });

  it('validates JSON answers with a schema', async () => {
    const http = createHttpClient(fast);
    handler = (_req, res) => json(res, 200, { persistentId: 'p1' });
    const ok = await http.requestJson({ method: 'GET', url: `${base}/x` }, z.object({ persistentId: z.string() }));
    expect(ok.data.persistentId).toBe('p1');

    // A zod/mini schema fits too, without a cast (requestJson takes any safeParse-shaped schema).
    const mini = await http.requestJson({ method: 'GET', url: `${base}/x` }, zm.object({ persistentId: zm.string() }));
    expect(mini.data.persistentId).toBe('p1');
    handler = (_req, res) => json(res, 200, { persistentId: 5 });
    await expect(http.requestJson({ method: 'GET', url: `${base}/x` }, zm.object({ persistentId: zm.string() }))).rejects.toThrow(/unexpected answer \(persistentId/);

    handler = (_req, res) => res.end('<html>oops</html>');
    await expect(http.requestJson({ method: 'GET', url: `${base}/x` }, z.object({}))).rejects.toThrow('the answer is not JSON');
    handler = (_req, res) => json(res, 200, { persistentId: 5 });
    await expect(http.requestJson({ method: 'GET', url: `${base}/x` }, z.object({ persistentId: z.string() }))).rejects.toThrow(/unexpected answer \(persistentId/);
  });

  it('streams a download and maps an error answer', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'x-reqid': 'dl' });
      res.write('a'.repeat(100_000));
      res.end('b');
    };
    const http = createHttpClient(fast);
    const res = await http.stream({ method: 'GET', url: `${base}/bucket/key`, idempotent: true });
    let size = 0;
    for await (const chunk of res.body) size += (chunk as Buffer).length;
    expect(size).toBe(100_001);
    expect(res.requestId).toBe('dl');

    handler = (_req, res) => json(res, 404, { code: 404, message: 'file not exist' });
    await expect(http.stream({ method: 'GET', url: `${base}/bucket/missing` })).rejects.toMatchObject({ statusCode: 404, serviceMessage: 'file not exist' });
  });

  it('honours Retry-After: waits at least that long, and gives up when it asks for more than the maximum delay', async () => {
    handler = (_req, res, _b, n) => {
      if (n === 1) {
        res.writeHead(503, { 'retry-after': '1', 'x-reqid': 'ra' });
        res.end('{"code":503,"message":"busy"}');
      } else json(res, 200, {});
    };
    const delays: number[] = [];
    const http = createHttpClient({ retries: 2, retryBaseDelayMs: 1, retryMaxDelayMs: 2000, onRetry: (e) => delays.push(e.delayMs) });
    const res = await http.request({ method: 'GET', url: `${base}/x`, idempotent: true });
    expect(res.attempts).toBe(2);
    expect(delays).toEqual([1000]);

    seen = [];
    handler = (_req, res) => {
      res.writeHead(429, { 'retry-after': '120' });
      res.end('{"code":429,"message":"slow down"}');
    };
    await expect(http.request({ method: 'GET', url: `${base}/x`, idempotent: true })).rejects.toMatchObject({ statusCode: 429 });
    expect(seen).toHaveLength(1);
  });

  it('connect timeout: a connection that never completes (here: a name that never resolves)', async () => {
    let lookups = 0;
    const http = createHttpClient({
      ...fast,
      retries: 1,
      connectTimeoutMs: 100,
      idleTimeoutMs: 60_000,
      lookup: () => {
        lookups++; // never calls back
      },
    });
    const error = await http.request({ method: 'GET', url: 'http://wcs.invalid/x', idempotent: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WcsTimeoutError);
    expect((error as Error).message).toMatch(/^GET http:\/\/wcs\.invalid\/x timed out: no connection within 100 ms/);
    expect(lookups).toBe(2);
  });

  it('reports upload progress', async () => {
    const progress: number[] = [];
    const http = createHttpClient(fast);
    await http.request({ method: 'POST', url: `${base}/up`, body: Buffer.alloc(300_000), onUploadProgress: (n) => progress.push(n) });
    expect(progress.at(-1)).toBe(300_000);
  });
});

describe('streamed bodies (node:http path)', () => {
  const slowSource = (chunks: number, delayMs: number) => () =>
    Readable.from(
      (async function* () {
        for (let i = 0; i < chunks; i++) {
          await new Promise((r) => setTimeout(r, delayMs));
          yield Buffer.alloc(64 * 1024, i);
        }
      })(),
    );

  it('sends the body, the signer sees no body, progress reaches the total', async () => {
    const progress: number[] = [];
    const signed: SigningRequest[] = [];
    handler = (_req, res, body) => json(res, 200, { got: body.length }, 'rs');
    const http = createHttpClient(fast);
    const res = await http.request({
      method: 'POST',
      url: `${base}/file/upload?x=1`,
      body: slowSource(4, 1),
      authorize: (r) => (signed.push(r), 'tok'),
      onUploadProgress: (n) => progress.push(n),
    });
    expect(JSON.parse(res.body.toString())).toEqual({ got: 4 * 64 * 1024 });
    expect(res.requestId).toBe('rs');
    expect(seen[0]?.headers['authorization']).toBe('tok');
    expect(seen[0]?.headers['connection']).toBe('close');
    expect(signed).toEqual([{ method: 'POST', path: '/file/upload', query: 'x=1', body: '' }]);
    expect(progress.at(-1)).toBe(4 * 64 * 1024);
  });

  it('maps an error answer like any other request', async () => {
    handler = (_req, res) => json(res, 401, { code: 401, message: 'token invalid' }, 'r401');
    const http = createHttpClient(fast);
    await expect(http.request({ method: 'POST', url: `${base}/file/upload`, body: slowSource(1, 0) })).rejects.toMatchObject({
      statusCode: 401,
      serviceMessage: 'token invalid',
      requestId: 'r401',
    });
  });

  it('aborts mid-body', async () => {
    handler = (_req, res) => json(res, 200, {});
    const http = createHttpClient(fast);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    await expect(http.request({ method: 'POST', url: `${base}/up`, body: slowSource(200, 5), signal: controller.signal })).rejects.toBeInstanceOf(WcsAbortError);
  });

  it('times out when the server stops answering', async () => {
    handler = () => undefined;
    const http = createHttpClient({ ...fast, retries: 0, timeoutMs: 150 });
    await expect(http.request({ method: 'POST', url: `${base}/up`, body: slowSource(1, 0) })).rejects.toBeInstanceOf(WcsTimeoutError);
  });

  it('breaks the request when the source fails, so the server never sees a whole body', async () => {
    let serverSawEnd = false;
    handler = (_req, res) => {
      serverSawEnd = true;
      json(res, 200, {});
    };
    const http = createHttpClient(fast);
    const failing = () =>
      Readable.from(
        (async function* () {
          yield Buffer.alloc(1000);
          await new Promise((r) => setTimeout(r, 20));
          throw Object.assign(new Error('source went away'), { code: 'ECONNRESET' });
        })(),
      );
    const error = await http.request({ method: 'POST', url: `${base}/up`, body: failing, headers: { 'content-length': '5000' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WcsNetworkError);
    await new Promise((r) => setTimeout(r, 50));
    expect(serverSawEnd).toBe(false);
  });
});

describe('a service that echoes the token in its error answer', () => {
  it('the token is masked in the message, serviceMessage, String, JSON and inspect of the error', async () => {
    // What a manage or upload token looks like (wcs-api.md §2): AK:b64u(hex(HMAC-SHA1))[:policy].
    const sign = Buffer.from(createHmac('sha1', 'the-secret').update('/stat/x\n').digest('hex')).toString('base64url') + '==';
    const token = `my-ak:${sign}`;
    const uploadToken = `my-ak:${sign}:eyJzY29wZSI6ImIiLCJkZWFkbGluZSI6MX0`;
    handler = (req, res) => json(res, 401, { code: 401, message: `token ${String(req.headers.authorization)} is invalid (policy ${uploadToken})` });
    const http = createHttpClient(fast);
    const error = await http.request({ method: 'GET', url: `${base}/stat/x`, authorize: () => token }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WcsServiceError);
    expect((error as WcsServiceError).serviceMessage).toMatch(/^token my-ak:\*\*\*\* is invalid/);
    for (const text of [String(error), JSON.stringify(error), inspect(error, { depth: 5 }), (error as WcsServiceError).serviceMessage ?? '']) {
      expect(text).not.toContain(sign);
    }
  });
});
