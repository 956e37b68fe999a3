import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { WcsHttpError, badRequest, noSuchBucket, refuseAndClose } from './errors.js';
import type { ObjectStore, StoredObject } from './store/object-store.js';
import type { RequestLogEntry } from './types.js';
import type { ServerState } from './state.js';

/** Per-request view handed to route handlers. */
export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  state: ServerState;
  /** Request target exactly as received (what manage tokens sign). */
  rawUrl: string;
  rawPath: string;
  query: URLSearchParams;
  /** The request body, counted (and cut by resetAfterBytes faults); read this, never `req`. */
  body: Readable;
  entry: RequestLogEntry;
}

let reqCounter = 0;
const reqPrefix = randomBytes(4).toString('hex');

export function newRequestId(): string {
  reqCounter += 1;
  return `${reqPrefix}${Date.now().toString(16)}${reqCounter.toString(16).padStart(6, '0')}`;
}

export function sendJson(ctx: RequestContext, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  writeHead(ctx, status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)), ...headers });
  ctx.res.end(ctx.req.method === 'HEAD' ? undefined : text);
}

export function sendText(ctx: RequestContext, status: number, text: string, contentType: string, headers: Record<string, string> = {}): void {
  writeHead(ctx, status, { 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(text)), ...headers });
  ctx.res.end(text);
}

export function writeHead(ctx: RequestContext, status: number, headers: Record<string, string>): void {
  ctx.entry.status = status;
  ctx.res.writeHead(status, headers);
}

/** WCS error shape: `{"code": <status>, "message": "…"}` (wcs-api.md §1.2). */
export function sendError(ctx: RequestContext, err: unknown): void {
  const e = err instanceof WcsHttpError ? err : new WcsHttpError(500, `internal error: ${(err as Error)?.message ?? String(err)}`);
  // Drain what the client still sends so the connection can answer cleanly, unless the body is
  // refused: then it stays unread and `Connection: close` makes Node close the socket once the
  // answer is out.
  if (!e.closeConnection) ctx.body.resume();
  if (ctx.res.headersSent) {
    ctx.res.destroy();
    return;
  }
  sendJson(ctx, e.status, { code: e.status, message: e.message }, { ...e.headers, ...(e.closeConnection ? { Connection: 'close' } : {}) });
}

/**
 * Connection limits, spelt out rather than left to Node's defaults (same values): request headers
 * up to 16 KiB (more → 431), 60 s to send them, 300 s for a whole request, and an idle
 * keep-alive connection is closed after 5 s.
 */
export const SERVER_LIMITS = { maxHeaderSize: 16 * 1024, headersTimeout: 60_000, requestTimeout: 300_000, keepAliveTimeout: 5_000 } as const;

/** Body limit of every endpoint that reads its body whole, except mkfile (its own, larger limit). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Reads the whole (small) body; manage calls sign it byte for byte (wcs-api.md §2.2). */
export async function readBody(ctx: RequestContext, maxBytes = MAX_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of ctx.body) {
    const buf = chunk as Buffer;
    total += buf.length;
    // The rest of an oversized body is not read: the answer closes the connection, which then
    // carries no half-read request for a next one to trip over.
    if (total > maxBytes) throw refuseAndClose(new WcsHttpError(413, `request body exceeds ${maxBytes} bytes`));
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** Parses a form body `a=b&c=d` (no Content-Type is required: wcs-api.md §1.2). */
export function parseForm(body: Buffer): URLSearchParams {
  return new URLSearchParams(body.toString('utf8'));
}

export function requireBucket(store: ObjectStore, bucket: string): void {
  if (bucket === '') throw badRequest('bucket is required');
  if (!store.bucketNames().includes(bucket)) throw noSuchBucket(bucket);
}

/** Objects past their deadline vanish from stat, list and download. */
export function isVisible(obj: StoredObject | undefined, nowMs: number): obj is StoredObject {
  return obj !== undefined && (obj.expiresAt === null || obj.expiresAt > nowMs);
}

export function visibleObject(state: ServerState, bucket: string, key: string): StoredObject | undefined {
  const obj = state.store.head(bucket, key);
  return isVisible(obj, state.now()) ? obj : undefined;
}

/** Parses an integer query/form parameter strictly. */
export function parseIntParam(value: string | null | undefined, name: string): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (!/^-?\d+$/.test(value)) throw badRequest(`${name} must be an integer`);
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw badRequest(`${name} is out of range`);
  return n;
}

/** `expirationDate` as YYYYMMDDhhmmss in UTC (wcs-api.md §5.4; the time zone is [U], UTC chosen). */
export function formatExpiration(expiresAt: number | null): string {
  if (expiresAt === null) return '';
  const d = new Date(expiresAt);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

export const DAY_MS = 86_400_000;

/**
 * The latest expiry there is: `expirationDate` is YYYYMMDDhhmmss (§5.4), and later instants have
 * five-digit years or, past JavaScript's date range, print as "0NaNNaN…".
 */
export const MAX_EXPIRY_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** Retention in days → absolute expiry (wcs-api.md §5.8): -1 clears, 0 expires now. */
export function deadlineToExpiry(days: number, nowMs: number): number | null {
  if (days === -1) return null;
  if (days < -1) throw badRequest('deadline must be -1, 0 or a positive number of days');
  const expiresAt = nowMs + days * DAY_MS;
  if (!(expiresAt <= MAX_EXPIRY_MS)) {
    const most = Math.floor((MAX_EXPIRY_MS - nowMs) / DAY_MS);
    throw badRequest(`deadline of ${days} days gives a date past 9999-12-31; give at most ${most} days (or -1 to keep the object forever)`);
  }
  return expiresAt;
}
