import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { WcsIntegrityError, WcsInvalidArgumentError, toWcsError } from '@wcs/core';
import type { UploadSource } from './upload-options.js';

/** Pieces of a Buffer source are handed out this big, so hashing and progress advance smoothly. */
const BUFFER_SLICE_BYTES = 1024 * 1024;
/** Read size for file sources: big enough for throughput, small enough for constant memory. */
const FILE_READ_BYTES = 256 * 1024;

/** An upload source reduced to what the form writer needs. */
export interface OpenedSource {
  /** Content size when known in advance (files and buffers). */
  size: number | undefined;
  /** Basename of a file path source. */
  fileName: string | undefined;
  /** True when {@link OpenedSource.chunks} can be called again for a retry (files and buffers). */
  rewindable: boolean;
  /** The content, from the start, as byte chunks. */
  chunks(): AsyncGenerator<Uint8Array>;
  /**
   * Destroys a stream source after a failed or aborted upload, as `pipeline` would: a read
   * pending on a stalled stream never ends otherwise, and the stream (a socket, a file) stays open.
   */
  stop?: () => void;
}

/**
 * The one place that dispatches on the source type (STYLE item 7): a path is streamed from
 * disk, bytes are sliced, anything else is iterated once.
 *
 * @throws WcsInvalidArgumentError when a path is not a readable regular file, or the source has an unknown type
 */
export async function openUploadSource(source: UploadSource): Promise<OpenedSource> {
  if (typeof source === 'string') {
    let size: number;
    try {
      const st = await stat(source);
      if (!st.isFile()) throw new WcsInvalidArgumentError(`Cannot upload ${source}: it is not a regular file.`);
      size = st.size;
    } catch (error) {
      if (error instanceof WcsInvalidArgumentError) throw error;
      throw new WcsInvalidArgumentError(`Cannot upload ${source}: ${(error as Error).message}.`, { cause: error });
    }
    return {
      size,
      fileName: basename(source),
      rewindable: true,
      async *chunks() {
        // The request announced `size` bytes: a file that shrinks would leave the service waiting
        // for the rest (an idle timeout per attempt), one that grows would overrun the body.
        let read = 0;
        try {
          for await (const chunk of createReadStream(source, { highWaterMark: FILE_READ_BYTES })) {
            read += (chunk as Buffer).length;
            if (read > size) break;
            yield chunk as Buffer;
          }
        } catch (error) {
          throw toWcsError(error, `Reading ${source} failed`);
        }
        if (read !== size) {
          throw new WcsIntegrityError(
            `${source} changed size during the upload (${size} bytes at the start, ${read > size ? 'more' : `only ${read}`} read): nothing was stored; upload it again once it is complete.`,
            { expected: `${size} bytes`, actual: read > size ? `more than ${size} bytes` : `${read} bytes` },
          );
        }
      },
    };
  }
  if (source instanceof Uint8Array) {
    return {
      size: source.byteLength,
      fileName: undefined,
      rewindable: true,
      // eslint-disable-next-line @typescript-eslint/require-await -- the source interface is an async iterable; bytes in memory need no await
      async *chunks() {
        for (let offset = 0; offset < source.byteLength; offset += BUFFER_SLICE_BYTES) {
          yield source.subarray(offset, Math.min(source.byteLength, offset + BUFFER_SLICE_BYTES));
        }
      },
    };
  }
  checkStreamUnread(source);
  const iterable = toAsyncIterable(source);
  let used = false;
  const destroy = (source as { destroy?: unknown }).destroy;
  return {
    size: undefined,
    fileName: undefined,
    rewindable: false,
    ...(typeof destroy === 'function' ? { stop: () => void (destroy as () => void).call(source) } : {}),
    async *chunks() {
      // A stream can be read once: a retry would send a truncated body, so the caller must not retry.
      if (used) throw new WcsInvalidArgumentError('A stream source can be uploaded only once; pass a file path or a Buffer to allow retries.');
      used = true;
      for await (const chunk of iterable) {
        if (typeof chunk === 'string') yield Buffer.from(chunk, 'utf8');
        else if (chunk instanceof Uint8Array) yield chunk;
        else throw notBytes(chunk);
      }
    },
  };
}

function toAsyncIterable(source: unknown): AsyncIterable<Uint8Array | string> {
  if (source !== null && typeof source === 'object') {
    if (Symbol.asyncIterator in source) return source as AsyncIterable<Uint8Array | string>;
    if (typeof (source as NodeJS.ReadableStream).on === 'function' && typeof (source as NodeJS.ReadableStream).pipe === 'function') {
      return new Readable().wrap(source as NodeJS.ReadableStream);
    }
  }
  throw new WcsInvalidArgumentError('Unsupported upload source: pass a file path, a Uint8Array, a readable stream or an async iterable of bytes.');
}

/** The error for a source chunk that is neither bytes nor text. */
export function notBytes(piece: unknown): WcsInvalidArgumentError {
  const what = piece === null ? 'null' : typeof piece === 'object' ? `an object (${(piece as { constructor?: { name?: string } }).constructor?.name ?? 'Object'})` : `a ${typeof piece}`;
  return new WcsInvalidArgumentError(
    `The upload source gave ${what} where bytes were expected: a stream or async iterable source must give Buffer, Uint8Array or string chunks (not an object-mode stream of other values); nothing was stored.`,
  );
}

/**
 * @throws WcsInvalidArgumentError for a stream already read to its end (e.g. by an earlier
 * upload) or destroyed: it has nothing left to give, and uploading that "nothing" would store an
 * empty object in place of the content the caller meant.
 */
export function checkStreamUnread(source: unknown): void {
  const stream = source as { readableEnded?: unknown; destroyed?: unknown } | null;
  if (stream === null || typeof stream !== 'object') return;
  if (stream.readableEnded === true) {
    throw new WcsInvalidArgumentError('The source stream has already been read to its end (by an earlier upload?): nothing of it is left to upload. Pass a new stream, a file path or the bytes.');
  }
  if (stream.destroyed === true) {
    throw new WcsInvalidArgumentError('The source stream is destroyed: it cannot be read. Pass a new stream, a file path or the bytes.');
  }
}
