import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import type { LookupFunction, Socket } from 'node:net';
import { Readable } from 'node:stream';
import { REQUEST_ID_HEADER } from '../constants.js';
import type { WcsConfig } from '../config/schema.js';
import { WcsAbortError, WcsError, WcsInvalidArgumentError, WcsServiceError, WcsTimeoutError } from '../errors.js';
import { normalizeRetryOptions, parseRetryAfter, withRetry, type RetryOptions, type RetryPolicy } from './retry.js';
import { isRetryableStatus, serviceErrorFromResponse, stripQuery, transportErrorToWcsError } from './to-wcs-error.js';
import { createUserAgent } from './user-agent.js';

/** A request body. A function is called once per attempt, so a stream body can be retried. */
export type HttpBody = string | Uint8Array | (() => Readable);

/** What a signer sees: exactly the path, raw query and body bytes that go on the wire. */
export interface SigningRequest {
  method: string;
  /** URL path as sent, e.g. `/stat/bXlidWNrZXQ6aGVsbG8udHh0`. */
  path: string;
  /** Raw query without `?`; empty when there is none. */
  query: string;
  /** The body as sent; empty for none (stream bodies are never signed). */
  body: string | Uint8Array;
}

/** One HTTP call. */
export interface HttpRequestOptions {
  method: 'GET' | 'POST' | 'HEAD';
  /** Absolute `http(s)://` URL, query included. */
  url: string;
  /** Extra headers; `undefined` values are left out. */
  headers?: Record<string, string | undefined>;
  body?: HttpBody;
  /**
   * The request is safe to repeat (reads, and uploads of the same bytes to the same place).
   * Only such requests are retried, and only on network errors, timeouts, 408, 429 and 5xx
   * other than 579. Job-creating calls must leave this false.
   */
  idempotent?: boolean;
  /** Overrides the client's retry count for this request. */
  retries?: number;
  /**
   * Overrides the client's `keepAlive` for this request, e.g. to keep the connections of one
   * multipart upload open while other requests follow `keepalive = False`.
   */
  keepAlive?: boolean;
  /** Per-call refinements of the retry policy (statuses, an `isRetryable` override, delays). */
  retryPolicy?: Pick<RetryPolicy, 'retryableStatuses' | 'isRetryable' | 'baseDelayMs' | 'maxDelayMs' | 'maxRetryAfterMs'>;
  /** Computes the `Authorization` value from the final URL and body, once per attempt. */
  authorize?: (request: SigningRequest) => string;
  /** Cancels the request (and any retry wait) with a `WcsAbortError`. */
  signal?: AbortSignal | undefined;
  /** Called with the number of body bytes sent so far. */
  onUploadProgress?: (bytesSent: number) => void;
  /** Statuses besides 2xx that are answers, not errors (e.g. 303 for `returnUrl` uploads). */
  acceptStatuses?: readonly number[];
}

/**
 * What `requestJson` validates an answer with: anything with zod's `safeParse` shape, so a full
 * `zod` schema and a `zod/mini` one both fit and the transport itself loads no schema library.
 */
export interface JsonAnswerSchema<T> {
  safeParse(value: unknown):
    | { success: true; data: T }
    | { success: false; error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> } };
}

/** A complete answer. */
export interface HttpResponse {
  statusCode: number;
  headers: IncomingHttpHeaders;
  /** The service's `X-Reqid`. */
  requestId: string | undefined;
  body: Buffer;
  /** How many attempts it took (1 = no retry). */
  attempts: number;
}

/** An answer whose body is still streaming (downloads). */
export interface HttpStreamResponse {
  statusCode: number;
  headers: IncomingHttpHeaders;
  requestId: string | undefined;
  body: Readable;
}

/** Information passed to `onRetry`. */
export interface RetryEvent {
  /** The attempt that just failed (1 for the first). */
  attempt: number;
  /** How long the client waits before the next attempt. */
  delayMs: number;
  /** Why the attempt failed. */
  error: WcsError;
  method: string;
  /** The request URL without its query string. */
  url: string;
}

