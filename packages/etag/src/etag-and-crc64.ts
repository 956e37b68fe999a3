import { hashFile, hashStream, type HashFileOptions, type HashStreamOptions } from './hash-file.js';
import type { ByteSource } from './stream-chunks.js';

/** Both content hashes of one input. */
export interface EtagAndCrc64Result {
  /** WCS etag, 28 characters (§3.1). */
  etag: string;
  /** CRC-64/XZ as an unsigned decimal string (§3.2). */
  crc64: string;
}

/**
 * Etag and CRC-64 of a file in a single read pass (each block is read once and fed to both).
 *
 * @throws as {@link etagOfFile}.
 * @example
 * ```ts
 * const { etag, crc64 } = await etagAndCrc64OfFile('video.mp4');
 * ```
 */
export async function etagAndCrc64OfFile(path: string, options?: HashFileOptions): Promise<EtagAndCrc64Result> {
  const { etag, crc64 } = await hashFile(path, { etag: true, crc64: true }, options);
  return { etag: etag!, crc64: crc64! };
}

/**
 * Etag and CRC-64 of a byte stream in a single pass.
 *
 * @throws as {@link etagOfStream}.
 * @example
 * ```ts
 * const { etag, crc64 } = await etagAndCrc64OfStream(process.stdin);
 * ```
 */
export async function etagAndCrc64OfStream(stream: ByteSource, options?: HashStreamOptions): Promise<EtagAndCrc64Result> {
  const { etag, crc64 } = await hashStream(stream, { etag: true, crc64: true }, options);
  return { etag: etag!, crc64: crc64! };
}
