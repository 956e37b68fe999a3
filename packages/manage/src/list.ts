import { WcsInvalidArgumentError, WcsServiceError, urlSafeBase64Encode, type WcsContext } from '@wcs/core';
import * as z from 'zod/mini';
import { manageJson, manageBaseUrl, type ManageCallOptions, type ResponseMeta } from './manage-call.js';
import { ObjectInfoWireSchema, toObjectInfo, type ObjectInfo } from './object-info.js';
import { assertBucket, assertInteger } from './validate.js';

/** Largest page `GET /list` returns (§5.3). */
export const MAX_LIST_LIMIT = 1000;

/**
 * Input of {@link listObjects}, {@link listPages} and {@link listAll} (wcs-api.md §5.3).
 *
 * `limit`, `prefix`, `mode` and `marker` left unset (`undefined`) come from the config
 * (`list_limit`, `list_prefix`, `list_mode`, `list_marker`) with py3's rules: limit when > 0,
 * prefix and marker when non-empty, mode only when 0 or 1. Pass `''` for `prefix` or `marker` to
 * send none whatever the config says. Whatever is still unset is left out of the request.
 */
export interface ListObjectsParams extends ManageCallOptions {
  /** Bucket to list. */
  bucket: string;
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

/** Input of {@link listPages}: {@link ListObjectsParams}, where `marker` is only the start. */
export type ListPagesParams = ListObjectsParams;

/** Input of {@link listAll}: {@link ListObjectsParams}, where `marker` is only the start. */
export type ListAllParams = ListObjectsParams;

/**
 * The config's list settings for what `params` leaves unset (py3 sends each only when truthy,
 * and mode only when 0 or 1: 3 means unset, §5.3), so a package call and `WcsClient` list alike.
 */
function withConfigDefaults(ctx: WcsContext, params: ListObjectsParams): ListObjectsParams {
  const c = ctx.config;
  return {
    ...params,
    limit: params.limit ?? (c.listLimit > 0 ? c.listLimit : undefined),
    prefix: params.prefix ?? (c.listPrefix === '' ? undefined : c.listPrefix),
    mode: params.mode ?? (c.listMode === 0 || c.listMode === 1 ? c.listMode : undefined),
    marker: params.marker ?? (c.listMarker === '' ? undefined : c.listMarker),
  };
}

function validateListParams(params: ListObjectsParams): void {
  if (params === null || typeof params !== 'object') throw new WcsInvalidArgumentError('listing needs a params object such as { bucket: "photos" }.');
  const options = params;
  assertBucket(options.bucket);
  if (options.limit !== undefined) assertInteger(options.limit, 'limit', 1, MAX_LIST_LIMIT);
  if (options.mode !== undefined && options.mode !== 0 && options.mode !== 1) {
    throw new WcsInvalidArgumentError('mode must be 0 (files first) or 1 (folders first), or left unset (a flat listing unless the config list_mode is 0 or 1).');
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
 * Unset `limit`/`prefix`/`mode`/`marker` come from the config (see {@link ListObjectsParams}).
 *
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for an empty bucket, limit outside 1..1000, mode not 0/1, bad times
 * @throws WcsServiceError (`ERR_WCS_SERVICE`) on a non-2xx or malformed answer (631 = no such bucket)
 * @example
 * const page = await listObjects(ctx, { bucket: 'photos', prefix: '2024/', limit: 100 });
 */
export async function listObjects(ctx: WcsContext, params: ListObjectsParams): Promise<ListResult> {
  validateListParams(params);
  const options = withConfigDefaults(ctx, params);
  const bucket = options.bucket;
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

/**
 * Every page of a listing, one request at a time, following `marker` until it comes back empty
 * (wcs-api.md §5.3, like py3 `bucket_listAll`). Only the current page is held in memory.
 * Unset `limit`/`prefix`/`mode`/`marker` come from the config (see {@link ListObjectsParams}).
 *
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) as {@link listObjects}, before any request
 * @throws WcsServiceError (`ERR_WCS_SERVICE`) on a failed page, or when the service repeats a marker (which would loop forever)
 * @example
 * for await (const page of listPages(ctx, { bucket: 'photos', mode: 0 })) console.log(page.commonPrefixes);
 */
export async function* listPages(ctx: WcsContext, params: ListPagesParams): AsyncGenerator<ListResult, void, undefined> {
  validateListParams(params);
  const options = withConfigDefaults(ctx, params);
  let marker = options.marker;
  for (;;) {
    // '' rather than undefined once past the start: a later page must not fall back to the config marker.
    const page = await listObjects(ctx, { ...options, marker: marker ?? '' });
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
 * for await (const object of listAll(ctx, { bucket: 'photos', prefix: 'p/' })) bytes += object.fsize;
 */
export async function* listAll(ctx: WcsContext, params: ListAllParams): AsyncGenerator<ObjectInfo, void, undefined> {
  for await (const page of listPages(ctx, params)) yield* page.items;
}