/** Options of {@link createHttpClient}. */
export interface HttpClientOptions {
  /**
   * Default of `connectTimeoutMs` and `idleTimeoutMs` (Python `connection_timeout`, in ms). It is
   * not a limit on a whole transfer. Default 40 000.
   */
  timeoutMs?: number;
  /** Longest wait for a connection (DNS, TCP and TLS). Default `timeoutMs`. */
  connectTimeoutMs?: number;
  /** Longest silence on an open connection, in either direction. Default `timeoutMs`. */
  idleTimeoutMs?: number;
  /** Longest time for one attempt from start to the last byte of the answer; 0 = no limit (the default). */
  requestTimeoutMs?: number;
  /** Retries for idempotent requests. Default 3. */
  retries?: number;
  /** Ceiling of the first retry delay, doubled on each retry (full jitter below it). Default 200. */
  retryBaseDelayMs?: number;
  /** Upper bound of one retry delay. Default 10 000. */
  retryMaxDelayMs?: number;
  /** Default `wcs-ts/<version> (Node.js …)`. */
  userAgent?: string;
  /** false (the Python default) sends `Connection: close` on every request. */
  keepAlive?: boolean;
  /** TLS certificate verification. Default true. */
  verifyTls?: boolean;
  /** Host name resolution (`dns.lookup` by default), e.g. to pin a host to one address. */
  lookup?: LookupFunction;
  /** Called before each retry wait, e.g. to log it. */
  onRetry?: (event: RetryEvent) => void;
}

/** The transport every package uses; no foreign type leaks through it. */
export interface HttpClient {
  request(options: HttpRequestOptions): Promise<HttpResponse>;
  /** Sends the request and validates the JSON answer with `schema`. A body that is not that JSON is a `WcsServiceError`. */
  requestJson<T>(options: HttpRequestOptions, schema: JsonAnswerSchema<T>): Promise<{ data: T; response: HttpResponse }>;
  /** Starts a request whose answer body is returned as a stream (downloads). Retries only until the answer starts. */
  stream(options: HttpRequestOptions): Promise<HttpStreamResponse>;
  /** Closes pooled connections. */
  close(): void;
}

/** Transport options from a loaded config (`connection_timeout`, `connection_retries`, `keepalive`, `isverify`). */
export function httpClientOptionsFromConfig(config: WcsConfig): HttpClientOptions {
  return {
    timeoutMs: config.connectionTimeoutSeconds * 1000,
    retries: config.connectionRetries,
    keepAlive: config.keepAlive,
    verifyTls: config.verifyTls,
  };
}

/** How one attempt ended: the answer, with its body collected or still streaming. */
interface Answer {
  statusCode: number;
  headers: IncomingHttpHeaders;
  body: Buffer | IncomingMessage;
}

/** Bytes of an error answer kept for its message when the body was meant to stream. */
const ERROR_BODY_LIMIT = 65_536;
/** Write size of a buffered body when progress is reported. */
const PROGRESS_SLICE = 64 * 1024;
/**
 * How long an idle pooled connection is kept: below the shortest idle timeout servers commonly
 * use (Node's http server closes after 5 s), so we rarely pick a connection the server is just
 * closing. A server's `Keep-Alive: timeout=N` hint shortens it further (Node's agent keeps a free
 * socket N - 1 s, but only when the agent has a timeout of its own).
 */
const FREE_SOCKET_TIMEOUT_MS = 4_000;
/** Resends of one attempt after pooled connections turned out closed (each one leaves the pool). */
const MAX_STALE_RESENDS = 8;

/**
 * Errors of requests that failed on a reused keep-alive connection before any byte of an answer
 * came back, because the connection was closed (reset, broken pipe, hang-up): the server closed
 * it while idle just as we picked it, so it never saw the request.
 */
const staleConnectionErrors = new WeakSet<object>();
const CONNECTION_DROPPED = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

/**
 * `node:https`, loaded on the first https request: it brings TLS, which costs a one-request
 * command on plain http (a local service, the tests) a few ms of start-up (issue 11).
 */
const https = (): typeof import('node:https') => process.getBuiltinModule('node:https');

