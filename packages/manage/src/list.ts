import { WcsInvalidArgumentError, WcsServiceError, urlSafeBase64Encode, type WcsContext } from '@wcs/core';
import * as z from 'zod/mini';
import { manageJson, manageBaseUrl, type ManageCallOptions, type ResponseMeta } from './manage-call.js';
import { ObjectInfoWireSchema, toObjectInfo, type ObjectInfo } from './object-info.js';
import { assertBucket, assertInteger } from './validate.js';

/** Largest page `GET /list` returns (§5.3). */
export const MAX_LIST_LIMIT = 1000;

/** Input of {@link listObjects}; every parameter is left out of the request when unset (§5.3). */
export interface ListObjectsOptions extends ManageCallOptions {
  /** Page size 1..1000; the service default is 1000. */
  limit?: number | undefined;
  /** Only keys starting with this text (with `mode`: this directory). Sent b64u-encoded. */
  prefix?: string | undefined;
  /** 0 = files first, 1 = folders first (then `commonPrefixes` is filled); unset = flat listing. */
  mode?: 0 | 1 | undefined;
  /** Resume point: the `marker` of the previous page, sent as received. */
  marker?: string | undefined;
  /** Upload-time lower bound, ms since the epoch. */
  startTime?: number | undefined;
  /** Upload-time upper bound, ms since the epoch. */
  endTime?: number | undefined;
}

/** One page of a listing. */
export interface ListResult extends ResponseMeta {
  /** Where the next page starts; undefined when this was the last page. */
  marker: string | undefined;
  /** Sub-directories (`dir/`) when listing with `mode`; empty otherwise. */
  commonPrefixes: string[];
  items: ObjectInfo[];
}

const ListResponseSchema = z.looseObject({
  marker: z.nullish(z.string()),
  commonPrefixes: z.nullish(z.array(z.string())),
  items: z.nullish(z.array(ObjectInfoWireSchema)),
});

function validateListOptions(bucket: string, options: ListObjectsOptions): void {
  assertBucket(bucket);
  if (options.limit !== undefined) assertInteger(options.limit, 'limit', 1, MAX_LIST_LIMIT);
  if (options.mode !== undefined && options.mode !== 0 && options.mode !== 1) {
    throw new WcsInvalidArgumentError('mode must be 0 (files first) or 1 (folders first), or left unset for a flat listing.');
  }
  if (options.prefix !== undefined && typeof options.prefix !== 'string') throw new WcsInvalidArgumentError('prefix must be text.');
  if (options.marker !== undefined && typeof options.marker !== 'string') throw new WcsInvalidArgumentError('marker must be text.');
  if (options.startTime !== undefined) assertInteger(options.startTime, 'startTime', 0);
  if (options.endTime !== undefined) assertInteger(options.endTime, 'endTime', 0);
  if (options.startTime !== undefined && options.endTime !== undefined && options.endTime < options.startTime) {
    throw new WcsInvalidArgumentError('endTime must not be before startTime.');
  }
}

/**
 * Lists one page of a bucket: `GET /list?bucket=<raw>[&marker][&limit][&prefix=<b64u>][&mode][&startTime][&endTime]`
 * (wcs-api.md §5.3; py3 parameter order, each only when set). Idempotent, so retried.
 *
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for an empty bucket, limit outside 1..1000, mode not 0/1, bad times
 * @throws WcsServiceError (`ERR_WCS_SERVICE`) on a non-2xx or malformed answer (631 = no such bucket)
 * @example
 * const page = await listObjects(ctx, 'photos', { prefix: '2024/', limit: 100 });
 */
export async function listObjects(ctx: WcsContext, bucket: string, options: ListObjectsOptions = {}): Promise<ListResult> {
  validateListOptions(bucket, options);
  const { data, response } = await manageJson(
    ctx,
    {
      method: 'GET',
      path: '/list',
      query: [
        ['bucket', encodeURIComponent(bucket)],
        ['marker', options.marker ? encodeURIComponent(options.marker) : undefined],
        ['limit', options.limit === undefined ? undefined : String(options.limit)],
        ['prefix', options.prefix ? urlSafeBase64Encode(options.prefix) : undefined],
        ['mode', options.mode === undefined ? undefined : String(options.mode)],
        ['startTime', options.startTime === undefined ? undefined : String(options.startTime)],
        ['endTime', options.endTime === undefined ? undefined : String(options.endTime)],
      ],
      idempotent: true,
      signal: options.signal,
    },
    ListResponseSchema,
  );
  return {
    marker: data.marker ? data.marker : undefined,
    commonPrefixes: data.commonPrefixes ?? [],
    items: (data.items ?? []).map(toObjectInfo),
    requestId: response.requestId,
  };
}

/** Input of {@link listPages} and {@link listAll}: {@link ListObjectsOptions} where `marker` is only the start. */
export type ListAllOptions = ListObjectsOptions;

/**
 * Every page of a listing, one request at a time, following `marker` until it comes back empty
 * (wcs-api.md §5.3, like py3 `bucket_listAll`). Only the current page is held in memory.
 *
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) as {@link listObjects}, before any request
 * @throws WcsServiceError (`ERR_WCS_SERVICE`) on a failed page, or when the service repeats a marker (which would loop forever)
 * @example
 * for await (const page of listPages(ctx, 'photos', { mode: 0 })) console.log(page.commonPrefixes);
 */
export async function* listPages(ctx: WcsContext, bucket: string, options: ListAllOptions = {}): AsyncGenerator<ListResult, void, undefined> {
  validateListOptions(bucket, options);
  let marker = options.marker;
  for (;;) {
    const page = await listObjects(ctx, bucket, { ...options, marker });
    yield page;
    if (page.marker === undefined) return;
    if (page.marker === marker) {
      throw new WcsServiceError({
        statusCode: 200,
        requestId: page.requestId,
        fault: 'server',
        retryable: false,
        method: 'GET',
        url: `${manageBaseUrl(ctx)}/list`,
      }, { message: `GET /list returned the marker it was given; stopping to avoid an endless listing (request id ${page.requestId ?? 'unknown'}).` });
    }
    marker = page.marker;
  }
}

/**
 * Every object of a bucket (or of a prefix) as an async iterable, page by page with constant
 * memory, for buckets of any size. `commonPrefixes` are not yielded: use {@link listPages} for them.
 *
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) as {@link listObjects}
 * @throws WcsServiceError (`ERR_WCS_SERVICE`) when a page fails
 * @example
 * let bytes = 0;
 * for await (const object of listAll(ctx, 'photos', { prefix: 'p/' })) bytes += object.fsize;
 */
export async function* listAll(ctx: WcsContext, bucket: string, options: ListAllOptions = {}): AsyncGenerator<ObjectInfo, void, undefined> {
  for await (const page of listPages(ctx, bucket, options)) yield* page.items;
}
