import { EtagHasher } from './etag-hasher.js';
import { hashFile, hashStream, type HashFileOptions, type HashStreamOptions } from './hash-file.js';
import type { ByteSource } from './stream-chunks.js';

/**
 * WCS etag of an in-memory buffer (wcs-api.md §3.1). Content of at most 4 MiB, including the
 * empty buffer and exactly 4 MiB, gets the single-block `0x16` form, as the Python tool does.
 *
 * @returns 28-character URL-safe base64 string.
 * @example
 * ```ts
 * etagOfBuffer(Buffer.from('hello')); // 'Fqr0xh3cxeii2r7eDztILNmuqUNN'
 * ```
 */
export function etagOfBuffer(data: Uint8Array): string {
  return new EtagHasher().update(data).digest();
}

/**
 * WCS etag of a file, read in constant memory. Large regular files are hashed across worker
 * threads (see {@link HashFileOptions.parallel}); small ones inline.
 *
 * @throws the file system error as Node raised it (`ENOENT`, `EACCES`, `EISDIR`, …); an Error
 *   named `AbortError` (code `ABORT_ERR`) on abort; `ERR_OUT_OF_RANGE` for a bad `parallel`;
 *   `ERR_FILE_CHANGED` if the file shrinks while hashed in parallel.
 * @example
 * ```ts
 * const etag = await etagOfFile('video.mp4', { signal: AbortSignal.timeout(60_000) });
 * ```
 */
export async function etagOfFile(path: string, options?: HashFileOptions): Promise<string> {
  const { etag } = await hashFile(path, { etag: true, crc64: false }, options);
  return etag!;
}

/**
 * WCS etag of a byte stream (Node Readable, web ReadableStream or any async iterable of
 * Uint8Array), in constant memory.
 *
 * @throws `ERR_INVALID_ARG_TYPE` (TypeError) if a chunk is not a Uint8Array; the stream's own
 *   error; an Error named `AbortError` on abort.
 * @example
 * ```ts
 * const etag = await etagOfStream(process.stdin);
 * ```
 */
export async function etagOfStream(stream: ByteSource, options?: HashStreamOptions): Promise<string> {
  const { etag } = await hashStream(stream, { etag: true, crc64: false }, options);
  return etag!;
}
