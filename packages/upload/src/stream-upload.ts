import { WcsAbortError, WcsIntegrityError, WcsInvalidArgumentError, WcsNetworkError, type WcsContext, type WcsError } from '@wcs/core';
import { stripQuery } from '@wcs/core/internal';
import { checkTarget, sendUploadForm } from './simple-upload.js';
import type { UploadOptions, UploadResult, UploadTarget } from './upload-options.js';
import { headerValue } from './upload-response.js';

/**
 * Stream-address upload (流地址上传): GETs `url` and pipes the download into a normal upload's
 * file part as it arrives, never holding it whole (py3 `stream_upload` buffers it: §11.4). A
 * failed or short download aborts the upload before the closing boundary is written, so the
 * service sees a broken form and stores nothing.
 */
export async function streamUpload(ctx: WcsContext, url: string, target: UploadTarget, options: UploadOptions = {}): Promise<UploadResult> {
  checkTarget(target);
  if (target.key === undefined && !options.policy?.saveKey) {
    throw new WcsInvalidArgumentError('Cannot upload from a URL without target.key (or policy.saveKey).');
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
