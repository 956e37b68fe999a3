import { createWcsContext, type WcsConfig, type WcsContext } from '@wcs/core';
import type { CliClient } from './cli-client.js';

/**
 * The two upload calls of the {@link CliClient} port, straight to `@wcs/upload` (as WcsClient's
 * methods call it), each package entry imported on first use. Apart from create-cli-client.ts so
 * that `put` and `multiput` load neither `@wcs/manage` nor the SDK; and `put` goes through the
 * `@wcs/upload/simple` entry, so its chunk holds the normal upload only, not the multipart and
 * resume code the package index also reaches (esbuild splits chunks by import edges).
 */
export function uploadCalls(context: () => WcsContext): Pick<CliClient, 'simpleUpload' | 'multipartUpload'> {
  return {
    simpleUpload: async (filePath, bucket, key, options) =>
      (await import('@wcs/upload/simple')).simpleUpload(context(), filePath, { bucket, key }, {
        ...(options.signal ? { signal: options.signal } : {}),
        onProgress: (p) => options.onProgress?.(p.loaded, p.total),
      }),
    multipartUpload: async (filePath, bucket, key, options) =>
      (await import('@wcs/upload')).multipartUpload(context(), filePath, { bucket, key }, {
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.uploadId ? { uploadId: options.uploadId } : {}),
        // Not resume: 'never': that would leave the old record behind; this resets the record it finds.
        ...(options.restart ? { restartOnMismatch: true } : {}),
        ...(options.onUploadId ? { onUploadId: options.onUploadId } : {}),
        onProgress: (p) => options.onProgress?.(p.loaded, p.total),
      }),
  };
}

/** The upload calls alone, for `put` and `multiput`, with a context built as WcsClient builds its own. */
export function createUploadClient(config: WcsConfig): Pick<CliClient, 'simpleUpload' | 'multipartUpload'> {
  let ctx: WcsContext | undefined;
  return uploadCalls(() => (ctx ??= createWcsContext(config)));
}
