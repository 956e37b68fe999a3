import { WcsInvalidArgumentError } from '@wcs/core';

/** Longest key WCS stores, in UTF-8 bytes (wcs-api.md §1.3). */
export const MAX_KEY_BYTES = 1000;

/**
 * Rejects an empty or non-string bucket name before any request is sent.
 *
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`)
 */
export function assertBucket(bucket: unknown, what = 'bucket'): asserts bucket is string {
  if (typeof bucket !== 'string' || bucket.trim() === '') {
    throw new WcsInvalidArgumentError(`${what} must be a non-empty bucket name.`);
  }
  if (bucket.includes(':') || bucket.includes('|') || bucket.includes('/')) {
    // ':' splits an EncodedEntryURI, '|' joins bucket/stat names, '/' splits wcs:// paths.
    throw new WcsInvalidArgumentError(`${what} must not contain ":", "|" or "/".`);
  }
}

/**
 * Applies the key rules of wcs-api.md §1.3 before any request: non-empty, at most 1000 UTF-8
 * bytes, no leading or trailing `/`, no `/../` or `/./`.
 *
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`)
 */
export function assertKey(key: unknown, what = 'key'): asserts key is string {
  if (typeof key !== 'string' || key === '') {
    throw new WcsInvalidArgumentError(`${what} must be a non-empty object key.`);
  }
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) {
    throw new WcsInvalidArgumentError(`${what} is longer than ${MAX_KEY_BYTES} bytes (UTF-8): use a shorter key.`);
  }
  if (key.startsWith('/') || key.endsWith('/')) {
    throw new WcsInvalidArgumentError(`${what} must not start or end with "/".`);
  }
  if (key.includes('/../') || key.includes('/./')) {
    throw new WcsInvalidArgumentError(`${what} must not contain "/../" or "/./".`);
  }
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Checks a `yyyy-mm-dd` calendar date (wcs-api.md §5.2) and returns it as UTC ms.
 *
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`)
 */
export function parseDateArgument(value: unknown, what: string): number {
  const m = typeof value === 'string' ? DATE_RE.exec(value) : null;
  if (m === null) throw new WcsInvalidArgumentError(`${what} must be a date written yyyy-mm-dd.`);
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(t).toISOString().slice(0, 10) !== value) {
    throw new WcsInvalidArgumentError(`${what} is not a real calendar date (yyyy-mm-dd).`);
  }
  return t;
}

/**
 * Checks a start/end date pair: both valid, end not before start.
 *
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`)
 */
export function assertDateRange(startDate: unknown, endDate: unknown): void {
  const start = parseDateArgument(startDate, 'startDate');
  const end = parseDateArgument(endDate, 'endDate');
  if (end < start) throw new WcsInvalidArgumentError('endDate must not be before startDate.');
}

/**
 * Checks that a value is a whole number within bounds.
 *
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`)
 */
export function assertInteger(value: unknown, what: string, min: number, max = Number.MAX_SAFE_INTEGER): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `within ${min}..${max}`;
    throw new WcsInvalidArgumentError(`${what} must be a whole number ${range}.`);
  }
}

const DAY_MS = 86_400_000;

/** The last instant an expiry date can name: 9999-12-31 23:59:59.999 UTC (the service writes four-digit years). */
export const LAST_EXPIRY_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** The most days a retention can be set to at `nowMs` without its expiry passing 9999-12-31. */
export const maxDeadlineDays = (nowMs: number = Date.now()): number => Math.floor((LAST_EXPIRY_MS - nowMs) / DAY_MS);

/**
 * Checks a retention in days (wcs-api.md §5.8): -1 (keep forever), 0 (delete soon), or a number of
 * days whose expiry is no later than 9999-12-31. The service would store an impossible date
 * for more, so the valid range goes in the message.
 *
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`)
 */
export function assertDeadlineDays(days: unknown, what = 'days', nowMs: number = Date.now()): asserts days is number {
  const max = maxDeadlineDays(nowMs);
  if (typeof days !== 'number' || !Number.isSafeInteger(days) || days < -1 || days > max) {
    const got = typeof days === 'number' ? `, got ${days}` : '';
    throw new WcsInvalidArgumentError(
      `${what} must be a whole number from -1 to ${max}${got}: more days would put the expiry past 9999-12-31 (0 = delete as soon as possible, -1 = keep forever).`,
    );
  }
}
