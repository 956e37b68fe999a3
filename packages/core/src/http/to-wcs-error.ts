import { redactText } from '../config/redact.js';
import { RETRYABLE_STATUS_CODES } from '../constants.js';
import { WcsAbortError, WcsError, WcsNetworkError, WcsServiceError, WcsTimeoutError } from '../errors.js';

/** Parses a WCS error body `{"code": …, "message": "…"}`; tolerant of text bodies. */
export function parseServiceErrorBody(body: Buffer | string | undefined): { serviceCode?: number | string; serviceMessage?: string } {
  const text = (typeof body === 'string' ? body : body?.toString('utf8') ?? '').trim();
  if (!text) return {};
  try {
    const json = JSON.parse(text) as Record<string, unknown>;
    if (json && typeof json === 'object') {
      const code = json['code'];
      const message = json['message'] ?? json['error'] ?? json['desc'];
      return {
        ...(typeof code === 'number' || typeof code === 'string' ? { serviceCode: code } : {}),
        ...(typeof message === 'string' ? { serviceMessage: oneLine(message) } : {}),
      };
    }
  } catch {
    // not JSON: fall through and quote the start of the text
  }
  return { serviceMessage: oneLine(text).slice(0, 200) };
}

/** One line, and any token-shaped text masked: a service may quote the token it refused. */
const oneLine = (s: string) => redactText(s.replace(/\s+/g, ' ').trim());

/** Is a status worth repeating the same request for? (wcs-api.md §10.2: 408, 429, 5xx except 579.) */
export const isRetryableStatus = (status: number): boolean =>
  RETRYABLE_STATUS_CODES.has(status) || (status >= 500 && status < 600 && status !== 579);

/** The error for a non-2xx answer. */
export function serviceErrorFromResponse(args: {
  method: string;
  url: string;
  statusCode: number;
  requestId?: string | undefined;
  body?: Buffer | string | undefined;
}): WcsServiceError {
  const parsed = parseServiceErrorBody(args.body);
  return new WcsServiceError({
    statusCode: args.statusCode,
    requestId: args.requestId,
    serviceCode: parsed.serviceCode,
    serviceMessage: parsed.serviceMessage,
    fault: args.statusCode >= 500 ? 'server' : 'client',
    retryable: isRetryableStatus(args.statusCode),
    method: args.method,
    url: stripQuery(args.url),
  });
}

/**
 * URL without query, fragment or user info: what error messages show. A `user:password@` in the
 * authority (a source URL of a download or stream upload) is a secret like a signed query.
 */
export function stripQuery(url: string): string {
  const cut = url.search(/[?#]/);
  const base = cut === -1 ? url : url.slice(0, cut);
  return base.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/]*@/i, '$1');
}

/**
 * Turns a got (or Node) error thrown before any response into our error type: the one place
 * where transport errors enter the hierarchy.
 */
export function transportErrorToWcsError(error: unknown, method: string, url: string): WcsError {
  if (error instanceof WcsError) return error;
  const e = error as { name?: string; code?: string; message?: string };
  const where = `${method} ${stripQuery(url)}`;
  if (e?.name === 'AbortError' || e?.code === 'ABORT_ERR' || e?.code === 'ERR_ABORTED') {
    return new WcsAbortError(`${where} was aborted.`, { cause: error });
  }
  if (e?.name === 'TimeoutError' || e?.code === 'ETIMEDOUT') {
    return new WcsTimeoutError(`${where} timed out: check the host and your connection, or raise connection_timeout.`, {
      cause: error,
    });
  }
  const syscallCode = typeof e?.code === 'string' ? e.code : undefined;
  const hint =
    syscallCode === 'ECONNREFUSED'
      ? 'nothing is listening there; check the host and port (put_url, mgr_url, or the download URL given)'
      : syscallCode === 'ENOTFOUND' || syscallCode === 'EAI_AGAIN'
        ? 'the host name does not resolve; check it (put_url, mgr_url, or the download URL given)'
        : 'check the host and your connection';
  return new WcsNetworkError(`${where} failed (${syscallCode ?? e?.message ?? 'network error'}): ${hint}.`, {
    cause: error,
    ...(syscallCode ? { syscallCode } : {}),
  });
}
