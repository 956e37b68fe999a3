import { Crc64Hasher } from './crc64-hasher.js';
import { hashFile, hashStream, type HashFileOptions, type HashStreamOptions } from './hash-file.js';
import type { ByteSource } from './stream-chunks.js';

/**
 * CRC-64/XZ of a buffer as an unsigned decimal string, the `crc64ecma` value of wcs-api.md §3.2.
 *
 * @example
 * ```ts
 * crc64OfBuffer(Buffer.from('123456789')); // '11051210869376104954'
 * ```
 */
export function crc64OfBuffer(data: Uint8Array): string {
  return new Crc64Hasher().update(data).digest();
}

/**
 * CRC-64/XZ of a file, in constant memory. Large regular files are split into 4 MiB blocks
 * across worker threads and the block CRCs combined, like {@link etagOfFile}.
 *
 * @throws the file system error as Node raised it; an Error named `AbortError` on abort.
 * @example
 * ```ts
 * const crc64 = await crc64OfFile('video.mp4');
 * ```
 */
export async function crc64OfFile(path: string, options?: HashFileOptions): Promise<string> {
  const { crc64 } = await hashFile(path, { etag: false, crc64: true }, options);
  return crc64!;
}

/**
 * CRC-64/XZ of a byte stream, in constant memory.
 *
 * @throws `ERR_INVALID_ARG_TYPE` if a chunk is not a Uint8Array; an Error named `AbortError` on abort.
 * @example
 * ```ts
 * const crc64 = await crc64OfStream(createReadStream('a.bin'));
 * ```
 */
export async function crc64OfStream(stream: ByteSource, options?: HashStreamOptions): Promise<string> {
  const { crc64 } = await hashStream(stream, { etag: false, crc64: true }, options);
  return crc64!;
}
