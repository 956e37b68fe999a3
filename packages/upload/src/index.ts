/**
 * `@wcs/upload`: normal, stream-address, multipart (resumable) and smart upload to Wangsu Cloud
 * Storage (wcs-api.md §4). Every function takes a {@link WcsContext} (`createWcsContext(config)`
 * from `@wcs/core`); the upload host is `config.putUrl`.
 */
import type { PutPolicy } from '@wcs/auth';
import type { WcsContext } from '@wcs/core';
import { createUploadTokenFor as createUploadTokenForImpl } from './create-upload-token-for.js';
import { multipartStreamUpload as multipartStreamUploadImpl } from './multipart-stream-upload.js';
import { multipartUpload as multipartUploadImpl } from './multipart-upload.js';
import { simpleUpload as simpleUploadImpl } from './simple-upload.js';
import { smartUpload as smartUploadImpl, DEFAULT_SMART_THRESHOLD_BYTES as SMART_THRESHOLD } from './smart-upload.js';
import { streamUpload as streamUploadImpl } from './stream-upload.js';
import { createUploadId as createUploadIdImpl } from './upload-id.js';
import type {
  MultipartStreamUploadOptions,
  MultipartUploadOptions,
  MultipartUploadResult,
  UploadOptions,
  UploadResult,
  UploadSource,
  UploadTarget,
} from './upload-options.js';

export type {
  MultipartStreamUploadOptions,
  MultipartUploadOptions,
  MultipartUploadResult,
  UploadOptions,
  UploadProgress,
  UploadResult,
  UploadSource,
  UploadTarget,
} from './upload-options.js';

/** Size (bytes) up to which {@link smartUpload} uses normal upload: 20 MiB, py3's `multi_size` default. */
export const DEFAULT_SMART_THRESHOLD_BYTES: number = SMART_THRESHOLD;

/**
 * Normal upload, `POST /file/upload` (wcs-api.md §4.1), from a file path, bytes or a stream.
 *
 * The body is streamed as `multipart/form-data` (fields `token`, `x:<var>`, `key`, `mimeType`,
 * `deadline`, then `file`: the Go SDK order), never held in memory; `Content-Length` is sent for
 * files and bytes. The policy is the config's (py3 order) with `options.policy` over it; the
 * etag is computed while the bytes are sent and compared with the service's answer. A file or
 * bytes source is retried (from its first byte) on network errors, timeouts, 408, 429 and 5xx
 * (not 579), up to `config.connectionRetries` times; a stream is sent once.
 *
 * The answer is returned parsed when it is JSON, else as text; with a policy `returnUrl` the
 * 303's `Location` is in `location`. A 406 (exists, with `overwrite` 0) that answers a retry
 * after the whole body had been sent may be the service refusing our own earlier attempt, stored
 * but whose answer was lost: then the key is stat'ed on `config.mgrUrl` and, when its etag is
 * the one of the bytes sent, the upload succeeds (`body` is then `{ hash, key }`).
 * `x-wos-traffic-limit` is sent when
 * `options.trafficLimit ?? config.trafficLimit` is above 0.
 *
 * @param target `key` defaults to the file's basename for a path; other sources need a key or `policy.saveKey`
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for an empty bucket, a missing key, an unreadable file
 * @throws WcsConfigError (`ERR_WCS_CONFIG`) when keys or `put_url` are missing
 * @throws WcsServiceError (`ERR_WCS_SERVICE`) for a non-2xx answer (401 bad token or scope, 406 exists, 631 no bucket…)
 * @throws WcsNetworkError (`ERR_WCS_NETWORK`) / WcsTimeoutError (`ERR_WCS_TIMEOUT`) when retries are exhausted
 * @throws WcsIntegrityError (`ERR_WCS_INTEGRITY`) when the service's etag differs from the bytes sent
 * @throws WcsAbortError (`ERR_WCS_ABORTED`) when `options.signal` aborts
 * @example
 * const ctx = createWcsContext(parseConfig({ accessKey, secretKey, putUrl: 'up.example.com' }));
 * const result = await simpleUpload(ctx, './photo.jpg', { bucket: 'images' }, { vars: { album: 'trip' } });
 * console.log(result.key, result.hash);
 */
export function simpleUpload(ctx: WcsContext, source: UploadSource, target: UploadTarget, options?: UploadOptions): Promise<UploadResult> {
  return simpleUploadImpl(ctx, source, target, options);
}

