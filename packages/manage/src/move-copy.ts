import { entry, type WcsContext } from '@wcs/core';
import * as z from 'zod/mini';
import { manageJson, WireCode, type ManageCallOptions, type ResponseMeta } from './manage-call.js';
import { assertBucket, assertKey } from './validate.js';

/** Source object of a move or copy. */
export interface ObjectLocation {
  bucket: string;
  key: string;
}

/** Destination of a move or copy; `key` defaults to the source key (py3 `Client.move`, §5.6). */
export interface DestinationLocation {
  bucket: string;
  key?: string | undefined;
}

/** Input of {@link moveObject}. */
export interface MoveObjectParams extends ManageCallOptions {
  /** The object to move. */
  from: ObjectLocation;
  /** Where to; `to.key` defaults to `from.key`. */
  to: DestinationLocation;
}

/** Input of {@link copyObject}: as {@link MoveObjectParams}. */
export type CopyObjectParams = MoveObjectParams;

/** Result of {@link moveObject} and {@link copyObject}. */
export interface MoveCopyResult extends ResponseMeta {
  /** Where the object is now. */
  destination: ObjectLocation;
}

const MoveCopyResponseSchema = z.looseObject({ code: z.optional(WireCode), message: z.optional(z.string()) });

function resolve(params: MoveObjectParams): ObjectLocation {
  const src = params?.from;
  const dst = params?.to;
  assertBucket(src?.bucket, 'source bucket (from.bucket)');
  assertKey(src.key, 'source key (from.key)');
  assertBucket(dst?.bucket, 'destination bucket (to.bucket)');
  const key = dst.key === undefined || dst.key === '' ? src.key : dst.key;
  assertKey(key, 'destination key');
  return { bucket: dst.bucket, key };
}

/**
 * Moves (renames) an object: `POST /move/<src entry>/<dst entry>` (wcs-api.md §5.6). An existing
 * destination is overwritten; an `.m3u8`'s `.ts` files are not moved.
 *
 * Never retried automatically: after a lost answer the source is gone, so a repeat would fail
 * with 404 although the move succeeded.
 *
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for empty buckets or keys breaking §1.3
 * @throws WcsServiceError (`ERR_WCS_SERVICE`) with `statusCode` 404 when the source does not exist
 * @example
 * await moveObject(ctx, { from: { bucket: 'photos', key: 'tmp/a.jpg' }, to: { bucket: 'photos', key: '2024/a.jpg' } });
 */
export async function moveObject(ctx: WcsContext, params: MoveObjectParams): Promise<MoveCopyResult> {
  const destination = resolve(params);
  const { from: src, signal } = params;
  const { response } = await manageJson(
    ctx,
    { method: 'POST', path: `/move/${entry(src.bucket, src.key)}/${entry(destination.bucket, destination.key)}`, idempotent: false, signal },
    MoveCopyResponseSchema,
  );
  return { destination, requestId: response.requestId };
}

/**
 * Copies an object: `POST /copy/<src entry>/<dst entry>` (wcs-api.md §5.7). An existing
 * destination is overwritten.
 *
 * Retried on network errors and 5xx: copying the same source again rewrites the same bytes.
 *
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for empty buckets or keys breaking §1.3
 * @throws WcsServiceError (`ERR_WCS_SERVICE`) with `statusCode` 404 when the source does not exist
 * @example
 * const { destination } = await copyObject(ctx, { from: { bucket: 'photos', key: 'a.jpg' }, to: { bucket: 'backup' } });
 */
export async function copyObject(ctx: WcsContext, params: CopyObjectParams): Promise<MoveCopyResult> {
  const destination = resolve(params);
  const { from: src, signal } = params;
  const { response } = await manageJson(
    ctx,
    { method: 'POST', path: `/copy/${entry(src.bucket, src.key)}/${entry(destination.bucket, destination.key)}`, idempotent: true, signal },
    MoveCopyResponseSchema,
  );
  return { destination, requestId: response.requestId };
}
