import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { uploadToken } from './sign.js';

/** The WCS etag (wcs-api.md §3.1), computed here with node:crypto, independently of the server. */
export function etagOf(data: Buffer): string {
  const B = 4 * 1024 * 1024;
  if (data.length <= B) return Buffer.concat([Buffer.from([0x16]), createHash('sha1').update(data).digest()]).toString('base64url');
  const digests: Buffer[] = [];
  for (let i = 0; i < data.length; i += B) digests.push(createHash('sha1').update(data.subarray(i, i + B)).digest());
  return Buffer.concat([Buffer.from([0x96]), createHash('sha1').update(Buffer.concat(digests)).digest()]).toString('base64url');
}

/** Names of the content blobs (files or parts directories) under a data dir. */
export async function blobNames(dataDir: string): Promise<string[]> {
  const out: string[] = [];
  for (const shard of await readdir(join(dataDir, 'blobs'))) out.push(...(await readdir(join(dataDir, 'blobs', shard))));
  return out;
}

export interface Urls {
  putUrl: string;
  mgrUrl: string;
}

/** Uploads non-empty `data` as blocks of `blockSize` with mkblk, returning the ctxs; mkfile is separate so callers can race it. */
export async function makeBlocks(u: Urls, token: string, data: Buffer, blockSize = 4 * 1024 * 1024): Promise<string[]> {
  const ctxs: string[] = [];
  for (let i = 0, n = 0; i < data.length; i += blockSize, n++) {
    const block = data.subarray(i, i + blockSize);
    const res = await fetch(`${u.putUrl}/mkblk/${block.length}/${n}`, { method: 'POST', body: block, headers: { Authorization: token } });
    const body = (await res.json()) as { ctx: string };
    if (res.status !== 200) throw new Error(`mkblk answered ${res.status}`);
    ctxs.push(body.ctx);
  }
  return ctxs;
}

export async function mkfile(u: Urls, token: string, size: number, ctxs: string[]): Promise<number> {
  const res = await fetch(`${u.putUrl}/mkfile/${size}`, { method: 'POST', body: ctxs.join(','), headers: { Authorization: token } });
  await res.arrayBuffer();
  return res.status;
}

export function overwriteToken(key: string, bucket = 'test', ak = 'ak', sk = 'sk'): string {
  return uploadToken(ak, sk, { scope: `${bucket}:${key}`, overwrite: 1 });
}

/** A simple upload; answers the status. */
export async function simplePut(u: Urls, token: string, data: Buffer): Promise<number> {
  const boundary = '----wcs-storage-test';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="token"\r\n\r\n${token}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await fetch(`${u.putUrl}/file/upload`, { method: 'POST', body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
  await res.arrayBuffer();
  return res.status;
}

/** Deterministic distinct bytes for a writer. */
export function contentFor(label: string, size: number): Buffer {
  const seed = createHash('sha256').update(label).digest();
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i += 32) seed.copy(out, i, 0, Math.min(32, size - i));
  if (size > 0) out.write(label.slice(0, size), 0);
  return out;
}