/**
 * Stream-address upload (流地址上传): downloads `url` with a GET and streams it into a normal
 * upload as it arrives (py3 buffers the whole download; this never does).
 *
 * A non-2xx download fails before anything is sent. A download that breaks, or ends short of its
 * `Content-Length`, aborts the upload request before the form's closing boundary, so the service
 * sees a broken body and stores nothing. Not retried (the download cannot be rewound).
 *
 * @param target `key` is required unless `options.policy.saveKey` is set
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for a bad URL or a missing key
 * @throws WcsServiceError (`ERR_WCS_SERVICE`) when the download or the upload answers non-2xx
 * @throws WcsNetworkError (`ERR_WCS_NETWORK`) when the download connection breaks (nothing stored)
 * @throws WcsIntegrityError (`ERR_WCS_INTEGRITY`) when the download is shorter or longer than its Content-Length (nothing stored), or the etag differs
 * @throws WcsAbortError (`ERR_WCS_ABORTED`) when `options.signal` aborts
 * @example
 * await streamUpload(ctx, 'https://example.com/video.mp4', { bucket: 'videos', key: 'copy.mp4' });
 */
export function streamUpload(ctx: WcsContext, url: string, target: UploadTarget, options?: UploadOptions): Promise<UploadResult> {
  return streamUploadImpl(ctx, url, target, options);
}

/**
 * Resumable multipart upload of a file: `mkblk`/`bput` per block, then one `mkfile`
 * (wcs-api.md §4.2).
 *
 * - Sizes: `blockSizeBytes` (default `config.blockSizeBytes`, 4 MiB) must be a positive multiple
 *   of 4 MiB; `chunkSizeBytes` (default `config.bputSizeBytes`) is capped to the block. Up to
 *   `concurrency` blocks (default `config.concurrency`, 4; 0 = one at a time) go in parallel;
 *   the chunks of a block go in order.
 * - Retries: each mkblk, bput and mkfile has `config.mkblkRetries` / `bputRetries` /
 *   `mkfileRetries` extra attempts with exponential backoff, for network errors, timeouts, 408,
 *   429 and 5xx except 579, and for a chunk whose `crc32` answer differs from the bytes sent; a
 *   701 (lost ctx) restarts the block from mkblk (at most `mkblkRetries` times). Other 4xx fail at once.
 * - Integrity: the etag is computed from the bytes as they are read for sending (no second
 *   pass) and must equal the `hash` mkfile returns.
 * - Record folder: `recordFolder` (default `config.recordFolder`, `~/.wcs/multipart`) is created
 *   0700; a folder (or an upload's subfolder) that is a symlink, belongs to another user or is
 *   writable by group or others is refused (`WcsResumeRecordError` with reason `unsafe-folder`).
 *   Record files are written through temporaries with random names, created exclusively and
 *   never through a symlink.
 * - Resume: progress is saved to `<recordFolder>/<uploadId>/`: a header written once
 *   (`record.json`) and one small file per block (`block-<n>.json`), so saving costs the same
 *   whatever the file size (folders 0700, files 0600, temp file + fsync + rename). Saves are
 *   group-committed off the request path (one background writer, latest state per block), so
 *   the record may trail the service by the writes pending but never leads it; it is complete
 *   before mkfile and when the call returns. Records of the old single-file format are refused by name. With `uploadId` (or `config.uploadId`) that
 *   record is resumed; otherwise, with `resume: 'auto'` (default), a record of the same file
 *   path, target and sizes is found through `<recordFolder>/auto-<sha256>.json`. A record whose
 *   file size or mtime, target, sizes or format differ, or that is corrupt, is refused with
 *   `WcsResumeRecordError` naming the difference, or replaced by a fresh start when
 *   `restartOnMismatch` is true. Finished blocks are not sent again; a half-sent block continues
 *   from its saved ctx and offset; a block state the plan cannot produce (an offset off a chunk
 *   boundary) restarts that block. Finished blocks are read once more and checked against the
 *   SHA-1s recorded when they were sent, so a file changed in place (size and mtime restored)
 *   sends those blocks again. Every `WcsResumeRecordError` has a typed `reason`. The record is deleted once mkfile succeeded, and also when
 *   mkfile answers 701 (the service no longer has the blocks, e.g. purged after about a month,
 *   §4.2): that run fails with `WcsResumeRecordError` and the next one starts afresh.
 * - An empty file goes by normal upload (mkblk cannot carry 0 bytes; §12.20); `uploadId` is then `''`.
 * - Tokens: a fresh upload token is minted for the next request when the current one is within
 *   a quarter of its lifetime (at most 10 minutes) of `config.tokenDeadlineSeconds`, so an upload
 *   may outlive one token (not when `policy.deadline` fixes the deadline).
 * - Headers: `Authorization` = the bare upload token, `UploadBatch` = upload id, `Key` =
 *   b64u(key), `x-wos-traffic-limit` when set; mkfile adds `MimeType` and `Deadline`, and
 *   `x:` variables as `/x:<name>/<b64u(value)>` path segments.
 *
 * @param target `key` defaults to the file's basename
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for bad sizes, concurrency or upload id, before any request
 * @throws WcsResumeRecordError (`ERR_WCS_RESUME_RECORD`) for an unknown upload id, or a record that is corrupt or does not match, or when mkfile answers 701 (record deleted)
 * @throws WcsServiceError (`ERR_WCS_SERVICE`) for a non-retryable answer or when retries are exhausted
 * @throws WcsNetworkError (`ERR_WCS_NETWORK`) / WcsTimeoutError (`ERR_WCS_TIMEOUT`) when retries are exhausted
 * @throws WcsIntegrityError (`ERR_WCS_INTEGRITY`) when the stored etag differs from the local one
 * @throws WcsAbortError (`ERR_WCS_ABORTED`) when `options.signal` aborts; the record is kept for a resume
 * @example
 * const result = await multipartUpload(ctx, './big.iso', { bucket: 'isos' }, {
 *   onUploadId: (id) => console.error(`upload id: ${id}`),
 *   onProgress: (p) => console.error(`${p.loaded}/${p.total}`),
 * });
 */
