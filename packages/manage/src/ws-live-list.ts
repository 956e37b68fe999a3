import { WcsInvalidArgumentError, type WcsContext } from '@wcs/core';
import * as z from 'zod/mini';
import { manageJson, WireCode, type ManageCallOptions, type ResponseMeta } from './manage-call.js';
import { assertBucket, assertInteger } from './validate.js';

/** Input of {@link wsLiveList} (wcs-api.md §8; the user guide gives times as `YYYYMMDDmmhhss`). */
export interface WsLiveListParams extends ManageCallOptions {
  channelName: string;
  startTime: string;
  endTime: string;
  bucket: string;
  /** First record to return (the service default is 1). */
  start?: number | undefined;
  /** How many records; unset = all. */
  limit?: number | undefined;
}

/** Result of {@link wsLiveList}. The response body is [U] (§8), so records are passed on as received. */
export interface WsLiveListResult extends ResponseMeta {
  items: Array<Record<string, unknown>>;
  /** The whole answer as received. */
  raw: Record<string, unknown>;
}

const WsLiveResponseSchema = z.looseObject({
  code: z.optional(WireCode),
  message: z.optional(z.string()),
  items: z.optional(z.array(z.record(z.string(), z.unknown()))),
});

/**
 * Lists live-recording files: `GET /wslive/list?channelname&startTime&endTime&bucket[&start][&limit]`
 * (wcs-api.md §8, py3 order; values raw, percent-encoded where needed). Idempotent.
 *
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for an empty channel, time or bucket, or a bad start/limit
 * @throws WcsServiceError (`ERR_WCS_SERVICE`) on a non-2xx or malformed answer
 * @example
 * const { items } = await wsLiveList(ctx, { channelName: 'live1', startTime: '20240101000000', endTime: '20240102000000', bucket: 'records' });
 */
export async function wsLiveList(ctx: WcsContext, params: WsLiveListParams): Promise<WsLiveListResult> {
  if (params === null || typeof params !== 'object') throw new WcsInvalidArgumentError('wsLiveList needs { channelName, startTime, endTime, bucket }.');
  for (const name of ['channelName', 'startTime', 'endTime'] as const) {
    if (typeof params[name] !== 'string' || params[name] === '') throw new WcsInvalidArgumentError(`${name} must be non-empty text.`);
  }
  assertBucket(params.bucket);
  if (params.start !== undefined) assertInteger(params.start, 'start', 0);
  if (params.limit !== undefined) assertInteger(params.limit, 'limit', 1);
  const { data, response } = await manageJson(
    ctx,
    {
      method: 'GET',
      path: '/wslive/list',
      query: [
        ['channelname', encodeURIComponent(params.channelName)],
        ['startTime', encodeURIComponent(params.startTime)],
        ['endTime', encodeURIComponent(params.endTime)],
        ['bucket', encodeURIComponent(params.bucket)],
        ['start', params.start === undefined ? undefined : String(params.start)],
        ['limit', params.limit === undefined ? undefined : String(params.limit)],
      ],
      idempotent: true,
      signal: params.signal,
    },
    WsLiveResponseSchema,
  );
  return { items: data.items ?? [], raw: data, requestId: response.requestId };
}
