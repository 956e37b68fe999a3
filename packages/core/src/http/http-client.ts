import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import type { Got, OptionsInit } from 'got';
import type { ZodType } from 'zod';
import { REQUEST_ID_HEADER } from '../constants.js';
import type { WcsConfig } from '../config/schema.js';
import { WcsAbortError, WcsError, WcsServiceError } from '../errors.js';
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
  url: string;
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
  /** Per-call refinements of the retry policy (statuses, an `isRetryable` override, delays). */
  retryPolicy?: Pick<RetryPolicy, 'retryableStatuses' | 'isRetryable' | 'baseDelayMs' | 'maxDelayMs' | 'maxRetryAfterMs'>;
  /** Computes the `Authorization` value from the final URL and body, once per attempt. */
  authorize?: (request: SigningRequest) => string;
  signal?: AbortSignal | undefined;
  /** Called with the number of body bytes sent so far. */
  onUploadProgress?: (bytesSent: number) => void;
  /** Statuses besides 2xx that are answers, not errors (e.g. 303 for `returnUrl` uploads). */
  acceptStatuses?: readonly number[];
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
  attempt: number;
  delayMs: number;
  error: WcsError;
  method: string;
  url: string;
}

/** Options of {@link createHttpClient}. */
export interface HttpClientOptions {
  /** Connect and inactivity timeout in ms (not a limit on the whole transfer). Default 40 000. */
  timeoutMs?: number;
  /** Retries for idempotent requests. Default 3. */
  retries?: number;
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  /** Default `wcs-ts/<version> (Node.js …)`. */
  userAgent?: string;
  /** false (the Python default) sends `Connection: close` on every request. */
  keepAlive?: boolean;
  /** TLS certificate verification. Default true. */
  verifyTls?: boolean;
  onRetry?: (event: RetryEvent) => void;
}

