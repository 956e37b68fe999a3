import { WcsAbortError, WcsIntegrityError, WcsInvalidArgumentError, WcsNetworkError, type WcsContext, type WcsError } from '@wcs/core';
import { stripQuery } from '@wcs/core/internal';
import { checkParams } from './check-params.js';
import { checkTarget, checkUploadOptions, sendUploadForm } from './simple-upload.js';
import type { StreamUploadParams, UploadResult } from './upload-options.js';
import { headerValue } from './upload-response.js';

/**
 * Stream-address upload (流地址上传): GETs `url` and pipes the download into a normal upload's
 * file part as it arrives, never holding it whole (py3 `stream_upload` buffers it: wcs-api.md §11.4).
 *
 * A non-2xx download fails before anything is sent. A download that breaks, or ends short of its
 * `Content-Length`, aborts the upload request before the form's closing boundary, so the service
 * sees a broken body and stores nothing. Not retried (the download cannot be rewound).
 *
 * @param ctx from `createWcsContext(config)` (`@wcs/core`); the upload host is `config.putUrl`
 * @param params `url`, `bucket`, `key` (required unless `policy.saveKey` is set) and the {@link UploadOptions}
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for a bad URL or a missing key
 * @throws WcsServiceError (`ERR_WCS_SERVICE`) when the download or the upload answers non-2xx
 * @throws WcsNetworkError (`ERR_WCS_NETWORK`) when the download connection breaks (nothing stored)
 * @throws WcsIntegrityError (`ERR_WCS_INTEGRITY`) when the download is shorter or longer than its Content-Length (nothing stored), or the etag differs
 * @throws WcsAbortError (`ERR_WCS_ABORTED`) when `params.signal` aborts
 * @example
 * await streamUpload(ctx, { url: 'https://example.com/video.mp4', bucket: 'videos', key: 'copy.mp4' });
 */
export async function streamUpload(ctx: WcsContext, params: StreamUploadParams): Promise<UploadResult> {
  checkParams(params, 'streamUpload(ctx, { url, bucket, key, ...options })');
  checkTarget(params);
  checkUploadOptions(params);
  const { url, bucket, key, ...options } = params;
  const target = key === undefined ? { bucket } : { bucket, key };
  if (key === undefined && !options.policy?.saveKey) {
    throw new WcsInvalidArgumentError('Cannot upload from a URL without a key (or policy.saveKey).');
  }
  let parsedUrl: URL;
  try {
    parsedUrl = new URL(url);
  } catch (cause) {
    throw new WcsInvalidArgumentError('Cannot upload from the source URL: it is not a valid URL.', { cause });
  }
  if (parsedUrl.protocol !== 'http:' && parsedUrl.protocol !== 'https:') {
    throw new WcsInvalidArgumentError('Cannot upload from the source URL: only http and https are supported.');
  }
  // The query may carry a signature: messages show the URL without it.
  const shown = stripQuery(url);
  const download = await ctx.http.stream({ method: 'GET', url, idempotent: true, signal: options.signal });
  const lengthHeader = headerValue(download.headers, 'content-length');
  const expected = lengthHeader !== undefined && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : undefined;

  let failure: WcsError | undefined;
  let used = false;
  const result = sendUploadForm(
    ctx,
    {
      size: expected,
      fileName: undefined,
      rewindable: false,
      async *chunks() {
        if (used) throw new WcsInvalidArgumentError('A stream-address upload cannot be retried.');
        used = true;
        let received = 0;
        try {
          for await (const chunk of download.body) {
            received += (chunk as Buffer).length;
            if (expected !== undefined && received > expected) break;
            yield chunk as Buffer;
          }
        } catch (cause) {
          failure = options.signal?.aborted
            ? new WcsAbortError(`Upload from ${shown} was aborted.`, { cause })
            : new WcsNetworkError(`Downloading ${shown} failed after ${received} bytes; nothing was stored, try again.`, { cause });
          throw failure;
        }
        if (expected !== undefined && received !== expected) {
          failure = new WcsIntegrityError(
            `Downloading ${shown} returned ${received} bytes where Content-Length announced ${expected}; nothing was stored, try again.`,
            { expected: `${expected} bytes`, actual: `${received} bytes` },
          );
          throw failure;
        }
      },
    },
    target,
    options,
    { sourceFailure: () => failure },
  );
  try {
    return await result;
  } finally {
    if (!download.body.destroyed) download.body.destroy();
  }
}
