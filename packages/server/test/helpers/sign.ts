// Test-only signing helpers, written independently of @wcs/auth (wcs-api.md §2).
import { createHmac } from 'node:crypto';

export const b64u = (v: string | Buffer): string =>
  (typeof v === 'string' ? Buffer.from(v, 'utf8') : v).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');

export const entry = (bucket: string, key: string): string => b64u(`${bucket}:${key}`);

export const sign = (sk: string, data: string | Buffer): string => b64u(createHmac('sha1', sk).update(data).digest('hex'));

export function uploadToken(ak: string, sk: string, policy: Record<string, unknown>): string {
  const p = b64u(JSON.stringify({ deadline: Date.now() + 3_600_000, ...policy }));
  return `${ak}:${sign(sk, p)}:${p}`;
}

export function manageToken(ak: string, sk: string, pathAndQuery: string, body = ''): string {
  return `${ak}:${sign(sk, `${pathAndQuery}\n${body}`)}`;
}
