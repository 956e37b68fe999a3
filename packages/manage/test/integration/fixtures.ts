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
