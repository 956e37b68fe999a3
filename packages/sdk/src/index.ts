/**
 * `@wcs/sdk`: the {@link WcsClient} with every WCS operation, plus the sub-packages' functions
 * and types re-exported so one import is enough. Each sub-package (`@wcs/core`, `@wcs/auth`,
 * `@wcs/etag`, `@wcs/upload`, `@wcs/manage`, `@wcs/fmgr`) stays usable on its own.
 *
 * @example
 * import { WcsClient, isWcsError } from '@wcs/sdk';
 * const client = WcsClient.fromConfigFile();
 * try {
 *   console.log(await client.statObject({ bucket: 'photos', key: 'a.jpg' }));
 * } catch (e) {
 *   if (isWcsError(e)) console.error(e.code, e.message);
 * } finally {
 *   client.close();
 * }
 *
 * @module @wcs/sdk
 */

/** The client: every operation of the Python SDK's `Client` under camelCase names. */
export { WcsClient, type WcsClientOptions, type WcsClientFromFileOptions } from './wcs-client.js';

/** Download to a file through a temporary file, with length and etag checks (wcs-api.md §9). */
export { download, type DownloadOptions, type DownloadParams, type DownloadResult } from './download.js';

// `@wcs/core`'s public API, whole: every error class (any function of the SDK throws only these;
// index.test.ts fails if one is missing), config loading, the context, the transport and its
// types, encodings and constants. Its helpers for the packages stay in `@wcs/core/internal`.
export * from '@wcs/core';

/** `@wcs/auth`: token signing. */
export { createUploadToken, createManageToken, createManageAuthorizer, putPolicyFromConfig, type Credentials, type PutPolicy } from '@wcs/auth';

/** `@wcs/etag`: WCS etag and CRC-64 of buffers, streams and files. */
export { etagOfBuffer, etagOfFile, etagOfStream, EtagHasher, crc64OfBuffer, crc64OfFile, crc64OfStream, Crc64Hasher } from '@wcs/etag';

/** `@wcs/upload`: every upload function and its types. */
export * from '@wcs/upload';

/** `@wcs/manage`: resource management functions and their types. */
export * from '@wcs/manage';

/** `@wcs/fmgr`: fmgr/fops jobs, their command types and waitForJob. */
export * from '@wcs/fmgr';

/** `@wcs/sync`: directory sync by etag (also `WcsClient.sync`). */
export * from '@wcs/sync';