/**
 * Creates the HTTP transport on `node:http`/`node:https`: keep-alive agents, one signing point,
 * one timeout model (connect, idle, whole request) and the retry loop (`withRetry`) for
 * buffered bodies, streamed bodies and downloads alike. Why not got: see packages/core/README.md.
 *
 * @example
 * const http = createHttpClient(httpClientOptionsFromConfig(config));
 * const { data } = await http.requestJson({ method: 'GET', url, authorize }, schema);
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const timeoutMs = positiveOr(options.timeoutMs, 40_000);
  const timeouts = {
    connect: positiveOr(options.connectTimeoutMs, timeoutMs),
    idle: positiveOr(options.idleTimeoutMs, timeoutMs),
    request: positiveOr(options.requestTimeoutMs, 0),
  };
  const keepAlive = options.keepAlive ?? false;
  const verifyTls = options.verifyTls ?? true;
  const retry: RetryOptions = normalizeRetryOptions({
    ...(options.retries !== undefined ? { retries: options.retries } : {}),
    ...(options.retryBaseDelayMs !== undefined ? { baseDelayMs: options.retryBaseDelayMs } : {}),
    ...(options.retryMaxDelayMs !== undefined ? { maxDelayMs: options.retryMaxDelayMs } : {}),
  });
  // lifo: the most recently used socket is the one least likely to have been closed by the server.
  // One pair of agents per connection mode, made when first used: a request may ask for the
  // other mode than the client's (HttpRequestOptions.keepAlive).
  const pools = new Map<boolean, { http?: HttpAgent; https?: HttpsAgent }>();
  const agentsFor = (keep: boolean) => {
    let pool = pools.get(keep);
    if (!pool) pools.set(keep, (pool = {}));
    return pool;
  };
  // `timeout` is the idle life of a pooled socket (also its initial socket timeout, which each
  // request replaces with its own idle timeout).
  const agentOptions = (keep: boolean) => ({ keepAlive: keep, scheduling: 'lifo', ...(keep ? { timeout: FREE_SOCKET_TIMEOUT_MS } : {}) }) as const;
  const httpAgent = (keep: boolean): HttpAgent => (agentsFor(keep).http ??= new HttpAgent(agentOptions(keep)));
  const httpsAgent = (keep: boolean): HttpsAgent =>
    (agentsFor(keep).https ??= new (https().Agent)({ ...agentOptions(keep), rejectUnauthorized: verifyTls }));
  const userAgent = options.userAgent ?? createUserAgent();

  function withRetries<T>(req: HttpRequestOptions, attemptOnce: (attempt: number) => Promise<T>): Promise<T> {
    const where = `${req.method} ${stripQuery(req.url)}`;
    return withRetry(attemptOnce, {
      ...retry,
      ...req.retryPolicy,
      idempotent: req.idempotent ?? false,
      ...(req.retries !== undefined ? { retries: req.retries } : {}),
      signal: req.signal,
      abortError: (cause) => (cause instanceof WcsAbortError ? cause : new WcsAbortError(`${where} was aborted.`, { cause: req.signal?.reason ?? cause })),
      onRetry: ({ attempt, delayMs, error }) => {
        try {
          options.onRetry?.({ attempt, delayMs, error: error as WcsError, method: req.method, url: stripQuery(req.url) });
        } catch (thrown) {
          // The callback's error, inside the one hierarchy (a bare error would escape it).
          throw new WcsError('ERR_WCS_UNEXPECTED', `${where} stopped: onRetry threw: ${String((thrown as Error)?.message ?? thrown)}`, { cause: thrown });
        }
      },
    });
  }

  const failIfNotOk = (req: HttpRequestOptions, statusCode: number, headers: IncomingHttpHeaders, body: Buffer | undefined) => {
    if ((statusCode >= 200 && statusCode < 300) || req.acceptStatuses?.includes(statusCode)) return;
    const error = serviceErrorFromResponse({ method: req.method, url: req.url, statusCode, requestId: requestIdOf(headers), body });
    const retryAfterMs = parseRetryAfter(headers['retry-after']);
    if (retryAfterMs !== undefined) Object.defineProperty(error, 'retryAfterSeconds', { value: retryAfterMs / 1000 });
    throw error;
  };

  /**
   * One attempt: signs, sends the body, and resolves with the answer. `streamBody` leaves a 2xx
   * answer's body unread for the caller (downloads); every other body is collected.
   */
  const sendOnce = (req: HttpRequestOptions, streamBody: boolean) =>
    new Promise<Answer>((resolve, reject) => {
      const where = `${req.method} ${stripQuery(req.url)}`;
      let url: URL;
      try {
        url = new URL(req.url);
      } catch {
        // Not a bare TypeError, and no cause: its `input` is the whole URL, password and signed query included.
        reject(new WcsInvalidArgumentError(`${where} is not a valid URL: check it (or the put_url/mgr_url setting it was built from).`));
        return;
      }
      const secure = url.protocol === 'https:';
      const source = typeof req.body === 'function' ? req.body() : req.body;
      const bytes = source === undefined || !(typeof source === 'string' || isUint8(source)) ? undefined : toBuffer(source);
      const stream = bytes === undefined ? (source as Readable | undefined) : undefined;
      const keep = req.keepAlive ?? keepAlive;
      const headers: Record<string, string> = { 'user-agent': userAgent, ...(keep ? {} : { connection: 'close' }), ...requestHeaders(req) };
      if (bytes !== undefined) headers['content-length'] = String(bytes.length);
      else if (stream === undefined && req.method === 'POST') headers['content-length'] = '0';
      // The one signing point: the final path, raw query and body as they go on the wire
      // (wcs-api.md §2.2). Stream bodies are never signed (SigningRequest).
      if (req.authorize) {
        headers['authorization'] = req.authorize({
          method: req.method,
          path: url.pathname,
          query: url.search.slice(1),
          body: typeof source === 'string' || isUint8(source) ? source : '',
        });
      }

      let settled = false;
      let response: IncomingMessage | undefined;
      /** The request once made (its `reusedSocket` says whether the agent gave it a pooled connection). */
      let outgoing: ClientRequest | undefined;
      let connectTimer: NodeJS.Timeout | undefined;
      let requestTimer: NodeJS.Timeout | undefined;
      const cleanup = () => {
        clearTimeout(connectTimer);
        clearTimeout(requestTimer);
      };
      const settle = (error: unknown, answer?: Answer) => {
        if (settled) return;
        settled = true;
        if (error !== undefined) {
          cleanup();
          stream?.destroy();
          const wcsError = error instanceof WcsError ? error : transportErrorToWcsError(error, req.method, req.url);
          if (response === undefined && outgoing?.reusedSocket === true && CONNECTION_DROPPED.has((error as { code?: string }).code ?? '')) {
            staleConnectionErrors.add(wcsError);
          }
          reject(wcsError);
        } else {
          resolve(answer as Answer);
        }
      };

      try {
        outgoing = (secure ? https().request : httpRequest)(url, {
          method: req.method,
          headers,
          agent: secure ? httpsAgent(keep) : httpAgent(keep),
          ...(options.lookup ? { lookup: options.lookup } : {}),
          ...(req.signal ? { signal: req.signal } : {}),
        });
      } catch (error) {
        // Invalid header values and the like: a bug or bad input, not worth a retry.
        settle(new WcsInvalidArgumentError(`${where}: ${(error as Error).message}.`, { cause: error }));
        return;
      }
      // A timeout ends the attempt with its own error, also while the caller reads a download.
      const timeOut = (message: string) => {
        const error = new WcsTimeoutError(`${where} ${message}: check the host and your connection, or raise connection_timeout.`);
        settle(error);
        if (response && !response.destroyed) response.destroy(error);
        outgoing.destroy(error);
      };
      outgoing.once('socket', (socket: Socket) => {
        if (!socket.connecting || timeouts.connect === 0) return; // a kept-alive connection
        connectTimer = setTimeout(() => timeOut(`timed out: no connection within ${timeouts.connect} ms`), timeouts.connect);
        socket.once(secure ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer));
      });
      if (timeouts.idle > 0) outgoing.setTimeout(timeouts.idle, () => timeOut(`timed out: no data for ${timeouts.idle} ms`));
      if (timeouts.request > 0) {
        requestTimer = setTimeout(() => timeOut(`did not finish within ${timeouts.request} ms`), timeouts.request);
      }
      // `on`, not `once`: a late second error must not become an uncaught exception.
      outgoing.on('error', (error) => settle(error));

      outgoing.once('response', (res: IncomingMessage) => {
        response = res;
        const statusCode = res.statusCode ?? 0;
        res.on('error', (error) => settle(error));
        const ok = (statusCode >= 200 && statusCode < 300) || req.acceptStatuses?.includes(statusCode);
        if (streamBody && ok) {
          res.once('close', cleanup);
          settle(undefined, { statusCode, headers: res.headers, body: res });
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (!streamBody || size < ERROR_BODY_LIMIT) chunks.push(chunk);
          size += chunk.length;
        });
        res.once('end', () => {
          cleanup();
          if (stream && !stream.readableEnded) {
            // Answered before the body was sent (e.g. 401 on a bad token): stop reading the
            // source, and drop the connection, which is mid-request and cannot be reused.
            stream.unpipe(outgoing);
            stream.destroy();
            outgoing.destroy();
          }
          settle(undefined, { statusCode, headers: res.headers, body: Buffer.concat(chunks) });
        });
      });

      const onUploadProgress = req.onUploadProgress;
      // A callback that throws ends the attempt with a WcsError caused by it; from a write
      // callback or a 'data' listener it would be an uncaught exception and the request would hang.
      const progress = onUploadProgress
        ? (bytesSent: number) => {
            if (settled) return;
            try {
              onUploadProgress(bytesSent);
            } catch (error) {
              settle(new WcsError('ERR_WCS_UNEXPECTED', `${where} stopped: onUploadProgress threw: ${String((error as Error)?.message ?? error)}`, { cause: error }));
              outgoing.destroy();
            }
          }
        : undefined;
      if (stream) {
        // A source that fails mid-way must break the request, so the server never sees a complete body.
        stream.on('error', (error) => {
          settle(error);
          outgoing.destroy(error);
        });
        if (progress) {
          let sent = 0;
          stream.on('data', (chunk: Uint8Array) => progress((sent += chunk.length)));
        }
        stream.pipe(outgoing);
      } else if (bytes !== undefined && progress && bytes.length > PROGRESS_SLICE) {
        // Slices are views (no copy); each callback runs when its slice went to the socket.
        let sent = 0;
        for (let at = 0; at < bytes.length; at += PROGRESS_SLICE) {
          const part = bytes.subarray(at, at + PROGRESS_SLICE);
          outgoing.write(part, (error) => {
            if (!error) progress((sent += part.length));
          });
        }
        outgoing.end();
      } else {
        outgoing.end(bytes);
        if (bytes !== undefined && progress) outgoing.once('finish', () => progress(bytes.length));
      }
    });

  /**
   * One attempt of `withRetries`. A request that is safe to repeat and failed only because the
   * pooled connection it was given had been closed by the server (it never saw the request) is
   * sent again at once; not a retry: it spends none of the retry budget and waits no backoff.
   * Each such failure takes its connection out of the pool, so this ends on a new connection.
   */
  const sendFresh = async (req: HttpRequestOptions, streamBody: boolean): Promise<Answer> => {
    for (let resends = 0; ; resends++) {
      try {
        return await sendOnce(req, streamBody);
      } catch (error) {
        if (!(req.idempotent === true && resends < MAX_STALE_RESENDS && staleConnectionErrors.has(error as object)) || req.signal?.aborted) throw error;
      }
    }
  };

  const client: HttpClient = {
    request(req) {
      return withRetries(req, async (attempt) => {
        const answer = await sendFresh(req, false);
        const body = answer.body as Buffer;
        failIfNotOk(req, answer.statusCode, answer.headers, body);
        return { statusCode: answer.statusCode, headers: answer.headers, requestId: requestIdOf(answer.headers), body, attempts: attempt };
      });
    },

    async requestJson<T>(req: HttpRequestOptions, schema: JsonAnswerSchema<T>) {
      const response = await client.request(req);
      let json: unknown;
      try {
        json = JSON.parse(response.body.toString('utf8'));
      } catch (cause) {
        throw malformed(req, response, 'the answer is not JSON', cause);
      }
      const parsed = schema.safeParse(json);
      if (!parsed.success) {
        const where = parsed.error.issues[0]?.path.map(String).join('.') || 'body';
        throw malformed(req, response, `unexpected answer (${where}: ${parsed.error.issues[0]?.message ?? 'invalid'})`, parsed.error);
      }
      return { data: parsed.data, response };
    },

    stream(req) {
      return withRetries(req, async () => {
        const answer = await sendFresh(req, true);
        if (Buffer.isBuffer(answer.body)) {
          failIfNotOk(req, answer.statusCode, answer.headers, answer.body);
          // An accepted status whose body was collected: hand it over as a stream all the same.
          return { statusCode: answer.statusCode, headers: answer.headers, requestId: requestIdOf(answer.headers), body: Readable.from([answer.body]) };
        }
        return { statusCode: answer.statusCode, headers: answer.headers, requestId: requestIdOf(answer.headers), body: answer.body };
      });
    },

    close() {
      for (const pool of pools.values()) {
        pool.http?.destroy();
        pool.https?.destroy();
      }
    },
  };
  return client;
}

