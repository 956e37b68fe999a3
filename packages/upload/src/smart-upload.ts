import { stat } from 'node:fs/promises';
import { WcsInvalidArgumentError, type WcsContext } from '@wcs/core';
import { multipartUpload } from './multipart-upload.js';
import { checkParams } from './check-params.js';
import { checkFilePath, simpleUpload } from './simple-upload.js';
import type { SmartUploadParams, UploadResult } from './upload-options.js';

/** Files up to this size go by normal upload in {@link smartUpload}: py3 `multi_size` default 20 MiB (wcs-api.md §11.4). */
export const DEFAULT_SMART_THRESHOLD_BYTES = 20 * 1024 * 1024;

/**
 * Normal upload ({@link simpleUpload}) for files up to `thresholdBytes` (default
 * {@link DEFAULT_SMART_THRESHOLD_BYTES}, 20 MiB), resumable multipart upload
 * ({@link multipartUpload}) above it (py3 `smart_upload`, wcs-api.md §11.4).
 *
 * @param ctx from `createWcsContext(config)` (`@wcs/core`); the upload host is `config.putUrl`
 * @param params `file`, `bucket`, `key` (default: the file's basename), `thresholdBytes` and the {@link MultipartUploadOptions}
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for a bad threshold or an unreadable file
 * @throws the errors of {@link simpleUpload} and {@link multipartUpload}
 * @example
 * await smartUpload(ctx, { file: './maybe-big.bin', bucket: 'data' });
 */
export async function smartUpload(ctx: WcsContext, params: SmartUploadParams): Promise<UploadResult> {
  checkParams(params, 'smartUpload(ctx, { file, bucket, key?, thresholdBytes?, ...options })');
  const { thresholdBytes = DEFAULT_SMART_THRESHOLD_BYTES, file, ...rest } = params;
  checkFilePath(file);
  if (!Number.isSafeInteger(thresholdBytes) || thresholdBytes < 0) {
    throw new WcsInvalidArgumentError('thresholdBytes must be a whole number of bytes, 0 or more.');
  }
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (cause) {
    throw new WcsInvalidArgumentError(`Cannot upload ${file}: ${(cause as Error).message}.`, { cause });
  }
  return size <= thresholdBytes ? simpleUpload(ctx, { ...rest, source: file }) : multipartUpload(ctx, { ...rest, file });
}
