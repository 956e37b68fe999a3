// Fixtures shared by the integration tests of @wcs/manage, @wcs/fmgr and @wcs/sdk.
import { createServer } from 'node:http';
import { createUploadToken } from '@wcs/auth';
import { createWcsContext, parseConfig, type WcsConfigInput, type WcsContext } from '@wcs/core';
import type { WcsServer } from '@wcs/server';

export const ACCESS_KEY = 'ak-int';
export const SECRET_KEY = 'sk-int';

/** A context pointed at the local server, with short retry delays so fault tests stay quick. */
export function contextFor(server: WcsServer, overrides: WcsConfigInput = {}): WcsContext {
  const config = parseConfig({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, putUrl: server.putUrl, mgrUrl: server.mgrUrl, ...overrides });
  return createWcsContext(config, { retryBaseDelayMs: 5, retryMaxDelayMs: 20 });
}

/** Uploads one object through `/file/upload` (test setup only) and returns its etag. */
export async function putObject(server: WcsServer, bucket: string, key: string, data: string | Uint8Array): Promise<string> {
  const token = createUploadToken({ scope: `${bucket}:${key}`, overwrite: 1 }, { credentials: { accessKey: ACCESS_KEY, secretKey: SECRET_KEY } });
  const form = new FormData();
  form.append('token', token);
  form.append('file', new Blob([typeof data === 'string' ? Buffer.from(data) : data]), key.split('/').pop() ?? key);
  const res = await fetch(`${server.putUrl}/file/upload`, { method: 'POST', body: form });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`setup upload of ${key} failed: ${res.status} ${text}`);
  const hash = (JSON.parse(text) as { hash?: string }).hash;
  if (typeof hash !== 'string') throw new Error(`setup upload of ${key}: no hash in ${text}`);
  return hash;
}

/** Uploads many small objects with bounded concurrency. */
export async function putMany(server: WcsServer, bucket: string, keys: readonly string[], concurrency = 24): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < keys.length) {
      const key = keys[next++] as string;
      await putObject(server, bucket, key, `content of ${key}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** A loopback HTTP server for fetch sources and notification receivers; always close it. */
export interface LoopbackServer {
  url: string;
  requests: Array<{ method: string; path: string; body: string; headers: Record<string, string | string[] | undefined> }>;
  close(): Promise<void>;
}

export async function startLoopback(routes: Record<string, { status: number; body: string | Uint8Array }>): Promise<LoopbackServer> {
  const requests: LoopbackServer['requests'] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', path: req.url ?? '', body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
      const route = routes[req.url ?? ''] ?? { status: 404, body: 'not found' };
      res.writeHead(route.status, { 'content-type': 'application/octet-stream' });
      res.end(route.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
