/**
 * @wcs/etag: the WCS content hashes (wcs-api.md §3) of buffers, streams and files, in constant
 * memory. Node built-ins only, no workspace dependencies.
 */
export { BLOCK_SIZE, PARALLEL_THRESHOLD_BYTES } from './constants.js';
export type { AbortError } from './abort.js';
export { EtagHasher, etagOfBlockDigests } from './etag-hasher.js';
export { etagOfBuffer, etagOfFile, etagOfStream } from './etag.js';
export { Crc64Hasher, crc64Combine } from './crc64-hasher.js';
export { crc64OfBuffer, crc64OfFile, crc64OfStream } from './crc64.js';
export { etagAndCrc64OfFile, etagAndCrc64OfStream, type EtagAndCrc64Result } from './etag-and-crc64.js';
export type { HashFileOptions, HashStreamOptions } from './hash-file.js';
export type { ByteSource } from './stream-chunks.js';
