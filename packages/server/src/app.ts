import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { Transform } from 'node:stream';
import { verifyManageToken } from './auth/verify.js';
import { handleControl, isControlPath } from './control.js';
import { WcsHttpError, badRequest, notFound } from './errors.js';
import type { FaultEngine } from './faults.js';
import { newRequestId, readBody, sendError, type RequestContext } from './http.js';
import { handleDownload } from './routes/download.js';
import { handleAppend, handleFileUpload } from './routes/file-upload.js';
import { handleFmgrSubmit, handleFopsSubmit, handleJobStatus } from './routes/fmgr.js';
import {
  handleBucketList, handleBucketStat, handleBucketStatistics, handleDelete, handleList, handleMoveCopy, handleSetDeadline,
  handleStat, handleWsliveList,
} from './routes/manage.js';
import { handleBput, handleMkblk, handleMkfile } from './routes/mkblk-bput-mkfile.js';
import type { RequestLog } from './request-log.js';
import type { ServerState } from './state.js';
import type { RequestLogEntry, ServerEndpoint } from './types.js';

export type HostKind = 'put' | 'mgr' | 'download';

interface Route {
  endpoint: ServerEndpoint;
  method: 'GET' | 'POST' | 'GET|HEAD';
  /** 'manage': body read + manage token verified before the handler runs (§2.2). */
  auth: 'manage' | 'none';
  run(ctx: RequestContext, body: Buffer, accessKey: string): Promise<void> | void;
}

/** Maps a raw path to its route. Upload endpoints exist only on the put host and vice versa. */
export function findRoute(host: HostKind, rawPath: string): Route | undefined {
  if (host === 'download') return { endpoint: 'download', method: 'GET|HEAD', auth: 'none', run: handleDownload };
  const seg = rawPath.split('/').slice(1);
  const [a, b, c] = seg;
  const n = seg.length;
  if (host === 'put') {
    if (a === 'file' && b === 'upload' && n === 2) return { endpoint: 'upload', method: 'POST', auth: 'none', run: handleFileUpload };
    if (a === 'mkblk' && n === 3) return { endpoint: 'mkblk', method: 'POST', auth: 'none', run: (ctx) => handleMkblk(ctx, b as string, c as string) };
    if (a === 'bput' && n === 3) return { endpoint: 'bput', method: 'POST', auth: 'none', run: (ctx) => handleBput(ctx, b as string, c as string) };
    if (a === 'mkfile' && n >= 2) return { endpoint: 'mkfile', method: 'POST', auth: 'none', run: (ctx) => handleMkfile(ctx, b as string, seg.slice(2)) };
    if (a === 'append' && n === 2) return { endpoint: 'append', method: 'POST', auth: 'none', run: (ctx) => handleAppend(ctx, b as string) };
    return undefined;
  }
  const m = (endpoint: ServerEndpoint, method: 'GET' | 'POST', run: Route['run']): Route => ({ endpoint, method, auth: 'manage', run });
  if (a === 'bucket' && n === 2) {
    if (b === 'list') return m('bucketList', 'GET', handleBucketList);
    if (b === 'stat') return m('bucketStat', 'GET', handleBucketStat);
    if (b === 'statistics') return m('bucketStatistics', 'GET', handleBucketStatistics);
  }
  if (a === 'list' && n === 1) return m('list', 'GET', handleList);
  if (a === 'stat' && n === 2) return m('stat', 'GET', (ctx) => handleStat(ctx, b as string));
  if (a === 'delete' && n === 2) return m('delete', 'POST', (ctx) => handleDelete(ctx, b as string));
  if (a === 'move' && n === 3) return m('move', 'POST', (ctx) => handleMoveCopy(ctx, b as string, c as string, true));
  if (a === 'copy' && n === 3) return m('copy', 'POST', (ctx) => handleMoveCopy(ctx, b as string, c as string, false));
  if (a === 'setdeadline' && n === 1) return m('setdeadline', 'POST', (ctx, body) => handleSetDeadline(ctx, body));
  // The two status calls are sent without Authorization by py3 and Go (§2.2).
  if (a === 'fmgr' && b === 'status' && n === 2) return { endpoint: 'fmgrStatus', method: 'GET', auth: 'none', run: (ctx) => handleJobStatus(ctx, 'fmgr') };
  if (a === 'fmgr' && n === 2) return m('fmgr', 'POST', (ctx, body, ak) => handleFmgrSubmit(ctx, b as string, body, ak));
  if (a === 'fops' && n === 1) return m('fops', 'POST', handleFopsSubmit);
  if (a === 'status' && b === 'get' && c === 'prefop' && n === 3) return { endpoint: 'fopsStatus', method: 'GET', auth: 'none', run: (ctx) => handleJobStatus(ctx, 'fops') };
  if (a === 'wslive' && b === 'list' && n === 2) return m('wslive', 'GET', handleWsliveList);
  return undefined;
}

export interface AppDeps {
  state: ServerState;
  faults: FaultEngine;
  log: RequestLog;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Builds the request listener of one host. */
export function createRequestHandler(host: HostKind, deps: AppDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void handleRequest(host, deps, req, res);
  };
}

