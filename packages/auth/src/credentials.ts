import { createHmac } from 'node:crypto';
import { urlSafeBase64Encode, WcsConfigError } from '@wcs/core';

/**
 * An account's key pair (wcs-api.md §2). The secret key never leaves this package: it only
 * keys HMACs and is never put in a message, a token or a log line.
 */
export interface Credentials {
  /** AccessKey (AK), sent in clear as the first part of every token. */
  accessKey: string;
  /** SecretKey (SK), used only as the HMAC-SHA1 key. */
  secretKey: string;
}

// The `.wcscfg` names and variables a user actually edits (wcs-api.md §11.1; core's
// wcscfg-keys.ts), so the message says how to fix it, not just what is wrong.
const MISSING_KEY_HINTS = [
  { field: 'accessKey', what: 'access key', file: 'access_key', env: 'WCS_ACCESS_KEY' },
  { field: 'secretKey', what: 'secret key', file: 'secret_key', env: 'WCS_SECRET_KEY' },
] as const;

/**
 * Throws unless both keys are non-empty strings. Like py3 `Auth.checkKey`, but the error says
 * which key is missing and how to set it; it never shows a value.
 *
 * @throws WcsConfigError (`ERR_WCS_CONFIG`)
 */
export function assertCredentials(credentials: Credentials | undefined | null): asserts credentials is Credentials {
  const issues: string[] = [];
  for (const hint of MISSING_KEY_HINTS) {
    const value: unknown = credentials?.[hint.field];
    if (typeof value !== 'string' || value === '') {
      issues.push(
        `missing ${hint.what}: run \`wcscmd --configure\`, set ${hint.file} in ~/.wcscfg, or set the ${hint.env} environment variable`,
      );
    }
  }
  if (issues.length > 0) {
    throw new WcsConfigError(`Cannot sign WCS requests: ${issues.join('; ')}.`, { issues });
  }
}

/**
 * The one signing primitive of every WCS token: `b64u(lowercase hex(HMAC-SHA1(SK, data)))`.
 * WCS signs the 40-character hex digest, not the raw 20 bytes, whatever the vendor pseudo-code
 * says (wcs-api.md §2.1 step 4, §12 item 1).
 */
export function encodedHexSign(secretKey: string, data: string | Uint8Array): string {
  // A string is signed as its UTF-8 bytes (py3 `.encode('utf-8')`); bytes are signed as they are.
  const hex = createHmac('sha1', Buffer.from(secretKey, 'utf8')).update(data).digest('hex');
  return urlSafeBase64Encode(hex);
}

/**
 * Signs arbitrary data the way every WCS token is signed: `AK + ":" + b64u(hex(HMAC-SHA1(SK, data)))`.
 * This is the Go SDK's `SignWithData`; manage tokens and callback signatures are this function
 * applied to a signing string.
 *
 * @throws WcsConfigError (`ERR_WCS_CONFIG`) when a key is missing
 * @example
 * signData({ accessKey: 'UMU', secretKey: 'key' }, 'The quick brown fox jumps over the lazy dog');
 * // 'UMU:ZGU3YzliODViOGI3OGFhNmJjOGE3YTM2ZjcwYTkwNzAxYzlkYjRkOQ=='
 */
export function signData(credentials: Credentials, data: string | Uint8Array): string {
  assertCredentials(credentials);
  return `${credentials.accessKey}:${encodedHexSign(credentials.secretKey, data)}`;
}
