import { WcsInvalidArgumentError, urlSafeBase64Encode, type WcsContext } from '@wcs/core';
import * as z from 'zod/mini';
import { manageJson, WireCode, WireNumber, type ManageCallOptions, type ResponseMeta } from './manage-call.js';
import { assertBucket, assertDateRange } from './validate.js';

const BucketListResponseSchema = z.object({
  code: z.optional(WireCode),
  message: z.optional(z.string()),
  buckets: z._default(z.array(z.looseObject({ name: z.string() })), []),
});

/** Input of {@link listBuckets}: only call options, so it may be left out. */
export type ListBucketsParams = ManageCallOptions;

/** Result of {@link listBuckets}. */
export interface ListBucketsResult extends ResponseMeta {
  /** Bucket names of the account, in the order the service lists them. */
  buckets: string[];
}

/**
 * Lists the account's buckets: `GET /bucket/list` (wcs-api.md §5.1). Idempotent, so retried.
 *
 * @throws WcsConfigError (`ERR_WCS_CONFIG`) when keys or mgr_url are missing
 * @throws WcsServiceError (`ERR_WCS_SERVICE`) on a non-2xx or malformed answer
 * @example
 * const { buckets } = await listBuckets(ctx);
 */
export async function listBuckets(ctx: WcsContext, params: ListBucketsParams = {}): Promise<ListBucketsResult> {
  // null is "no params" too; anything else that is not an object is a caller's mistake (e.g. a bucket name).
  if (params !== null && typeof params !== 'object') throw new WcsInvalidArgumentError('listBuckets takes no argument, or { signal }.');
  const { data, response } = await manageJson(ctx, { method: 'GET', path: '/bucket/list', idempotent: true, signal: params?.signal }, BucketListResponseSchema);
  return { buckets: data.buckets.map((b) => b.name), requestId: response.requestId };
}

/** Storage classes `bucketStat` can filter on (§5.2). */
export type StorageType = 'Standard' | 'InfrequentAccess' | 'Archive';

/** Input of {@link bucketStat}. */
export interface BucketStatParams extends ManageCallOptions {
  /**
   * One or more bucket names: an array, one name, or py3's `"b1|b2"` text (split on `|`, which no
   * bucket name contains). Sent joined by `|` and b64u-encoded.
   */
  buckets: string | readonly string[];
  /** First day, `yyyy-mm-dd`. */
  startDate: string;
  /** Last day, `yyyy-mm-dd` (the service allows a span of at most 6 months). */
  endDate: string;
  /** Ask for per-day details. Default false (always sent, as py3 does). */
  isListDetails?: boolean;
  /** Only this storage class; omitted = total. */
  storageType?: StorageType;
}

/** Daily usage of one bucket. */
export interface BucketUsage {
  name: string;
  /** One entry per day: `date` is `yyyy-mm-dd`, `storageMb` the day's peak usage in MB. */
  detail: Array<{ date: string; storageMb: number }>;
}

/** Result of {@link bucketStat}. */
export interface BucketStatResult extends ResponseMeta {
  buckets: BucketUsage[];
}

const BucketStatResponseSchema = z.object({
  code: z.optional(WireCode),
  message: z.optional(z.string()),
  buckets: z._default(
    z.array(
      z.looseObject({
        name: z.string(),
        detail: z._default(z.array(z.looseObject({ data_time: z.string(), storage: WireNumber })), []),
      }),
    ),
    [],
  ),
});

const STORAGE_TYPES: readonly string[] = ['Standard', 'InfrequentAccess', 'Archive'];

/**
 * Storage usage per day: `GET /bucket/stat?name=<b64u("b1|b2")>&startdate&enddate&isListDetails[&storageType]`
 * (wcs-api.md §5.2, py3 parameter order). Dates are checked before any request. Idempotent.
 *
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for no bucket, a bad date, end before start, or an unknown storageType
 * @throws WcsServiceError (`ERR_WCS_SERVICE`) on a non-2xx or malformed answer
 * @example
 * const { buckets } = await bucketStat(ctx, { buckets: ['photos', 'logs'], startDate: '2024-01-01', endDate: '2024-01-31' });
 */
