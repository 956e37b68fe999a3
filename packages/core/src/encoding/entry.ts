import { urlSafeBase64Encode } from './url-safe-base64.js';

/**
 * `EncodedEntryURI` (wcs-api.md §0): `b64u("bucket:key")`, or `b64u("bucket")` when no key is
 * given. An empty-string key is kept as `"bucket:"`, as the Python SDK sends it.
 *
 * @example entry('images', 'Image.png') // 'aW1hZ2VzOkltYWdlLnBuZw=='
 */
export function entry(bucket: string, key?: string | null): string {
  return urlSafeBase64Encode(key === undefined || key === null ? bucket : `${bucket}:${key}`);
}
