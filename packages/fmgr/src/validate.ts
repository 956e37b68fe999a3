import { WcsInvalidArgumentError } from '@wcs/core';

// The same checks as @wcs/manage's, kept local so @wcs/fmgr depends on core and auth only.

/** @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for an empty or non-text bucket name */
export function assertBucket(bucket: unknown, what = 'bucket'): asserts bucket is string {
  if (typeof bucket !== 'string' || bucket.trim() === '') throw new WcsInvalidArgumentError(`${what} must be a non-empty bucket name.`);
  if (bucket.includes(':') || bucket.includes('|') || bucket.includes('/')) {
    throw new WcsInvalidArgumentError(`${what} must not contain ":", "|" or "/".`);
  }
}

/** Key rules of wcs-api.md §1.3. @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) */
export function assertKey(key: unknown, what = 'key'): asserts key is string {
  if (typeof key !== 'string' || key === '') throw new WcsInvalidArgumentError(`${what} must be a non-empty object key.`);
  if (Buffer.byteLength(key, 'utf8') > 1000) throw new WcsInvalidArgumentError(`${what} is longer than 1000 bytes (UTF-8): use a shorter key.`);
  if (key.startsWith('/') || key.endsWith('/')) throw new WcsInvalidArgumentError(`${what} must not start or end with "/".`);
  if (key.includes('/../') || key.includes('/./')) throw new WcsInvalidArgumentError(`${what} must not contain "/../" or "/./".`);
}

/** A non-empty text value (prefixes, ids). @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) */
export function assertText(value: unknown, what: string): asserts value is string {
  if (typeof value !== 'string' || value === '') throw new WcsInvalidArgumentError(`${what} must be non-empty text.`);
}

/** @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) unless value is 0 or 1 */
export function assertFlag(value: unknown, what: string): asserts value is 0 | 1 {
  if (value !== 0 && value !== 1) throw new WcsInvalidArgumentError(`${what} must be 0 or 1.`);
}

/** @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) unless value is an http(s) URL */
export function assertHttpUrl(value: unknown, what: string): asserts value is string {
  let ok = false;
  if (typeof value === 'string') {
    try {
      const url = new URL(value);
      ok = url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      ok = false;
    }
  }
  if (!ok) throw new WcsInvalidArgumentError(`${what} must be an http:// or https:// URL.`);
}
