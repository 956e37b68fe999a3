import { stat } from 'node:fs/promises';
import { WcsInvalidArgumentError, type WcsContext } from '@wcs/core';
import { multipartUpload } from './multipart-upload.js';
import { simpleUpload } from './simple-upload.js';
import type { MultipartUploadOptions, UploadResult, UploadTarget } from './upload-options.js';

/** Files up to this size go by normal upload in {@link smartUpload}: py3 `multi_size` default 20 MiB (wcs-api.md §11.4). */
export const DEFAULT_SMART_THRESHOLD_BYTES = 20 * 1024 * 1024;

/** Normal upload up to `thresholdBytes`, resumable multipart above it. */
export async function smartUpload(
  ctx: WcsContext,
  filePath: string,
  target: UploadTarget,
  options: MultipartUploadOptions & { thresholdBytes?: number } = {},
): Promise<UploadResult> {
  const { thresholdBytes = DEFAULT_SMART_THRESHOLD_BYTES, ...rest } = options;
  if (!Number.isSafeInteger(thresholdBytes) || thresholdBytes < 0) {
    throw new WcsInvalidArgumentError('thresholdBytes must be a whole number of bytes, 0 or more.');
  }
  let size: number;
  try {
    size = (await stat(filePath)).size;
  } catch (cause) {
    throw new WcsInvalidArgumentError(`Cannot upload ${filePath}: ${(cause as Error).message}.`, { cause });
  }
  return size <= thresholdBytes ? simpleUpload(ctx, filePath, target, rest) : multipartUpload(ctx, filePath, target, rest);
}