/** The transport every package uses; no got type leaks through it. */
export interface HttpClient {
  request(options: HttpRequestOptions): Promise<HttpResponse>;
  /** Sends the request and validates the JSON answer with `schema`. A body that is not that JSON is a `WcsServiceError`. */
  requestJson<T>(options: HttpRequestOptions, schema: ZodType<T>): Promise<{ data: T; response: HttpResponse }>;
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

/**
 * Creates the HTTP transport: got with our timeouts, user agent, signing hook and retry loop.
 *
 * @example
 * const http = createHttpClient(httpClientOptionsFromConfig(config));
 * const { data } = await http.requestJson({ method: 'GET', url, authorize }, schema);
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const timeoutMs = options.timeoutMs ?? 40_000;
  const keepAlive = options.keepAlive ?? false;
  const verifyTls = options.verifyTls ?? true;
  const retry: RetryOptions = normalizeRetryOptions({
    ...(options.retries !== undefined ? { retries: options.retries } : {}),
    ...(options.retryBaseDelayMs !== undefined ? { baseDelayMs: options.retryBaseDelayMs } : {}),
    ...(options.retryMaxDelayMs !== undefined ? { maxDelayMs: options.retryMaxDelayMs } : {}),
  });
  const agents = {
    http: new HttpAgent({ keepAlive }),
    https: new HttpsAgent({ keepAlive, rejectUnauthorized: verifyTls }),
  };
  const defaultHeaders: Record<string, string> = {
    'user-agent': options.userAgent ?? createUserAgent(),
    ...(keepAlive ? {} : { connection: 'close' }),
  };

  // got (and its dependency tree, ~23 MiB of heap) loads on the first request, not when the
  // client is created: a program that only hashes, or fails on its config, never pays for it,
  // and the 256 MiB simple upload stays under its 100 MiB RSS budget (bench/upload).
  let instancePromise: Promise<Got> | undefined;
  const gotInstance = (): Promise<Got> => (instancePromise ??= import('got').then(({ default: got }) => got.extend({
    agent: agents,
    https: { rejectUnauthorized: verifyTls },
    headers: defaultHeaders,
    timeout: { lookup: timeoutMs, connect: timeoutMs, secureConnect: timeoutMs, socket: timeoutMs, response: timeoutMs },
    // Retries are ours (below): got's would re-send stream bodies it cannot rewind.
    retry: { limit: 0 },
    throwHttpErrors: false,
    followRedirect: false,
    responseType: 'buffer',
    hooks: {
      beforeRequest: [
        (opts) => {
          // Sign the final URL and body exactly as they go on the wire (wcs-api.md §2.2).
          const authorize = (opts.context as { authorize?: HttpRequestOptions['authorize'] }).authorize;
          if (!authorize) return;
          const url = opts.url as URL;
          const body = typeof opts.body === 'string' || opts.body instanceof Uint8Array ? opts.body : '';
          opts.headers['authorization'] = authorize({
            method: opts.method,
            path: url.pathname,
            query: url.search.startsWith('?') ? url.search.slice(1) : url.search,
            body,
          });
        },
      ],
    },
  })));

  const toGotOptions = (req: HttpRequestOptions): OptionsInit => {
    const headers = requestHeaders(req);
    const body = typeof req.body === 'function' ? req.body() : req.body;
    return {
      method: req.method,
      headers,
      ...(body !== undefined ? { body: typeof body === 'string' || Buffer.isBuffer(body) ? body : isUint8(body) ? Buffer.from(body.buffer, body.byteOffset, body.byteLength) : body } : {}),
      context: { authorize: req.authorize },
      ...(req.signal ? { signal: req.signal } : {}),
    };
  };

  function withRetries<T>(req: HttpRequestOptions, attemptOnce: () => Promise<T>): Promise<T> {
    const where = `${req.method} ${stripQuery(req.url)}`;
    return withRetry(
      async () => {
        try {
          return await attemptOnce();
        } catch (error) {
          throw error instanceof WcsError ? error : transportErrorToWcsError(error, req.method, req.url);
        }
      },
      {
        ...retry,
        ...req.retryPolicy,
        idempotent: req.idempotent ?? false,
        ...(req.retries !== undefined ? { retries: req.retries } : {}),
        signal: req.signal,
        abortError: (cause) => (cause instanceof WcsAbortError ? cause : new WcsAbortError(`${where} was aborted.`, { cause: req.signal?.reason ?? cause })),
        onRetry: ({ attempt, delayMs, error }) =>
          options.onRetry?.({ attempt, delayMs, error: error as WcsError, method: req.method, url: stripQuery(req.url) }),
      },
    );
  }

  const failIfNotOk = (req: HttpRequestOptions, statusCode: number, headers: IncomingHttpHeaders, body: Buffer | undefined) => {
    if ((statusCode >= 200 && statusCode < 300) || req.acceptStatuses?.includes(statusCode)) return;
    const error = serviceErrorFromResponse({ method: req.method, url: req.url, statusCode, requestId: requestIdOf(headers), body });
    const retryAfterMs = parseRetryAfter(headers['retry-after']);
    if (retryAfterMs !== undefined) Object.defineProperty(error, 'retryAfterSeconds', { value: retryAfterMs / 1000 });
    throw error;
  };

  /**
   * Sends a streamed body with node:http on the same agents, headers, signer and timeouts as got.
   * got's request-body pipeline holds about 50 MiB more than node:http for a streamed 256 MiB
   * upload (measured: 97 vs 44 MiB peak RSS, same file and sink), which alone broke the 100 MiB
   * budget of a simple upload. Buffer and string bodies, and downloads, stay on got.
   */
  const sendStream = (req: HttpRequestOptions, body: Readable) =>
    new Promise<{ statusCode: number; headers: IncomingHttpHeaders; rawBody: Buffer }>((resolve, reject) => {
      const url = new URL(req.url);
      const headers: Record<string, string> = { ...defaultHeaders, ...requestHeaders(req) };
      // Stream bodies are never signed (SigningRequest): upload calls carry their own token.
      if (req.authorize) headers['authorization'] = req.authorize({ method: req.method, path: url.pathname, query: url.search.slice(1), body: '' });
      const https = url.protocol === 'https:';
      const outgoing = (https ? httpsRequest : httpRequest)(
        url,
        { method: req.method, headers, agent: https ? agents.https : agents.http, timeout: timeoutMs, ...(req.signal ? { signal: req.signal } : {}) },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.once('error', reject);
          res.once('end', () => resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, rawBody: Buffer.concat(chunks) }));
        },
      );
      outgoing.once('timeout', () => outgoing.destroy(Object.assign(new Error(`no activity for ${timeoutMs} ms`), { name: 'TimeoutError', code: 'ETIMEDOUT' })));
      outgoing.once('error', (error) => {
        body.destroy();
        reject(error);
      });
      // A source that fails mid-way must break the request, so the server never sees a complete body.
      body.once('error', (error) => outgoing.destroy(error));
      let sent = 0;
      if (req.onUploadProgress) {
        const report = req.onUploadProgress;
        body.on('data', (chunk: Uint8Array) => report((sent += chunk.length)));
      }
      body.pipe(outgoing);
    });

  const client: HttpClient = {
    async request(req) {
      let attempts = 0;
      return withRetries(req, async () => {
        attempts++;
        let response: { statusCode: number; headers: IncomingHttpHeaders; rawBody?: Buffer | undefined };
        try {
          if (typeof req.body === 'function') {
            response = await sendStream(req, req.body());
          } else {
            const instance = await gotInstance();
            const pending = instance(req.url, { ...toGotOptions(req), isStream: false } as OptionsInit & { isStream: false });
            if (req.onUploadProgress) {
              const cb = req.onUploadProgress;
              pending.on('uploadProgress', (p: { transferred: number }) => cb(p.transferred));
            }
            response = await pending;
          }
        } catch (error) {
          throw transportErrorToWcsError(error, req.method, req.url);
        }
        const body = response.rawBody ?? Buffer.alloc(0);
        failIfNotOk(req, response.statusCode, response.headers, body);
        return { statusCode: response.statusCode, headers: response.headers, requestId: requestIdOf(response.headers), body, attempts };
      });
    },

    async requestJson<T>(req: HttpRequestOptions, schema: ZodType<T>) {
      const response = await client.request(req);
      let json: unknown;
      try {
        json = JSON.parse(response.body.toString('utf8'));
      } catch (cause) {
        throw malformed(req, response, 'the answer is not JSON', cause);
      }
      const parsed = schema.safeParse(json);
      if (!parsed.success) {
        const where = parsed.error.issues[0]?.path.join('.') || 'body';
        throw malformed(req, response, `unexpected answer (${where}: ${parsed.error.issues[0]?.message ?? 'invalid'})`, parsed.error);
      }
      return { data: parsed.data, response };
    },

    async stream(req) {
      const instance = await gotInstance();
      return withRetries(req, () =>
        new Promise<HttpStreamResponse>((resolve, reject) => {
          // Downloads keep the stored bytes as they are (no transparent gunzip) so hashes match.
          const stream = instance.stream(req.url, { ...toGotOptions(req), decompress: false, isStream: true as const });
          let settled = false;
          stream.once('error', (error: unknown) => {
            if (!settled) {
              settled = true;
              reject(transportErrorToWcsError(error, req.method, req.url));
            }
          });
          stream.once('response', (res: { statusCode: number; headers: IncomingHttpHeaders }) => {
            if ((res.statusCode >= 200 && res.statusCode < 300) || req.acceptStatuses?.includes(res.statusCode)) {
              settled = true;
              resolve({ statusCode: res.statusCode, headers: res.headers, requestId: requestIdOf(res.headers), body: stream });
              return;
            }
            const chunks: Buffer[] = [];
            let size = 0;
            stream.on('data', (c: Buffer) => {
              if (size < 65_536) chunks.push(c);
              size += c.length;
            });
            const finish = () => {
              if (settled) return;
              settled = true;
              try {
                failIfNotOk(req, res.statusCode, res.headers, Buffer.concat(chunks));
              } catch (error) {
                reject(error);
              }
            };
            stream.once('end', finish);
            stream.once('close', finish);
          });
        }),
      );
    },

    close() {
      agents.http.destroy();
      agents.https.destroy();
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
