import { WcsInvalidArgumentError, type SigningRequest } from '@wcs/core';
import { assertCredentials, signData, type Credentials } from './credentials.js';

/** The signed parts of a manage request (wcs-api.md §2.2). Host and scheme are not signed. */
export interface ManageTokenRequest {
  /** URL path exactly as sent, e.g. `/stat/bXlidWNrZXQ6aGVsbG8udHh0`. */
  path: string;
  /** Raw query exactly as sent, without the leading `?`; empty or absent when there is none. */
  query?: string | undefined;
  /** Raw body as sent (e.g. `bucket=…&key=…`); bytes are signed as they are, not re-encoded. */
  body?: string | Uint8Array | undefined;
}

/**
 * Splits a full URL or a `path?query` reference into the path and raw query **as written**,
 * as py3 `urlparse` does: no percent-decoding, no dot-segment removal (WHATWG `URL` would
 * normalise both and the signature would no longer match what py3 signs). The fragment is
 * dropped; scheme and authority are not signed.
 */
function splitUrl(url: string): { path: string; query: string } {
  const withoutOrigin = url.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/, '');
  const hash = withoutOrigin.indexOf('#');
  const reference = hash === -1 ? withoutOrigin : withoutOrigin.slice(0, hash);
  const mark = reference.indexOf('?');
  return mark === -1 ? { path: reference, query: '' } : { path: reference.slice(0, mark), query: reference.slice(mark + 1) };
}

function signingBytes(request: ManageTokenRequest): string | Buffer {
  // wcs-api.md §2.2: "<path>?<query>\n<body>" when a query exists, else "<path>\n<body>"; an
  // absent body leaves the trailing "\n". py3 tests `if query:`, so an empty query adds no "?".
  const head = request.query ? `${request.path}?${request.query}\n` : `${request.path}\n`;
  const body = request.body;
  if (body === undefined || typeof body === 'string') return head + (body ?? '');
  return Buffer.concat([Buffer.from(head, 'utf8'), body]);
}

/**
 * Signs a manage request (wcs-api.md §2.2): `AK + ":" + b64u(hex(HMAC-SHA1(SK, signingStr)))`,
 * sent as the bare `Authorization` header value (no scheme word).
 *
 * Sign exactly what is sent: same parameter order, same escaping, the same body bytes.
 *
 * @throws WcsConfigError (`ERR_WCS_CONFIG`) when a key is missing
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) when path, query or body has the wrong type
 * @example
 * createManageToken({ accessKey: 'ak-example', secretKey: 'sk-example' }, { path: '/bucket/list' });
 * // 'ak-example:OWY2MzIzNjQ2NTYxZGIyOTFiYzQ5NDkwNjY1NjUxNGE2ZTc4NjBhYg=='
 */
export function createManageToken(credentials: Credentials, request: ManageTokenRequest): string;
/**
 * Signs a manage request given its URL (`https://host/path?query` or `/path?query`) and body.
 * The path and raw query are signed as written, like py3 `Auth.managertoken(url, body)`.
 *
 * @example
 * createManageToken(credentials, 'https://mgr.example.com/list?bucket=mybucket&limit=100');
 * createManageToken(credentials, '/setdeadline', 'bucket=bXlidWNrZXQ=&key=aGVsbG8udHh0&deadline=30');
 */
export function createManageToken(credentials: Credentials, url: string, body?: string | Uint8Array): string;
export function createManageToken(
  credentials: Credentials,
  requestOrUrl: ManageTokenRequest | string,
  body?: string | Uint8Array,
): string {
  assertCredentials(credentials);
  const request = typeof requestOrUrl === 'string' ? { ...splitUrl(requestOrUrl), body } : requestOrUrl;
  if (typeof request?.path !== 'string') {
    throw new WcsInvalidArgumentError('Cannot sign a manage request: path must be a string.');
  }
  if (request.query !== undefined && typeof request.query !== 'string') {
    throw new WcsInvalidArgumentError('Cannot sign a manage request: query must be a string.');
  }
  if (request.body !== undefined && typeof request.body !== 'string' && !(request.body instanceof Uint8Array)) {
    throw new WcsInvalidArgumentError('Cannot sign a manage request: body must be a string or bytes (streams cannot be signed).');
  }
  return signData(credentials, signingBytes(request));
}

/**
 * Returns the signer that the `@wcs/core` HTTP transport calls (its `authorize` request option)
 * with the final path, raw query and body of each attempt. Credentials are checked now, so a
 * missing key fails before any request is sent.
 *
 * @throws WcsConfigError (`ERR_WCS_CONFIG`) when a key is missing
 * @example
 * const authorize = createManageAuthorizer({ accessKey: config.accessKey, secretKey: config.secretKey });
 * await http.request({ method: 'GET', url: `${mgr}/bucket/list`, authorize });
 */
export function createManageAuthorizer(credentials: Credentials): (request: SigningRequest) => string {
  assertCredentials(credentials);
  // Copy the pair so a caller mutating its object later cannot change what we sign with.
  const pair: Credentials = { accessKey: credentials.accessKey, secretKey: credentials.secretKey };
  return (request) => createManageToken(pair, { path: request.path, query: request.query, body: request.body });
}
