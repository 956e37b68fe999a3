import { WcsInvalidArgumentError } from '@wcs/core';

/** A parsed `wcs://BUCKET/OBJECT` argument. `key` is '' when the object part is empty. */
export interface WcsUrl {
  bucket: string;
  key: string;
}

const SCHEME = 'wcs://';

/**
 * Parses `wcs://BUCKET/OBJECT` the way the Python tool does (wcs-api.md §11.3): the bucket is the
 * text after `wcs://` up to the first `/`, the object everything after that `/` (further slashes
 * included, possibly empty). Unlike Python, which silently splits any string, a missing scheme or
 * an empty bucket is a usage error here.
 *
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for a malformed URL
 */
export function parseWcsUrl(text: string, what = 'argument'): WcsUrl {
  if (!text.startsWith(SCHEME)) {
    throw new WcsInvalidArgumentError(`${what} "${text}" is not a wcs:// URL: write it as wcs://BUCKET/OBJECT.`);
  }
  const rest = text.slice(SCHEME.length);
  const slash = rest.indexOf('/');
  const bucket = slash === -1 ? rest : rest.slice(0, slash);
  const key = slash === -1 ? '' : rest.slice(slash + 1);
  if (bucket === '') {
    throw new WcsInvalidArgumentError(`${what} "${text}" has no bucket: write it as wcs://BUCKET/OBJECT.`);
  }
  return { bucket, key };
}

/** Parses a `wcs://BUCKET/OBJECT` that must name an object (del, stat, setdeadline, fops, mv/cp source). */
export function parseWcsObjectUrl(text: string, what = 'argument'): WcsUrl {
  const url = parseWcsUrl(text, what);
  if (url.key === '') {
    throw new WcsInvalidArgumentError(`${what} "${text}" has no object key: write it as wcs://${url.bucket}/OBJECT.`);
  }
  return url;
}

/**
 * Parses the `wcs://BUCKET` of list, listall and deletePrefix. Python takes the whole remainder as
 * the bucket (§11.3), so `wcs://b/x` would query a bucket literally named `b/x`; no bucket name
 * contains `/`, so we say so instead. A single trailing `/` (`wcs://b/`) is accepted as `b`.
 *
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for a malformed URL or an object part
 */
export function parseWcsBucketUrl(text: string, what = 'argument'): string {
  const { bucket, key } = parseWcsUrl(text, what);
  if (key !== '') {
    throw new WcsInvalidArgumentError(`${what} "${text}" must name a bucket only: write it as wcs://${bucket}.`);
  }
  return bucket;
}

/** Formats a bucket and key back into `wcs://BUCKET/OBJECT` for messages. */
export const formatWcsUrl = (bucket: string, key = ''): string => `${SCHEME}${bucket}${key === '' ? '' : `/${key}`}`;
