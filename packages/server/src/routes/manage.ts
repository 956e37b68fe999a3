import { unlink } from 'node:fs/promises';
import { splitEntry } from '../auth/verify.js';
import { decodeB64uText } from '../encoding.js';
import { WcsHttpError, badRequest, notFound } from '../errors.js';
import {
  DAY_MS, deadlineToExpiry, formatExpiration, parseForm, parseIntParam, requireBucket, sendJson, visibleObject,
  type RequestContext,
} from '../http.js';
import { validateKey } from '../keys.js';
import { m3u8Segments } from '../m3u8.js';
import type { ListQuery, ObjectStore, StoredObject } from '../store/object-store.js';

const STORAGE_CLASS = 'Standard';

/** Decodes an EncodedEntryURI (`b64u("bucket:key")`, padding optional: wcs-api.md §0). */
export function decodeEntry(text: string, what = 'entry'): { bucket: string; key: string } {
  const { bucket, key } = splitEntry(decodeB64uText(decodeURIComponent(text), what));
  if (key === undefined) throw badRequest(`${what} must encode "bucket:key"`);
  if (key === '') throw badRequest(`${what} has an empty key`);
  return { bucket, key };
}

/** `GET /bucket/list` (§5.1). */
export function handleBucketList(ctx: RequestContext): void {
  sendJson(ctx, 200, { code: '200', message: 'OK', buckets: ctx.state.store.bucketNames().map((name) => ({ name })) });
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseDate(value: string | null, name: string): number {
  const m = value === null ? null : DATE_RE.exec(value);
  if (m === null) throw badRequest(`${name} must be yyyy-mm-dd`);
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(t).toISOString().slice(0, 10) !== value) throw badRequest(`${name} is not a valid date`);
  return t;
}

function parseDateRange(q: URLSearchParams): { start: number; end: number } {
  const start = parseDate(q.get('startdate'), 'startdate');
  const end = parseDate(q.get('enddate'), 'enddate');
  if (end < start) throw badRequest('enddate is before startdate');
  const limit = new Date(start);
  limit.setUTCMonth(limit.getUTCMonth() + 6);
  if (end > limit.getTime()) throw badRequest('the date span must not exceed 6 months');
  return { start, end };
}

function bucketNamesParam(ctx: RequestContext): string[] {
  const name = ctx.query.get('name');
  if (name === null || name === '') throw badRequest('name is required');
  const names = decodeB64uText(name, 'name').split('|');
  for (const n of names) requireBucket(ctx.state.store, n);
  return names;
}