async function handleRequest(host: HostKind, deps: AppDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { state } = deps;
  res.setHeader('X-Reqid', newRequestId());
  const rawUrl = req.url ?? '/';
  const q = rawUrl.indexOf('?');
  const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q);
  if (host === 'mgr' && isControlPath(rawPath)) {
    await handleControl(deps, req, res, rawUrl, rawPath, q < 0 ? '' : rawUrl.slice(q + 1));
    return;
  }
  const route = findRoute(host, rawPath);
  const entry = deps.log.add({
    method: req.method ?? '', host, path: rawUrl, endpoint: route?.endpoint ?? 'unknown', status: 0, bytesIn: 0, bytesOut: 0, time: state.now(),
  });
  res.once('close', () => deps.log.finish(entry));
  countBytesOut(res, entry);

  const decision = deps.faults.decide(entry.endpoint);
  if (decision.labels.length > 0) entry.fault = decision.labels.join(',');
  const resetAt = decision.resetAfterBytes;
  const body = new Transform({
    transform(chunk: Buffer, _e, cb) {
      entry.bytesIn += chunk.length;
      if (resetAt !== undefined && entry.bytesIn >= resetAt) {
        req.socket.destroy();
        cb();
        return;
      }
      cb(null, chunk);
    },
  });
  req.on('error', (e) => body.destroy(e));
  // Until a route reads the body (after an injected latency, say) nothing listens on it: a client
  // that goes away meanwhile must not turn into an unhandled 'error' that takes the server down.
  // A route that reads it later still sees the failure through its own pipeline.
  body.on('error', () => undefined);
  req.on('close', () => {
    if (!req.complete) body.destroy(new Error('request aborted'));
  });
  req.pipe(body);
  const ctx: RequestContext = { req, res, state, rawUrl, rawPath, query: new URLSearchParams(q < 0 ? '' : rawUrl.slice(q + 1)), body, entry };
  if (resetAt === 0) {
    req.socket.destroy();
    return;
  }
  try {
    if (decision.latencyMs > 0) await sleep(decision.latencyMs);
    if (decision.status !== undefined) {
      throw new WcsHttpError(decision.status, `injected fault: HTTP ${decision.status}`);
    }
    checkPercentEscapes(rawUrl);
    if (route === undefined) throw notFound(`no such endpoint: ${rawPath}`);
    const method = req.method ?? '';
    const allowed = route.method === 'GET|HEAD' ? ['GET', 'HEAD'] : [route.method];
    if (!allowed.includes(method)) throw new WcsHttpError(405, `method ${method} not allowed on ${rawPath}`);
    let reqBody: Buffer = Buffer.alloc(0);
    let accessKey = '';
    if (route.auth === 'manage') {
      reqBody = await readBody(ctx);
      accessKey = verifyManageToken(req.headers.authorization, rawUrl, reqBody, state.credentials);
    }
    await route.run(ctx, reqBody, accessKey);
  } catch (e) {
    if (!req.socket.destroyed) sendError(ctx, e);
  }
}

/**
 * A `%` that starts no escape (`%zz`), or escapes that are not UTF-8, name nothing: refused up
 * front as a bad request rather than failing in whichever decoder meets them first (a 500).
 */
function checkPercentEscapes(rawUrl: string): void {
  try {
    decodeURIComponent(rawUrl);
  } catch {
    throw badRequest('malformed percent-escape in the request path or query: every "%" must start a %XX escape of UTF-8 bytes');
  }
}

function countBytesOut(res: ServerResponse, entry: RequestLogEntry): void {
  const size = (chunk: unknown): number =>
    typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk instanceof Uint8Array ? chunk.length : 0;
  const write = res.write.bind(res) as (...a: unknown[]) => boolean;
  const end = res.end.bind(res) as (...a: unknown[]) => ServerResponse;
  res.write = function (chunk: unknown, ...rest: unknown[]): boolean {
    entry.bytesOut += size(chunk);
    return write(chunk, ...rest);
  } as typeof res.write;
  res.end = function (chunk?: unknown, ...rest: unknown[]): ServerResponse {
    if (typeof chunk !== 'function') entry.bytesOut += size(chunk);
    return end(chunk, ...rest);
  } as typeof res.end;
}

/**
 * Answers protocol-level errors (oversized headers → 431, garbage → 400) WCS-shaped where the
 * socket still allows it, and logs them.
 */
export function handleClientError(host: HostKind, deps: AppDeps, err: NodeJS.ErrnoException, socket: Socket): void {
  // A request not received within requestTimeout/headersTimeout is a 408, which clients retry
  // (wcs-api.md §10.1); a 400 told them it was their request's fault, for good.
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : err.code === 'ECONNRESET' ? 0 : 400;
  deps.log.finish(deps.log.add({ method: '', host, path: '', endpoint: 'unknown', status, bytesIn: 0, bytesOut: 0, time: deps.state.now() }));
  if (status === 0 || !socket.writable) {
    socket.destroy();
    return;
  }
  const [reason, message] =
    status === 431 ? ['Request Header Fields Too Large', 'request header fields too large']
      : status === 408 ? ['Request Timeout', 'request not received in time']
        : ['Bad Request', `bad request: ${err.code ?? err.message}`];
  const text = JSON.stringify({ code: status, message });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\n` +
      `X-Reqid: ${newRequestId()}\r\nConnection: close\r\n\r\n${text}`,
  );
}
