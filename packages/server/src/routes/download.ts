import { badRequest, notFound, WcsHttpError } from '../errors.js';
import { isVisible, requireBucket, writeHead, type RequestContext } from '../http.js';
import { bumpCounter } from '../state.js';
import { pipeline } from 'node:stream/promises';
import { appendableHeaders } from './manage.js';

/** Parses a single `bytes=a-b`, `bytes=a-` or `bytes=-n` range; multiple ranges are served whole. */
function parseRange(header: string, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (m === null) return undefined;
  const [, a, b] = m as unknown as [string, string, string];
  if (a === '' && b === '') return undefined;
  if (a === '') {
    const n = Number(b);
    if (n === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(a);
  const end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  if (start >= size || (b !== '' && Number(b) < start)) return 'unsatisfiable';
  return { start, end };
}

/** `GET|HEAD /<bucket>/<key>` on the download host (§9), key path-encoded per segment. */
export async function handleDownload(ctx: RequestContext): Promise<void> {
  const method = ctx.req.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') throw new WcsHttpError(405, 'method not allowed');
  const path = ctx.rawPath.slice(1);
  const slash = path.indexOf('/');
  if (slash <= 0) throw notFound();
  let bucket: string;
  let key: string;
  try {
    bucket = decodeURIComponent(path.slice(0, slash));
    key = decodeURIComponent(path.slice(slash + 1));
  } catch {
    throw badRequest('malformed percent-encoding in the path');
  }
  requireBucket(ctx.state.store, bucket);
  // Headers and bytes come from one opened version: an overwrite meanwhile cannot mix them.
  const opened = await ctx.state.store.open(bucket, key);
  if (opened === undefined) throw notFound();
  try {
    const o = opened.meta;
    if (!isVisible(o, ctx.state.now())) throw notFound();
    const headers: Record<string, string> = {
      'Content-Type': o.mimeType,
      ETag: `"${o.hash}"`,
      'Last-Modified': new Date(o.putTime).toUTCString(),
      'Accept-Ranges': 'bytes',
      ...appendableHeaders(o),
    };
    const rangeHeader = ctx.req.headers.range;
    const range = rangeHeader === undefined ? undefined : parseRange(rangeHeader, o.fsize);
    if (range === 'unsatisfiable') {
      throw new WcsHttpError(416, 'requested range not satisfiable', { 'Content-Range': `bytes */${o.fsize}` });
    }
    bumpCounter(ctx.state, bucket, 'downloadRequest');
    if (range !== undefined) {
      headers['Content-Range'] = `bytes ${range.start}-${range.end}/${o.fsize}`;
      headers['Content-Length'] = String(range.end - range.start + 1);
      writeHead(ctx, 206, headers);
    } else {
      headers['Content-Length'] = String(o.fsize);
      writeHead(ctx, 200, headers);
    }
    if (method === 'HEAD' || o.fsize === 0) {
      ctx.res.end();
      return;
    }
    bumpCounter(ctx.state, bucket, 'downloadTraffic', range !== undefined ? range.end - range.start + 1 : o.fsize);
    await pipeline(opened.stream(range?.start, range?.end), ctx.res);
  } finally {
    await opened.close();
  }
}
