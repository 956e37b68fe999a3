import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWcsContext, parseConfig, type WcsConfigInput, type WcsContext } from '@wcs/core';
import type { RequestLogEntry, WcsServer } from '@wcs/server';

export const MiB = 1024 * 1024;
export const ACCESS_KEY = 'ak';
export const SECRET_KEY = 'sk';

/** A context pointed at `server`, with fast retries and a private record folder. */
export function contextFor(server: WcsServer, overrides: WcsConfigInput = {}): WcsContext {
  return createWcsContext(
    parseConfig({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, putUrl: server.putUrl, mgrUrl: server.mgrUrl, ...overrides }),
    { retryBaseDelayMs: 10, retryMaxDelayMs: 50 },
  );
}

export async function makeTempDir(prefix = 'wcs-upload-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function removeDir(dir: string | undefined): Promise<void> {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
}

/** Writes `size` random bytes to `dir/name` and returns the path and the bytes. */
export async function makeFile(dir: string, name: string, size: number): Promise<{ path: string; data: Buffer }> {
  const data = randomBytes(size);
  const path = join(dir, name);
  await writeFile(path, data);
  return { path, data };
}

/** Downloads an object from the server's download host. */
export async function download(server: WcsServer, bucket: string, key: string): Promise<{ status: number; data: Buffer }> {
  const res = await fetch(server.objectUrl(bucket, key));
  return { status: res.status, data: Buffer.from(await res.arrayBuffer()) };
}

/** The upload-host requests of the log, as `endpoint path-shape` strings with ctxs elided. */
export function uploadRequests(log: RequestLogEntry[]): RequestLogEntry[] {
  return log.filter((e) => e.host === 'put');
}

/** `mkblk/<size>/<order>` or `bput/<offset>` or `mkfile/<size>` or `upload`, per request. */
export function shapeOf(entry: RequestLogEntry): string {
  const seg = entry.path.split('?')[0]!.split('/').slice(1);
  switch (entry.endpoint) {
    case 'mkblk':
      return `mkblk/${seg[1]}/${seg[2]}`;
    case 'bput':
      return `bput/${seg[2]}`;
    case 'mkfile':
      return `mkfile/${seg[1]}`;
    default:
      return entry.endpoint;
  }
}
