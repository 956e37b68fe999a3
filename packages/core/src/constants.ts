// The version comes from package.json at build time (scripts/write-version.mjs).
export { SDK_VERSION } from './version.js';

/** WCS etag block size and the unit every multipart block size must be a multiple of (wcs-api.md §3.1, §4.2). */
export const BLOCK_SIZE_BYTES = 4 * 1024 * 1024;

/** Header carrying the request id in every WCS answer (wcs-api.md §1.2). */
export const REQUEST_ID_HEADER = 'x-reqid';

/** Optional bandwidth limit header sent by the Python tool when `traffic_limit` ≠ 0 (wcs-api.md §1.2). */
export const TRAFFIC_LIMIT_HEADER = 'x-wos-traffic-limit';

/** Default location of the config file, relative to the home directory (wcs-api.md §11.1). */
export const DEFAULT_CONFIG_FILE_NAME = '.wcscfg';

/** Statuses after which repeating the same request may succeed (wcs-api.md §10.2). 579 is not among them: the object is stored. */
export const RETRYABLE_STATUS_CODES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504, 599]);
