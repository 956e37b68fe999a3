import { WcsInvalidArgumentError, type WcsContext } from '@wcs/core';
import * as z from 'zod/mini';
import { manageJson, WireCode, type ManageCallOptions, type ResponseMeta } from './manage-call.js';
import { assertBucket, assertInteger } from './validate.js';

/** Input of {@link wsLiveList} (wcs-api.md §8; the user guide gives times as `YYYYMMDDmmhhss`). */
export interface WsLiveListOptions extends ManageCallOptions {
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
 */
export async function wsLiveList(ctx: WcsContext, options: WsLiveListOptions): Promise<WsLiveListResult> {
  for (const name of ['channelName', 'startTime', 'endTime'] as const) {
    if (typeof options[name] !== 'string' || options[name] === '') throw new WcsInvalidArgumentError(`${name} must be non-empty text.`);
  }
  assertBucket(options.bucket);
  if (options.start !== undefined) assertInteger(options.start, 'start', 0);
  if (options.limit !== undefined) assertInteger(options.limit, 'limit', 1);
  const { data, response } = await manageJson(
    ctx,
    {
      method: 'GET',
      path: '/wslive/list',
      query: [
        ['channelname', encodeURIComponent(options.channelName)],
        ['startTime', encodeURIComponent(options.startTime)],
        ['endTime', encodeURIComponent(options.endTime)],
        ['bucket', encodeURIComponent(options.bucket)],
        ['start', options.start === undefined ? undefined : String(options.start)],
        ['limit', options.limit === undefined ? undefined : String(options.limit)],
      ],
      idempotent: true,
      signal: options.signal,
    },
    WsLiveResponseSchema,
  );
  return { items: data.items ?? [], raw: data as Record<string, unknown>, requestId: response.requestId };
}