export function multipartUpload(ctx: WcsContext, filePath: string, target: UploadTarget, options?: MultipartUploadOptions): Promise<MultipartUploadResult> {
  return multipartUploadImpl(ctx, filePath, target, options);
}

/**
 * Multipart upload (mkblk/bput/mkfile, wcs-api.md §4.2) of bytes in memory or of a readable
 * stream / async iterable whose length need not be known (the chunking aws-sdk-js-v3
 * lib-storage's `Upload` offers). Same requests, retries, 701 block restarts, per-chunk CRC-32
 * check and etag check against mkfile's `hash` as {@link multipartUpload}; no resume record (a
 * stream cannot be read again), so an interrupted upload starts over.
 *
 * - Memory: at most `concurrency` blocks are in flight and one more is being filled, each in a
 *   pooled buffer of `blockSizeBytes` (4 MiB by default): concurrency × block size plus a
 *   constant. The source is read only as fast as blocks are sent (backpressure). Bytes passed as
 *   a `Uint8Array` are sent as views, never copied.
 * - An empty source goes by normal upload, like an empty file.
 *
 * @param target `key` is required
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for a missing key, bad sizes or an unsupported source
 * @throws the service, network, integrity and abort errors of {@link multipartUpload}; a source that fails is reported as its error wrapped in a `WcsError`
 * @example
 * await multipartStreamUpload(ctx, process.stdin, { bucket: 'logs', key: 'today.log' }, { concurrency: 2 });
 */
export function multipartStreamUpload(
  ctx: WcsContext,
  source: Uint8Array | NodeJS.ReadableStream | AsyncIterable<Uint8Array>,
  target: UploadTarget,
  options?: MultipartStreamUploadOptions,
): Promise<MultipartUploadResult> {
  return multipartStreamUploadImpl(ctx, source, target, options);
}

/**
 * Normal upload for files up to `thresholdBytes` (default {@link DEFAULT_SMART_THRESHOLD_BYTES},
 * 20 MiB), resumable multipart upload above it (py3 `smart_upload`, wcs-api.md §11.4).
 *
 * @throws the errors of {@link simpleUpload} and {@link multipartUpload}
 * @example
 * await smartUpload(ctx, './maybe-big.bin', { bucket: 'data' });
 */
export function smartUpload(
  ctx: WcsContext,
  filePath: string,
  target: UploadTarget,
  options?: MultipartUploadOptions & { thresholdBytes?: number },
): Promise<UploadResult> {
  return smartUploadImpl(ctx, filePath, target, options);
}

/**
 * An upload token for `target` (wcs-api.md §2.1): the config's policy fields in py3 order,
 * `policy` over them, `scope` = `bucket` or `bucket:key`, deadline `config.tokenDeadlineSeconds`
 * from now (`ctx.now`) unless `policy.deadline` (absolute ms) is given.
 *
 * @throws WcsConfigError (`ERR_WCS_CONFIG`) when a key is missing
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for an empty bucket or a bad policy field
 * @example
 * const token = createUploadTokenFor(ctx, { bucket: 'images', key: 'a.jpg' }, { overwrite: 1 });
 */
export function createUploadTokenFor(ctx: WcsContext, target: UploadTarget, policy?: Partial<PutPolicy>): string {
  return createUploadTokenForImpl(ctx, target, policy);
}

/**
 * A new multipart upload id (the `UploadBatch` header): 32 random `[A-Za-z0-9]`, like py3
 * (wcs-api.md §11.6).
 */
export function createUploadId(): string {
  return createUploadIdImpl();
}
