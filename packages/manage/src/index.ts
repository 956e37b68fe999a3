/**
 * `@wcs/manage`: Wangsu Cloud Storage resource management on the manage host (wcs-api.md §5, §8):
 * buckets, listing, stat, delete, move, copy and retention. Every function takes a
 * `WcsContext` (`createWcsContext(config)` from `@wcs/core`) and one params object, signs with the
 * manage token (`@wcs/auth`), validates arguments before any request and every answer with zod,
 * and throws only `@wcs/core` errors. The docs are on each declaration.
 *
 * @example
 * import { createWcsContext, loadConfig } from '@wcs/core';
 * import { listAll, statObject } from '@wcs/manage';
 * const ctx = createWcsContext(loadConfig().config);
 * for await (const o of listAll(ctx, { bucket: 'photos', prefix: '2024/' })) console.log(o.key, o.fsize);
 * const info = await statObject(ctx, { bucket: 'photos', key: '2024/a.jpg' });
 *
 * @packageDocumentation
 */

export type { ManageCallOptions, ResponseMeta } from './manage-call.js';
export {
  listBuckets,
  bucketStat,
  bucketStatistics,
  type ListBucketsParams,
  type ListBucketsResult,
  type BucketStatParams,
  type BucketStatResult,
  type BucketUsage,
  type BucketStatisticsParams,
  type BucketStatisticsResult,
  type StorageType,
} from './buckets.js';
export {
  listObjects,
  listPages,
  listAll,
  MAX_LIST_LIMIT,
  type ListObjectsParams,
  type ListPagesParams,
  type ListAllParams,
  type ListResult,
} from './list.js';
export type { ObjectInfo } from './object-info.js';
export { statObject, type StatObjectParams, type StatResult } from './stat-object.js';
export { deleteObject, type DeleteObjectParams, type DeleteResult } from './delete-object.js';
export {
  moveObject,
  copyObject,
  type MoveObjectParams,
  type CopyObjectParams,
  type ObjectLocation,
  type DestinationLocation,
  type MoveCopyResult,
} from './move-copy.js';
export { setDeadline, type SetDeadlineParams } from './set-deadline.js';
export { wsLiveList, type WsLiveListParams, type WsLiveListResult } from './ws-live-list.js';
export {
  assertBucket,
  assertKey,
  assertDateRange,
  assertInteger,
  parseDateArgument,
  MAX_KEY_BYTES,
  assertDeadlineDays,
  maxDeadlineDays,
  LAST_EXPIRY_MS,
} from './validate.js';