function days(start: number, end: number): string[] {
  const out: string[] = [];
  for (let t = start; t <= end; t += DAY_MS) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/**
 * `GET /bucket/stat` (§5.2): each day's own figure, the bytes stored at the end of that day (or
 * now, for today) in MB with 3 decimals; 0 for days before the bucket had data and for days not
 * yet come. storageType other than Standard reports 0 (every object here is Standard).
 */
export function handleBucketStat(ctx: RequestContext): void {
  const q = ctx.query;
  const names = bucketNamesParam(ctx);
  const { start, end } = parseDateRange(q);
  const details = q.get('isListDetails');
  if (details !== null && details !== 'true' && details !== 'false') throw badRequest('isListDetails must be true or false');
  const storageType = q.get('storageType');
  if (storageType !== null && !['Standard', 'InfrequentAccess', 'Archive'].includes(storageType)) {
    throw badRequest('storageType must be Standard, InfrequentAccess or Archive');
  }
  const standard = storageType === null || storageType === 'Standard';
  const buckets = names.map((name) => ({
    name,
    detail: days(start, end).map((d) => ({
      data_time: d,
      storage: ((standard ? ctx.state.store.storedBytesOn(name, d) : 0) / (1024 * 1024)).toFixed(3),
    })),
  }));
  sendJson(ctx, 200, { code: '200', message: 'OK', buckets });
}

const STATISTIC_TYPES = ['uploadRequest', 'downloadRequest', 'uploadTraffic', 'downloadTraffic'];

/**
 * `GET /bucket/statistics?name=<b64u>&type=…&startdate&enddate` — shape and types are [U]
 * (§5.2, §13). Chosen: `{"code":"200","message":"OK","result":[{"name","type","detail":[{"data_time","value"}]}]}`,
 * counting what this server saw per day.
 */
export function handleBucketStatistics(ctx: RequestContext): void {
  const names = bucketNamesParam(ctx);
  const type = ctx.query.get('type');
  if (type === null || !STATISTIC_TYPES.includes(type)) throw badRequest(`type must be one of ${STATISTIC_TYPES.join(', ')}`);
  const { start, end } = parseDateRange(ctx.query);
  const result = names.map((name) => ({
    name,
    type,
    detail: days(start, end).map((d) => ({ data_time: d, value: String(ctx.state.counters.get(`${name}\0${d}\0${type}`) ?? 0) })),
  }));
  sendJson(ctx, 200, { code: '200', message: 'OK', result });
}

function listItem(o: StoredObject): Record<string, unknown> {
  return {
    key: o.key, putTime: o.putTime, hash: o.hash, fsize: o.fsize, mimeType: o.mimeType,
    expirationDate: formatExpiration(o.expiresAt), storageClass: STORAGE_CLASS,
  };
}

export interface ListEntry {
  /** 0 or 1: sort group (files/dirs order depends on mode). */
  g: number;
  name: string;
  obj?: StoredObject;
}

/** Filters of one listing: visibility and the putTime window. */
export type ListFilter = Pick<ListQuery, 'visibleAt' | 'startTime' | 'endTime'>;

/**
 * Up to `limit` list entries after the marker position `after`: files (with their objects) and,
 * with a mode, common prefixes, in the order of §5.3.
 */
export function listEntries(
  store: ObjectStore,
  bucket: string,
  o: { prefix: string; mode: number | undefined; after: { g: number; k: string } | undefined; limit: number; filter: ListFilter },
): ListEntry[] {
  const { prefix, mode, after, limit, filter } = o;
  if (mode === undefined) {
    return store
      .listPage(bucket, { ...filter, prefix, ...(after !== undefined ? { after: after.k } : {}), limit })
      .map((obj) => ({ g: 0, name: obj.key, obj }));
  }
  const dir = prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
  const fileGroup = mode === 0 ? 0 : 1;
  const group = (g: number, after: string | undefined, limit: number): ListEntry[] => {
    const q = { ...filter, limit, ...(after !== undefined ? { after } : {}) };
    return g === fileGroup
      ? store.listDirFiles(bucket, dir, q).map((obj) => ({ g, name: obj.key, obj }))
      : store.listSubdirs(bucket, dir, q).map((name) => ({ g, name }));
  };
  const startGroup = after?.g ?? 0;
  const entries = startGroup === 0 ? group(0, after?.k, limit) : [];
  if (entries.length < limit && startGroup <= 1) entries.push(...group(1, startGroup === 1 ? after?.k : undefined, limit - entries.length));
  return entries;
}

/**
 * `GET /list` (§5.3). Without mode: a flat listing of keys starting with prefix. With mode the
 * prefix names a directory (matched exactly); entries are the files directly in it plus
 * commonPrefixes for sub-directories, files first (mode 0) or folders first (mode 1). The marker
 * is opaque (b64u JSON of the last entry), so paging stays correct under concurrent changes; an
 * empty marker means there is nothing more. A page costs index range scans and seeks in
 * proportion to its length, whatever the size of the bucket.
 */
export function handleList(ctx: RequestContext): void {
  const q = ctx.query;
  const bucket = q.get('bucket') ?? '';
  requireBucket(ctx.state.store, bucket);
  const limit = parseIntParam(q.get('limit'), 'limit') ?? 1000;
  if (limit < 1 || limit > 1000) throw badRequest('limit must be within 1..1000');
  const prefixParam = q.get('prefix');
  const prefix = prefixParam === null || prefixParam === '' ? '' : decodeB64uText(prefixParam, 'prefix');
  const modeParam = q.get('mode');
  if (modeParam !== null && modeParam !== '0' && modeParam !== '1') throw badRequest('mode must be 0 or 1');
  const mode = modeParam === null ? undefined : Number(modeParam);
  const startTime = parseIntParam(q.get('startTime'), 'startTime');
  const endTime = parseIntParam(q.get('endTime'), 'endTime');
  const markerParam = q.get('marker');
  let after: { g: number; k: string } | undefined;
  if (markerParam !== null && markerParam !== '') {
    try {
      after = JSON.parse(decodeB64uText(markerParam, 'marker')) as { g: number; k: string };
      if (typeof after.g !== 'number' || typeof after.k !== 'string') throw new Error('bad marker');
    } catch {
      throw badRequest('marker is invalid');
    }
  }
  const filter: ListFilter = {
    visibleAt: ctx.state.now(), ...(startTime !== undefined ? { startTime } : {}), ...(endTime !== undefined ? { endTime } : {}),
  };
  const entries = listEntries(ctx.state.store, bucket, { prefix, mode, after, limit: limit + 1, filter });
  const page = entries.slice(0, limit);
  const more = entries.length > limit;
  const lastEntry = page[page.length - 1];
  const marker = more && lastEntry !== undefined
    ? Buffer.from(JSON.stringify({ g: lastEntry.g, k: lastEntry.name })).toString('base64url')
    : '';
  const body: Record<string, unknown> = { marker, items: page.filter((e) => e.obj !== undefined).map((e) => listItem(e.obj as StoredObject)) };
  if (mode !== undefined) body.commonPrefixes = page.filter((e) => e.obj === undefined).map((e) => e.name);
  sendJson(ctx, 200, body);
}

function appendableHeaders(o: StoredObject): Record<string, string> {
  return o.type === 'Appendable' ? { 'x-wcs-object-type': 'Appendable', 'x-wcs-next-append-position': String(o.fsize) } : {};
}

export { appendableHeaders };

/**
 * `GET /stat/<entry>` (§5.4): numbers quoted as in the doc; putTime in ms (§12.10: ms chosen,
 * the doc text says ms); expirationDate YYYYMMDDhhmmss UTC, empty when there is none.
 */
export function handleStat(ctx: RequestContext, entryText: string): void {
  const { bucket, key } = decodeEntry(entryText);
  requireBucket(ctx.state.store, bucket);
  const o = visibleObject(ctx.state, bucket, key);
  if (o === undefined) throw notFound();
  sendJson(ctx, 200, {
    result: 'true', code: '200', name: o.key, message: 'OK', fsize: String(o.fsize), hash: o.hash, mimeType: o.mimeType,
    putTime: String(o.putTime), expirationDate: formatExpiration(o.expiresAt), storageClass: STORAGE_CLASS,
  }, appendableHeaders(o));
}

/** `POST /delete/<entry>` (§5.5). */
export function handleDelete(ctx: RequestContext, entryText: string): void {
  const { bucket, key } = decodeEntry(entryText);
  requireBucket(ctx.state.store, bucket);
  if (visibleObject(ctx.state, bucket, key) === undefined) throw notFound();
  ctx.state.store.remove(bucket, key);
  sendJson(ctx, 200, { code: '200', message: 'OK' });
}

/** Copies or moves one object; the destination is overwritten (§5.6, §5.7). */
export async function copyObject(
  ctx: RequestContext, src: { bucket: string; key: string }, dst: { bucket: string; key: string }, move: boolean,
): Promise<StoredObject> {
  const { state } = ctx;
  requireBucket(state.store, src.bucket);
  requireBucket(state.store, dst.bucket);
  validateKey(dst.key);
  if (src.bucket === dst.bucket && src.key === dst.key) throw badRequest('source and destination are the same object');
  const o = visibleObject(state, src.bucket, src.key);
  if (o === undefined) throw notFound();
  const tmp = await state.store.copyToTemp(src.bucket, src.key);
  const copy: StoredObject = { ...o, bucket: dst.bucket, key: dst.key, putTime: move ? o.putTime : state.now() };
  try {
    await state.store.put(copy, tmp);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  if (move) state.store.remove(src.bucket, src.key);
  return copy;
}

/** `POST /move/<src>/<dst>` and `POST /copy/<src>/<dst>`: success `{"message":"OK","code":200}`. */
export async function handleMoveCopy(ctx: RequestContext, srcText: string, dstText: string, move: boolean): Promise<void> {
  const src = decodeEntry(srcText, 'source entry');
  const dst = decodeEntry(dstText, 'destination entry');
  await copyObject(ctx, src, dst, move);
  sendJson(ctx, 200, { message: 'OK', code: 200 });
}

/** Applies a retention to one object and, for m3u8 with relevance, its relative .ts (§5.8). */
export async function applyDeadline(ctx: RequestContext, o: StoredObject, expiresAt: number | null, relevance: boolean): Promise<void> {
  ctx.state.store.setExpiry(o.bucket, o.key, expiresAt);
  if (!relevance || !o.key.toLowerCase().endsWith('.m3u8')) return;
  for (const seg of await m3u8Segments(ctx.state, o)) {
    if (visibleObject(ctx.state, o.bucket, seg) !== undefined) ctx.state.store.setExpiry(o.bucket, seg, expiresAt);
  }
}

/** `POST /setdeadline` body `bucket=<b64u>&key=<b64u>&deadline=<days>[&relevance=0|1]` (§5.8). */
export async function handleSetDeadline(ctx: RequestContext, body: Buffer): Promise<void> {
  const form = parseForm(body);
  const bucket = decodeB64uText(form.get('bucket') ?? '', 'bucket');
  const key = decodeB64uText(form.get('key') ?? '', 'key');
  if (bucket === '') throw badRequest('bucket is required');
  if (key === '') throw badRequest('key is required');
  const days = parseIntParam(form.get('deadline'), 'deadline');
  if (days === undefined) throw badRequest('deadline is required');
  const relevanceText = form.get('relevance');
  if (relevanceText !== null && relevanceText !== '0' && relevanceText !== '1') throw badRequest('relevance must be 0 or 1');
  requireBucket(ctx.state.store, bucket);
  const o = visibleObject(ctx.state, bucket, key);
  if (o === undefined) throw notFound();
  // relevance defaults to "apply to the .ts too" when omitted (§5.8 [D]).
  await applyDeadline(ctx, o, deadlineToExpiry(days, ctx.state.now()), relevanceText !== '0');
  sendJson(ctx, 200, { code: '200', message: 'OK' });
}

/**
 * `GET /wslive/list` (§8): the parameters are validated; this server records no live streams, so
 * the list is always empty. Response shape and time format are [U]: `{"code":200,"message":"OK","items":[]}`.
 */
export function handleWsliveList(ctx: RequestContext): void {
  const q = ctx.query;
  for (const p of ['channelname', 'startTime', 'endTime', 'bucket']) {
    if ((q.get(p) ?? '') === '') throw badRequest(`${p} is required`);
  }
  requireBucket(ctx.state.store, q.get('bucket') as string);
  const start = parseIntParam(q.get('start'), 'start');
  const limit = parseIntParam(q.get('limit'), 'limit');
  if (start !== undefined && start < 0) throw badRequest('start must be >= 0');
  if (limit !== undefined && (limit < 1 || limit > 1000)) throw badRequest('limit must be within 1..1000');
  sendJson(ctx, 200, { code: 200, message: 'OK', items: [] });
}

export const methodNotAllowed = (): WcsHttpError => new WcsHttpError(405, 'method not allowed');
