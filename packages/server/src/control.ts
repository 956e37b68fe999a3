import type { IncomingMessage, ServerResponse } from 'node:http';
import { PassThrough } from 'node:stream';
import { verifyManageToken } from './auth/verify.js';
import { WcsHttpError, badRequest, notFound } from './errors.js';
import { parseFaultOptionsJson } from './fault-schema.js';
import type { FaultEngine } from './faults.js';
import { readBody, sendError, sendJson, type RequestContext } from './http.js';
import type { RequestLog } from './request-log.js';
import type { ServerState } from './state.js';

/** Path prefix of the control endpoint on the manage host. */
export const CONTROL_PREFIX = '/_wcs/';

export function isControlPath(rawPath: string): boolean {
  return rawPath.startsWith(CONTROL_PREFIX);
}

export interface ControlDeps {
  state: ServerState;
  faults: FaultEngine;
  log: RequestLog;
}

/**
 * The control endpoint, so tests in any language can drive the server at run time:
 * `GET|PUT /_wcs/faults` and `GET /_wcs/requests?since=N`. Signed like any manage call (a manage
 * token of a configured key over path, query and body). Control calls are neither logged nor
 * subject to fault rules: a `*` rule must not lock a test out of the switch that lifts it, and
 * polling the log must not fill it.
 */
export async function handleControl(
  deps: ControlDeps, req: IncomingMessage, res: ServerResponse, rawUrl: string, rawPath: string, query: string,
): Promise<void> {
  const entry = { seq: 0, method: req.method ?? '', host: 'mgr' as const, path: rawUrl, endpoint: 'unknown' as const, status: 0, bytesIn: 0, bytesOut: 0, time: 0 };
  // Read through a pass-through: giving up on an oversized body must not destroy `req` (and with
  // it the socket) before the 413 is out.
  const body = req.pipe(new PassThrough());
  const ctx: RequestContext = { req, res, state: deps.state, rawUrl, rawPath, query: new URLSearchParams(query), body, entry };
  try {
    const what = rawPath.slice(CONTROL_PREFIX.length);
    const methods = what === 'faults' ? ['GET', 'PUT'] : what === 'requests' ? ['GET'] : undefined;
    if (methods === undefined) throw notFound(`no such control endpoint: ${rawPath} (there are ${CONTROL_PREFIX}faults and ${CONTROL_PREFIX}requests)`);
    const method = req.method ?? '';
    if (!methods.includes(method)) throw new WcsHttpError(405, `method ${method} not allowed on ${rawPath} (${methods.join(', ')})`);
    const bytes = await readBody(ctx);
    verifyManageToken(req.headers.authorization, rawUrl, bytes, deps.state.credentials);
    if (what === 'requests') {
      const sinceText = ctx.query.get('since') ?? '0';
      if (!/^\d+$/.test(sinceText) || !Number.isSafeInteger(Number(sinceText))) throw badRequest('since must be a non-negative integer (the seq of the last entry you have)');
      sendJson(ctx, 200, { last: deps.log.last, entries: deps.log.entries(Number(sinceText)) });
      return;
    }
    if (method === 'PUT') {
      let options;
      try {
        options = parseFaultOptionsJson(bytes.toString('utf8'));
      } catch (e) {
        throw badRequest(`fault options: ${(e as Error).message}`);
      }
      deps.faults.set(options);
    }
    sendJson(ctx, 200, deps.faults.current());
  } catch (e) {
    if (!req.socket.destroyed) sendError(ctx, e);
  }
}
