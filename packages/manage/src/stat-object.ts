import { entry, type WcsContext } from '@wcs/core';
import * as z from 'zod/mini';
import { manageJson, WireCode, WireNumber, WireOptionalText, type ManageCallOptions, type ResponseMeta } from './manage-call.js';
import type { ObjectInfo } from './object-info.js';
import { assertBucket, assertKey } from './validate.js';

/** Input of {@link statObject}. */
export interface StatObjectParams extends ManageCallOptions {
  bucket: string;
  key: string;
}

/** Result of {@link statObject} (wcs-api.md §5.4): the list fields of the object, and more. */
export interface StatResult extends ResponseMeta, ObjectInfo {
  bucket: string;
  /** `Appendable` for objects written by append upload (header `x-wcs-object-type`). */
  objectType?: string | undefined;
  /** Where the next append must start (header `x-wcs-next-append-position`, §12.11 spellings accepted). */
  nextAppendPosition?: number | undefined;
}

const StatResponseSchema = z.looseObject({
  result: z.optional(z.union([z.string(), z.boolean()])),
  code: z.optional(WireCode),
  message: z.optional(z.string()),
  name: z.optional(z.string()),
  fsize: WireNumber,
  hash: z.string(),
  mimeType: z._default(z.string(), ''),
  putTime: WireNumber,
  expirationDate: WireOptionalText,
  storageClass: WireOptionalText,
});

const header = (headers: Record<string, string | string[] | undefined>, name: string): string | undefined => {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/**
 * Object metadata: `GET /stat/<EncodedEntryURI>` (wcs-api.md §5.4). Idempotent, so retried.
 *
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for an empty bucket or a key breaking §1.3
 * @throws WcsServiceError (`ERR_WCS_SERVICE`) with `statusCode` 404 when the object does not exist, 631 when the bucket does not
 * @example
 * const { fsize, hash, mimeType } = await statObject(ctx, { bucket: 'photos', key: '2024/a.jpg' });
 */
export async function statObject(ctx: WcsContext, params: StatObjectParams): Promise<StatResult> {
  assertBucket(params?.bucket);
  const { bucket, key } = params;
  assertKey(key);
  const { data, response } = await manageJson(
    ctx,
    { method: 'GET', path: `/stat/${entry(bucket, key)}`, idempotent: true, signal: params.signal },
    StatResponseSchema,
  );
  const result: StatResult = {
    bucket,
    key: data.name ?? key,
    hash: data.hash,
    fsize: data.fsize,
    mimeType: data.mimeType,
    putTime: data.putTime,
    requestId: response.requestId,
  };
  if (data.expirationDate !== undefined) result.expirationDate = data.expirationDate;
  if (data.storageClass !== undefined) result.storageClass = data.storageClass;
  const objectType = header(response.headers, 'x-wcs-object-type');
  if (objectType) result.objectType = objectType;
  const next =
    header(response.headers, 'x-wcs-next-append-position') ??
    header(response.headers, 'x-wcs-next-append-positon') ??
    header(response.headers, 'x-next-append-position');
  if (next !== undefined && /^\d+$/.test(next)) result.nextAppendPosition = Number(next);
  return result;
}
