import { createAbortError, createCodedError, throwIfAborted } from './abort.js';

/** Anything `for await` can read bytes from: Node Readable streams, web ReadableStreams, generators. */
export type ByteSource = AsyncIterable<Uint8Array> | NodeJS.ReadableStream;

/**
 * Yields the source's chunks, stopping with an `AbortError` as soon as `signal` fires, even
 * while the source is stalled waiting for data (a pipe that never closes must not hang us).
 * On abort or error the source's iterator is `return()`ed so Node streams get destroyed.
 */
export async function* readChunks(source: ByteSource, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  throwIfAborted(signal);
  const iterable = source as AsyncIterable<unknown>;
  if (typeof iterable[Symbol.asyncIterator] !== 'function') {
    throw createCodedError('ERR_INVALID_ARG_TYPE', 'The "stream" argument must be an async iterable of Uint8Array', TypeError);
  }
  const iterator = iterable[Symbol.asyncIterator]();
  let aborted: Promise<never> | undefined;
  let onAbort: (() => void) | undefined;
  if (signal) {
    aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(createAbortError(signal));
      signal.addEventListener('abort', onAbort, { once: true });
    });
    // The race below may never observe this rejection; keep it from being reported as unhandled.
    aborted.catch(() => undefined);
  }
  let done = false;
  try {
    for (;;) {
      const next = aborted ? await Promise.race([iterator.next(), aborted]) : await iterator.next();
      if (next.done) {
        done = true;
        return;
      }
      const chunk = next.value;
      if (!(chunk instanceof Uint8Array)) {
        // A stream with setEncoding() yields strings; hashing their re-encoding would be wrong.
        throw createCodedError('ERR_INVALID_ARG_TYPE', 'Stream chunks must be Uint8Array (did the stream have an encoding set?)', TypeError);
      }
      yield chunk;
    }
  } finally {
    if (onAbort) signal?.removeEventListener('abort', onAbort);
    if (!done) void Promise.resolve(iterator.return?.()).catch(() => undefined);
  }
}
