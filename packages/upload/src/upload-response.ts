import { WcsIntegrityError, type HttpResponse } from '@wcs/core';

/** The answer body as JSON when it parses, else the raw text (py3 returns the text unparsed: wcs-api.md §4.1). */
export function parseUploadBody(body: Buffer): unknown {
  const text = body.toString('utf8');
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.parse(trimmed) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/**
 * The etag the service reported, wherever the answer shape puts it (wcs-api.md §4.4): the `hash`
 * member of a JSON body; the `hash=` parameter a rendered query-string returnBody ends with; or
 * the `hash=` parameter of a 303 `Location`. Undefined when a custom returnBody left it out.
 */
export function reportedHash(body: unknown, location: string | undefined): string | undefined {
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    const hash = (body as Record<string, unknown>)['hash'];
    if (typeof hash === 'string' && hash !== '') return hash;
  }
  const fromQuery = (query: string): string | undefined => {
    const value = new URLSearchParams(query).get('hash');
    return value === null || value === '' ? undefined : value;
  };
  if (typeof body === 'string' && /(^|&)hash=/.test(body.trim())) return fromQuery(body.trim());
  if (location !== undefined) {
    const q = location.indexOf('?');
    if (q >= 0) return fromQuery(location.slice(q + 1));
  }
  return undefined;
}

/**
 * Compares the service's etag with the one computed while sending.
 *
 * @throws WcsIntegrityError (`ERR_WCS_INTEGRITY`) when they differ
 */
export function checkReportedHash(what: string, local: string, remote: string | undefined, response: Pick<HttpResponse, 'requestId'>): void {
  if (remote === undefined || remote === local) return;
  const reqid = response.requestId ? ` (request id ${response.requestId})` : '';
  throw new WcsIntegrityError(
    `${what}: the service stored etag ${remote} but the bytes sent hash to ${local}${reqid}; the object is corrupt, upload it again.`,
    { expected: local, actual: remote },
  );
}

/** First value of a header. */
export function headerValue(headers: HttpResponse['headers'], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}
