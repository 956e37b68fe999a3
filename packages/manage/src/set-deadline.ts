import { WcsInvalidArgumentError, urlSafeBase64Encode, type WcsContext } from '@wcs/core';
import * as z from 'zod/mini';
import { manageJson, WireCode, type ManageCallOptions, type ResponseMeta } from './manage-call.js';
import { assertBucket, assertDeadlineDays, assertKey } from './validate.js';

/** Input of {@link setDeadline}. */
export interface SetDeadlineParams extends ManageCallOptions {
  bucket: string;
  key: string;
  /** Keep the object this many days; 0 = delete as soon as possible; -1 = keep forever. */
  days: number;
  /**
   * For `.m3u8` objects: 1 also applies the retention to the `.ts` files referenced by relative
   * paths, 0 does not. Unset = not sent, which the service treats as 1 (§5.8; py3 never sends it).
   */
  relevance?: 0 | 1 | undefined;
}

const SetDeadlineResponseSchema = z.looseObject({ code: z.optional(WireCode), message: z.optional(z.string()) });

/**
 * Sets an object's retention: `POST /setdeadline` body `bucket=<b64u>&key=<b64u>&deadline=<days>[&relevance=0|1]`
 * (wcs-api.md §5.8). `days`: keep this many days; 0 = delete as soon as possible; -1 = keep forever.
 *
 * Retried on network errors and 5xx: a repeat sets the same retention (counted from the
 * repeat, seconds later), which is harmless.
 *
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for an empty bucket, a bad key, days not a whole number
 *   from -1 to `maxDeadlineDays()` (an expiry past 9999-12-31), relevance not 0/1
 * @throws WcsServiceError (`ERR_WCS_SERVICE`) with `statusCode` 404 when the object does not exist
 * @example
 * await setDeadline(ctx, { bucket: 'logs', key: 'app.log', days: 30 });
 */
export async function setDeadline(ctx: WcsContext, params: SetDeadlineParams): Promise<ResponseMeta> {
  assertBucket(params?.bucket);
  const { bucket, key, days } = params;
  assertKey(key);
  assertDeadlineDays(days);
  if (params.relevance !== undefined && params.relevance !== 0 && params.relevance !== 1) {
    throw new WcsInvalidArgumentError('relevance must be 0 or 1.');
  }
  let body = `bucket=${urlSafeBase64Encode(bucket)}&key=${urlSafeBase64Encode(key)}&deadline=${days}`;
  if (params.relevance !== undefined) body += `&relevance=${params.relevance}`;
  const { response } = await manageJson(
    ctx,
    { method: 'POST', path: '/setdeadline', body, idempotent: true, signal: params.signal },
    SetDeadlineResponseSchema,
  );
  return { requestId: response.requestId };
}
