import { timingSafeEqual } from 'node:crypto';
import { urlSafeBase64Encode } from '@wcs/core';
import { encodedHexSign, type Credentials } from './credentials.js';

/** Input of {@link verifyCallbackSignature}. */
export interface VerifyCallbackSignatureOptions {
  /** The received `Authorization` header value, `<AK>:<sign>`. */
  authorization: string | undefined | null;
  /** The notification URL as configured (with its query), e.g. the `notifyURL` you registered. */
  url: string;
  /** The received body, unchanged. */
  body: string | Uint8Array;
  /**
   * The account's key pairs. The platform may sign with any valid pair of the account
   * (wcs-api.md §2.3), so pass all of them; the one whose access key matches is used.
   */
  credentials: Credentials | readonly Credentials[];
  /**
   * `'raw'` (default): signingStr = `url + "\n" + body`, the persistentOps/fops notification form.
   * `'base64url'`: signingStr = `url + "\n" + b64u(body)`, the fmgr task-notification form
   * (wcs-api.md §2.3, §6.10).
   */
  bodyEncoding?: 'raw' | 'base64url';
}

/**
 * Verifies the `Authorization` header of a WCS server → customer notification (wcs-api.md
 * §2.3): `<AK>:b64u(hex(HMAC-SHA1(SK, signingStr)))`. The comparison is constant-time.
 *
 * Which exact URL text the platform signs (full URL vs path) is documented only as "the callback
 * URL with its query"; pass the URL exactly as you registered it. The signing string of plain
 * upload callbacks (`callbackUrl`) is unconfirmed (§13) and not covered.
 *
 * @returns true only if the header is well formed, names a known access key and the signature matches
 * @example
 * const ok = verifyCallbackSignature({
 *   authorization: req.headers.authorization,
 *   url: 'http://example.com/notify',
 *   body: rawBody,
 *   credentials: { accessKey, secretKey },
 * });
 */
export function verifyCallbackSignature(options: VerifyCallbackSignatureOptions): boolean {
  const header = typeof options.authorization === 'string' ? options.authorization.trim() : '';
  const colon = header.lastIndexOf(':');
  if (colon <= 0) return false;
  const accessKey = header.slice(0, colon);
  const received = Buffer.from(header.slice(colon + 1), 'utf8');

  const body =
    options.bodyEncoding === 'base64url'
      ? urlSafeBase64Encode(options.body)
      : typeof options.body === 'string'
        ? options.body
        : Buffer.from(options.body.buffer, options.body.byteOffset, options.body.byteLength);
  const signingStr = typeof body === 'string' ? `${options.url}\n${body}` : Buffer.concat([Buffer.from(`${options.url}\n`, 'utf8'), body]);

  const pairs: readonly Credentials[] = Array.isArray(options.credentials)
    ? options.credentials
    : [options.credentials as Credentials];
  let matched = false;
  for (const pair of pairs) {
    if (!pair?.secretKey || pair.accessKey !== accessKey) continue;
    const expected = Buffer.from(encodedHexSign(pair.secretKey, signingStr), 'utf8');
    // timingSafeEqual needs equal lengths; the length of a valid sign (56) is no secret.
    if (expected.length === received.length && timingSafeEqual(expected, received)) matched = true;
  }
  return matched;
}