function malformed(req: HttpRequestOptions, response: HttpResponse, what: string, cause: unknown): WcsServiceError {
  return new WcsServiceError(
    {
      statusCode: response.statusCode,
      requestId: response.requestId,
      fault: 'server',
      retryable: false,
      method: req.method,
      url: stripQuery(req.url),
    },
    {
      cause,
      message: `${req.method} ${stripQuery(req.url)}: ${what}${response.requestId ? ` (request id ${response.requestId})` : ''}`,
    },
  );
}

const isUint8 = (v: unknown): v is Uint8Array => v instanceof Uint8Array;

const toBuffer = (v: string | Uint8Array): Buffer =>
  typeof v === 'string' ? Buffer.from(v, 'utf8') : Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength);

const positiveOr = (v: number | undefined, d: number): number => (v !== undefined && Number.isFinite(v) && v >= 0 ? v : d);

/** The caller's headers with lower-case names, unset ones dropped. */
function requestHeaders(req: HttpRequestOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers ?? {})) if (v !== undefined) headers[k.toLowerCase()] = v;
  return headers;
}

function requestIdOf(headers: IncomingHttpHeaders): string | undefined {
  const value = headers[REQUEST_ID_HEADER];
  return Array.isArray(value) ? value[0] : value;
}

export { isRetryableStatus };
