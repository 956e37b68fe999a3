/**
 * `@wcs/manage`: Wangsu Cloud Storage resource management on the manage host (wcs-api.md §5, §8):
 * buckets, listing, stat, delete, move, copy and retention. Every function takes a
 * `WcsContext` (`createWcsContext(parseConfig({...}))` from `@wcs/core`) first, signs with the
 * manage token (`@wcs/auth`), validates arguments before any request and every answer with zod,
 * and throws only `@wcs/core` errors.
 *
 * @example
 * import { createWcsContext, parseConfig } from '@wcs/core';
 * import { listAll, statObject } from '@wcs/manage';
 * const ctx = createWcsContext(parseConfig({ accessKey, secretKey, mgrUrl: 'http://127.0.0.1:9001' }));
 * for await (const o of listAll(ctx, 'photos', { prefix: '2024/' })) console.log(o.key, o.fsize);
 * const info = await statObject(ctx, 'photos', '2024/a.jpg');
 */

/** Options every call accepts (`signal`) and the `requestId` every result carries. See each function. */
export type { ManageCallOptions, ResponseMeta } from './manage-call.js';

/**
 * `GET /bucket/list`, `GET /bucket/stat` and `GET /bucket/statistics` (wcs-api.md §5.1–5.2).
 * `bucketStat` validates `yyyy-mm-dd` dates before any request.
 */
export {
  listBuckets,
  bucketStat,
  bucketStatistics,
  type ListBucketsResult,
  type BucketStatOptions,
  type BucketStatResult,
  type BucketUsage,
  type BucketStatisticsOptions,
  type BucketStatisticsResult,
  type StorageType,
} from './buckets.js';

/**
 * `GET /list` (wcs-api.md §5.3): one page (`listObjects`), every page (`listPages`) or every
 * object (`listAll`, an async iterable with constant memory for buckets of any size).
 */
export {
  listObjects,
  listPages,
  listAll,
  MAX_LIST_LIMIT,
  type ListObjectsOptions,
  type ListAllOptions,
  type ListResult,
} from './list.js';

/** One listed object: key, hash (etag), fsize (bytes), mimeType, putTime, expirationDate?, storageClass?. */
export type { ObjectInfo } from './object-info.js';

/** `GET /stat/<entry>` (wcs-api.md §5.4): 404 → `WcsServiceError` with `statusCode` 404. */
export { statObject, type StatResult } from './stat-object.js';

/** `POST /delete/<entry>` (wcs-api.md §5.5), retried safely (see `DeleteResult.alreadyDeleted`). */
export { deleteObject, type DeleteResult } from './delete-object.js';

/** `POST /move/…` (never retried) and `POST /copy/…` (wcs-api.md §5.6–5.7); the destination key defaults to the source key. */
export {
  moveObject,
  copyObject,
  type ObjectLocation,
  type DestinationLocation,
  type MoveCopyResult,
} from './move-copy.js';

/** `POST /setdeadline` (wcs-api.md §5.8): days -1 (keep forever), 0 (delete soon) up to an expiry of 9999-12-31. */
export { setDeadline, type SetDeadlineOptions } from './set-deadline.js';

/** `GET /wslive/list` (wcs-api.md §8): live-recording files; the answer's records are passed on as received. */
export { wsLiveList, type WsLiveListOptions, type WsLiveListResult } from './ws-live-list.js';

/**
 * Argument checks shared with `@wcs/fmgr` and the CLI: bucket names, the key rules of §1.3
 * (`MAX_KEY_BYTES` = 1000 UTF-8 bytes), `yyyy-mm-dd` dates and integer ranges.
 * Each throws `WcsInvalidArgumentError` (`ERR_WCS_INVALID_ARGUMENT`).
 */
export { assertBucket, assertKey, assertDateRange, assertInteger, parseDateArgument, MAX_KEY_BYTES } from './validate.js';

/** Retention days (§5.8): -1, 0, or days whose expiry is no later than 9999-12-31 (`LAST_EXPIRY_MS`). */
export { assertDeadlineDays, maxDeadlineDays, LAST_EXPIRY_MS } from './validate.js';
