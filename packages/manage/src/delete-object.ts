import { entry, type WcsContext } from '@wcs/core';
import { serviceErrorFromResponse } from '@wcs/core/internal';
import * as z from 'zod/mini';
import { manageBaseUrl, manageRequest, WireCode, type ManageCallOptions, type ResponseMeta } from './manage-call.js';
import { assertBucket, assertKey } from './validate.js';

/** Input of {@link deleteObject}. */
export interface DeleteObjectParams extends ManageCallOptions {
  bucket: string;
  key: string;
}

/** Result of {@link deleteObject}. */
export interface DeleteResult extends ResponseMeta {
  /**
   * True when a retried attempt found the object already gone: an earlier attempt whose answer
   * was lost most likely deleted it. The object is absent either way.
   */
  alreadyDeleted: boolean;
}

const DeleteResponseSchema = z.looseObject({ code: z.optional(WireCode), message: z.optional(z.string()) });

/**
 * Deletes one object: `POST /delete/<EncodedEntryURI>` (wcs-api.md §5.5). Cannot be undone.
 *
 * Retried on network errors and 5xx: deleting twice leaves the same state. The one trap is a
 * retry after an attempt that did delete but whose answer was lost: it reports 404. So a 404 on
 * the first attempt is an error (the object never existed), while a 404 on a retry is reported
 * as success with `alreadyDeleted: true`.
 *
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for an empty bucket or a key breaking §1.3
 * @throws WcsServiceError (`ERR_WCS_SERVICE`) with `statusCode` 404 when the object does not exist
 * @example
 * await deleteObject(ctx, { bucket: 'photos', key: '2024/a.jpg' });
 */
export async function deleteObject(ctx: WcsContext, params: DeleteObjectParams): Promise<DeleteResult> {
  assertBucket(params?.bucket);
  const { bucket, key } = params;
  assertKey(key);
  const path = `/delete/${entry(bucket, key)}`;
  const response = await manageRequest(ctx, { method: 'POST', path, idempotent: true, acceptStatuses: [404], signal: params.signal });
  if (response.statusCode === 404) {
    if (response.attempts > 1) return { alreadyDeleted: true, requestId: response.requestId };
    throw serviceErrorFromResponse({ method: 'POST', url: `${manageBaseUrl(ctx)}${path}`, statusCode: 404, requestId: response.requestId, body: response.body });
  }
  // Validate the success body like every other answer (a non-JSON 200 is a malformed answer).
  const parsed = DeleteResponseSchema.safeParse(safeJson(response.body));
  if (!parsed.success) {
    throw serviceErrorFromResponse({ method: 'POST', url: `${manageBaseUrl(ctx)}${path}`, statusCode: 502, requestId: response.requestId, body: 'malformed delete answer' });
  }
  return { alreadyDeleted: false, requestId: response.requestId };
}

function safeJson(body: Buffer): unknown {
  const text = body.toString('utf8').trim();
  if (text === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