export async function bucketStat(ctx: WcsContext, params: BucketStatParams): Promise<BucketStatResult> {
  if (params === null || typeof params !== 'object') throw new WcsInvalidArgumentError('bucketStat needs { buckets, startDate, endDate }.');
  const buckets = typeof params.buckets === 'string' ? params.buckets.split('|') : params.buckets;
  if (!Array.isArray(buckets) || buckets.length === 0) {
    throw new WcsInvalidArgumentError('bucketStat needs at least one bucket name.');
  }
  for (const b of buckets) assertBucket(b);
  assertDateRange(params.startDate, params.endDate);
  if (params.storageType !== undefined && !STORAGE_TYPES.includes(params.storageType)) {
    throw new WcsInvalidArgumentError('storageType must be Standard, InfrequentAccess or Archive.');
  }
  if (params.isListDetails !== undefined && typeof params.isListDetails !== 'boolean') {
    throw new WcsInvalidArgumentError('isListDetails must be true or false.');
  }
  const { data, response } = await manageJson(
    ctx,
    {
      method: 'GET',
      path: '/bucket/stat',
      query: [
        ['name', urlSafeBase64Encode(buckets.join('|'))],
        ['startdate', params.startDate],
        ['enddate', params.endDate],
        ['isListDetails', String(params.isListDetails ?? false)],
        ['storageType', params.storageType],
      ],
      idempotent: true,
      signal: params.signal,
    },
    BucketStatResponseSchema,
  );
  return {
    buckets: data.buckets.map((b) => ({ name: b.name, detail: b.detail.map((d) => ({ date: d.data_time, storageMb: d.storage })) })),
    requestId: response.requestId,
  };
}

/** Input of {@link bucketStatistics}. */
export interface BucketStatisticsParams extends ManageCallOptions {
  bucket: string;
  /** Statistic kind, e.g. `uploadRequest` (valid values are not documented: wcs-api.md §5.2 [U]). */
  type: string;
  /** First day, `yyyy-mm-dd`. */
  startDate: string;
  /** Last day, `yyyy-mm-dd`. */
  endDate: string;
}

/** Result of {@link bucketStatistics}; the response shape is [U], so unknown members are kept in `raw`. */
export interface BucketStatisticsResult extends ResponseMeta {
  /** Per bucket and type, the daily values found in the answer's `result` (or `buckets`) array. */
  entries: Array<{ name: string; type: string | undefined; detail: Array<{ date: string; value: number }> }>;
  /** The whole answer as received. */
  raw: Record<string, unknown>;
}

const StatisticsEntrySchema = z.looseObject({
  name: z.string(),
  type: z.optional(z.string()),
  detail: z._default(z.array(z.looseObject({ data_time: z.string(), value: WireNumber })), []),
});

const BucketStatisticsResponseSchema = z.looseObject({
  code: z.optional(WireCode),
  message: z.optional(z.string()),
  result: z.optional(z.array(StatisticsEntrySchema)),
  buckets: z.optional(z.array(StatisticsEntrySchema)),
});

/**
 * Request statistics of one bucket (py3 only): `GET /bucket/statistics?name=<b64u(bucket)>&type&startdate&enddate`
 * (wcs-api.md §5.2; response [U]). Idempotent.
 *
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for an empty bucket or type, or a bad date
 * @throws WcsServiceError (`ERR_WCS_SERVICE`) on a non-2xx or malformed answer
 * @example
 * const { entries } = await bucketStatistics(ctx, { bucket: 'photos', type: 'uploadRequest', startDate: '2024-01-01', endDate: '2024-01-07' });
 */
export async function bucketStatistics(ctx: WcsContext, params: BucketStatisticsParams): Promise<BucketStatisticsResult> {
  assertBucket(params?.bucket);
  if (typeof params.type !== 'string' || params.type === '') {
    throw new WcsInvalidArgumentError('type must be a statistic name such as uploadRequest.');
  }
  assertDateRange(params.startDate, params.endDate);
  const { data, response } = await manageJson(
    ctx,
    {
      method: 'GET',
      path: '/bucket/statistics',
      query: [
        ['name', urlSafeBase64Encode(params.bucket)],
        ['type', encodeURIComponent(params.type)],
        ['startdate', params.startDate],
        ['enddate', params.endDate],
      ],
      idempotent: true,
      signal: params.signal,
    },
    BucketStatisticsResponseSchema,
  );
  const entries = (data.result ?? data.buckets ?? []).map((e) => ({
    name: e.name,
    type: e.type,
    detail: e.detail.map((d) => ({ date: d.data_time, value: d.value })),
  }));
  return { entries, raw: data, requestId: response.requestId };
}
