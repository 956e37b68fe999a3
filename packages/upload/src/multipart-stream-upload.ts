import { Readable } from 'node:stream';
import { etagOfBlockDigests } from '@wcs/etag';
import { WcsAbortError, WcsInvalidArgumentError, toWcsError, type WcsContext } from '@wcs/core';
import { createBlockSender, multipartResult, sendMemoryBlock } from './block-sender.js';
import { resolvePartSizes } from './chunker.js';
import { checkParams } from './check-params.js';
import { checkDays, checkTarget, checkUploadOptions, simpleUpload } from './simple-upload.js';
import { createUploadId } from './upload-id.js';
import { checkStreamUnread, notBytes } from './upload-source.js';
import type { MultipartStreamSource, MultipartStreamUploadParams, MultipartUploadResult } from './upload-options.js';

/** One block cut from the source: a view of a pooled buffer (streams) or of the caller's bytes. */
interface SourceBlock {
  index: number;
  data: Buffer;
  /** Gives the block's buffer back to the pool once the block is sent. */
  release: () => void;
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
 * @param ctx from `createWcsContext(config)` (`@wcs/core`); the upload host is `config.putUrl`
 * @param params `source`, `bucket`, `key` (required) and the {@link MultipartStreamUploadOptions}
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for a missing key, bad sizes or an unsupported source
 * @throws the service, network, integrity and abort errors of {@link multipartUpload}; a source that fails is reported as its error wrapped in a `WcsError`
 * @example
 * await multipartStreamUpload(ctx, { source: process.stdin, bucket: 'logs', key: 'today.log', concurrency: 2 });
 */
export async function multipartStreamUpload(ctx: WcsContext, params: MultipartStreamUploadParams): Promise<MultipartUploadResult> {
  const { config } = ctx;
  checkParams(params, 'multipartStreamUpload(ctx, { source, bucket, key, ...options })');
  checkTarget(params);
  checkUploadOptions(params);
  const { source, bucket, key, ...options } = params;
  const target = { bucket };
  if (key === undefined) throw new WcsInvalidArgumentError('Cannot upload a stream or bytes without a key.');
  checkStreamUnread(source);
  const sizes = resolvePartSizes(options.blockSizeBytes ?? config.blockSizeBytes, options.chunkSizeBytes ?? config.bputSizeBytes);
  const requested = options.concurrency ?? config.concurrency;
  if (!Number.isSafeInteger(requested) || requested < 0) {
    throw new WcsInvalidArgumentError(`concurrency must be a whole number, 0 or more; got ${String(options.concurrency)}.`);
  }
  const concurrency = Math.max(1, requested);
  if (options.deadlineDays !== undefined) checkDays(options.deadlineDays);
  if (options.signal?.aborted) throw new WcsAbortError('The multipart upload was aborted.', { cause: options.signal.reason });

  const uploadId = createUploadId();
  const controller = new AbortController();
  const onAbort = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const signal = controller.signal;
  const abortError = (cause: unknown) =>
    cause instanceof WcsAbortError ? cause : new WcsAbortError('The multipart upload was aborted; nothing was stored.', { cause: options.signal?.reason ?? cause });
  const sender = createBlockSender({
    ctx,
    uploadId,
    bucket: target.bucket,
    key,
    policy: options.policy,
    trafficLimit: options.trafficLimit,
    pace: options.pace,
    signal,
    abortError,
  });

  const ctxs: string[] = [];
  const digests: Buffer[][] = [];
  let loaded = 0;
  let blocksDone = 0;
  let total = 0;
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  const fail = (error: unknown) => {
    failure ??= error;
    controller.abort(error);
  };

  try {
    options.onUploadId?.(uploadId);
    for await (const block of cutBlocks(source, sizes.blockSizeBytes, concurrency, signal)) {
      if (failure !== undefined) {
        block.release();
        break;
      }
      total += block.data.length;
      // At most `concurrency` blocks in flight (a Buffer source has no pool to hold it back).
      while (inFlight.size >= concurrency) await Promise.race(inFlight);
      const retries = { mkblk: config.mkblkRetries, bput: config.bputRetries };
      const sending: Promise<void> = sendMemoryBlock(sender, block, sizes.chunkSizeBytes, retries, (bytes) => {
        loaded += bytes;
        options.onProgress?.({ loaded, block: block.index, blocksDone });
      })
        .then((sent) => {
          ctxs[block.index] = sent.ctx;
          digests[block.index] = sent.sha1;
          blocksDone++;
        }, fail)
        .finally(() => {
          block.release();
          inFlight.delete(sending);
        });
      inFlight.add(sending);
    }
  } catch (error) {
    fail(error);
  }
  try {
    await Promise.all(inFlight);
    if (failure !== undefined) {
      if (options.signal?.aborted) throw abortError(failure);
      throw toWcsError(failure, 'Multipart upload failed');
    }
    if (total === 0) {
      // mkblk cannot carry 0 bytes (wcs-api.md §12.20): an empty source goes by normal upload.
      const result = await simpleUpload(ctx, { ...options, source: Buffer.alloc(0), bucket: target.bucket, key });
      return { ...result, uploadId: '', resumedBlocks: 0 };
    }

    const localEtag = etagOfBlockDigests(digests.flat());
    const response = await sender.mkfile({ total, ctxs, vars: options.vars, mimeType: options.mimeType, deadlineDays: options.deadlineDays });
    return multipartResult(target, key, total, localEtag, response, uploadId, 0);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * Cuts the source into blocks of `blockSize` (the last may be shorter). Bytes are sliced, never
 * copied; a stream is copied into at most `concurrency + 1` pooled buffers, and the next block is
 * only read when a buffer is free, so a fast source waits for the uploads (backpressure).
 */
async function* cutBlocks(
  source: MultipartStreamSource,
  blockSize: number,
  concurrency: number,
  signal: AbortSignal,
): AsyncGenerator<SourceBlock> {
  if (source instanceof Uint8Array) {
    const bytes = Buffer.from(source.buffer, source.byteOffset, source.byteLength);
    for (let start = 0, index = 0; start < bytes.length; start += blockSize, index++) {
      yield { index, data: bytes.subarray(start, Math.min(bytes.length, start + blockSize)), release: () => undefined };
    }
    return;
  }
  const iterable = toAsyncIterable(source);
  const pool = new BufferPool(blockSize, concurrency + 1);
  let buffer = await pool.acquire(signal);
  let filled = 0;
  let index = 0;
  const emit = (length: number): SourceBlock => {
    const owned = buffer;
    return { index: index++, data: owned.subarray(0, length), release: () => pool.release(owned) };
  };
  // A stream is destroyed when the upload stops early: its iterator's return() would wait for the pending read.
  const stop = typeof (source as Partial<Readable>).destroy === 'function' ? () => (source as Readable).destroy() : undefined;
  for await (const piece of untilAborted(iterable, signal, stop)) {
    const bytes = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
    // An object-mode stream may give anything; a chunk that is not bytes would be skipped (no length) and the object stored short.
    if (!(bytes instanceof Uint8Array)) throw notBytes(piece);
    for (let at = 0; at < bytes.length; ) {
      const take = Math.min(blockSize - filled, bytes.length - at);
      buffer.set(bytes.subarray(at, at + take), filled);
      filled += take;
      at += take;
      if (filled === blockSize) {
        yield emit(blockSize);
        buffer = await pool.acquire(signal);
        filled = 0;
      }
    }
  }
  if (filled > 0) yield emit(filled);
  else pool.release(buffer);
}

/**
 * Iterates `iterable` until `signal` aborts, then rejects with its reason at once, even while the
 * source is waiting for data: a stalled source must not hold an aborted upload. The source is
 * then told to stop (`stop`, and `return()`), without waiting for it.
 */
async function* untilAborted<T>(iterable: AsyncIterable<T>, signal: AbortSignal, stop: (() => void) | undefined): AsyncGenerator<T> {
  const iterator = iterable[Symbol.asyncIterator]();
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_resolve, reject) => {
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the abort reason, passed on as AbortSignal.throwIfAborted does
    onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => undefined);
  let done = false;
  try {
    for (;;) {
      const result = await Promise.race([iterator.next(), aborted]);
      if (result.done === true) {
        done = true;
        return;
      }
      yield result.value;
    }
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
    if (!done) {
      stop?.();
      void Promise.resolve(iterator.return?.()).catch(() => undefined);
    }
  }
}

/** At most `limit` buffers of `size` bytes, handed out and given back; acquire waits for a free one. */
class BufferPool {
  readonly #size: number;
  readonly #limit: number;
  readonly #free: Buffer[] = [];
  readonly #waiting: Array<(buffer: Buffer) => void> = [];
  #allocated = 0;

  constructor(size: number, limit: number) {
    this.#size = size;
    this.#limit = limit;
  }

  acquire(signal: AbortSignal): Promise<Buffer> {
    const free = this.#free.pop();
    if (free !== undefined) return Promise.resolve(free);
    if (this.#allocated < this.#limit) {
      this.#allocated++;
      return Promise.resolve(Buffer.allocUnsafe(this.#size));
    }
    return new Promise((resolve, reject) => {
      // The reason is whatever abort() was given (the caller maps it to WcsAbortError).
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passed on unchanged, as AbortSignal.throwIfAborted does
      if (signal.aborted) return reject(signal.reason);
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- as above
      const onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      this.#waiting.push((buffer) => {
        signal.removeEventListener('abort', onAbort);
        resolve(buffer);
      });
    });
  }

  release(buffer: Buffer): void {
    const waiter = this.#waiting.shift();
    if (waiter) waiter(buffer);
    else this.#free.push(buffer);
  }
}

function toAsyncIterable(source: unknown): AsyncIterable<Uint8Array | string> {
  if (source !== null && typeof source === 'object') {
    if (Symbol.asyncIterator in source) return source as AsyncIterable<Uint8Array | string>;
    if (typeof (source as NodeJS.ReadableStream).pipe === 'function') return new Readable().wrap(source as NodeJS.ReadableStream);
  }
  throw new WcsInvalidArgumentError('Unsupported upload source: pass a Uint8Array, a readable stream or an async iterable of bytes.');
}
