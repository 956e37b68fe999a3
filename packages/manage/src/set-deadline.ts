import { WcsInvalidArgumentError, urlSafeBase64Encode, type WcsContext } from '@wcs/core';
import * as z from 'zod/mini';
import { manageJson, WireCode, type ManageCallOptions, type ResponseMeta } from './manage-call.js';
import { assertBucket, assertDeadlineDays, assertKey } from './validate.js';

/** Options of {@link setDeadline}. */
export interface SetDeadlineOptions extends ManageCallOptions {
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
 */
export async function setDeadline(ctx: WcsContext, bucket: string, key: string, days: number, options: SetDeadlineOptions = {}): Promise<ResponseMeta> {
  assertBucket(bucket);
  assertKey(key);
  assertDeadlineDays(days);
  if (options.relevance !== undefined && options.relevance !== 0 && options.relevance !== 1) {
    throw new WcsInvalidArgumentError('relevance must be 0 or 1.');
  }
  let body = `bucket=${urlSafeBase64Encode(bucket)}&key=${urlSafeBase64Encode(key)}&deadline=${days}`;
  if (options.relevance !== undefined) body += `&relevance=${options.relevance}`;
  const { response } = await manageJson(
    ctx,
    { method: 'POST', path: '/setdeadline', body, idempotent: true, signal: options.signal },
    SetDeadlineResponseSchema,
  );
  return { requestId: response.requestId };
}
