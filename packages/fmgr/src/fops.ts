import { WcsInvalidArgumentError, entry, urlSafeBase64Encode } from '@wcs/core';
import { assertBucket, assertFlag, assertHttpUrl, assertKey, assertText } from './validate.js';

/** An object: bucket and key. */
export interface FmgrObject {
  bucket: string;
  key: string;
}

/** One fetch command (wcs-api.md §6.2): store the bytes of `url` in `bucket`. */
export interface FmgrFetchItem {
  /** http(s) URL to fetch. */
  url: string;
  bucket: string;
  /** Object name; default: the URL's path. */
  key?: string | undefined;
  /** Store as `<prefix>/<key>`. */
  prefix?: string | undefined;
  /** Keep the object only if the fetched bytes have this MD5 (32 hex characters). */
  md5?: string | undefined;
  /** Unpack the fetched archive. */
  decompression?: 'zip' | 'tar' | 'gzip' | undefined;
  /** Sent raw as `fetchTS` (semantics [U], probably "also fetch the .ts of an m3u8"). */
  fetchTs?: 0 | 1 | undefined;
}

/** One fmgr copy or move command (wcs-api.md §6.3–6.4). */
export interface FmgrCopyMoveItem {
  resource: FmgrObject;
  /** Destination bucket. */
  bucket: string;
  /** Destination key; across buckets the source key is kept when omitted. Within one bucket a distinct key is required. */
  key?: string | undefined;
  /** Store as `<prefix>/<key>`. */
  prefix?: string | undefined;
}

/** One fmgr delete command (wcs-api.md §6.5); deleting a missing object reports success. */
export interface FmgrDeleteItem {
  bucket: string;
  key: string;
}

/** One deletePrefix command (wcs-api.md §6.6): `prefix` is a directory name, not a fuzzy prefix. */
export interface FmgrDeletePrefixItem {
  bucket: string;
  prefix: string;
  /** Save the task result description to this object. */
  output?: FmgrObject | undefined;
}

/** One deletem3u8 command (wcs-api.md §6.7). */
export interface FmgrDeleteM3u8Item {
  bucket: string;
  key: string;
  /** 1 (service default) also deletes the `.ts` files referenced by relative paths; 0 keeps them. */
  deleteTs?: 0 | 1 | undefined;
}

/** One bulk setdeadline command (wcs-api.md §6.8): no prefix = the whole bucket. */
export interface FmgrSetDeadlineItem {
  bucket: string;
  prefix?: string | undefined;
  /** Days to keep; 0 = delete as soon as possible; -1 = keep forever. */
  deadline: number;
}

/** One compress (ZIP) command (wcs-api.md §6.8): give `keys`, `keyList` or both. */
export interface FmgrCompressItem {
  /** Bucket of the objects to compress. */
  bucket: string;
  /** Keys to put in the archive; a key ending in `/` is a directory. */
  keys?: string[] | undefined;
  /** Key of an object listing one key per line. */
  keyList?: string | undefined;
  /** Where the ZIP is stored. */
  saveAs: FmgrObject;
}

const b = urlSafeBase64Encode;

function optional(name: string, value: string | undefined): string {
  return value === undefined ? '' : `/${name}/${value}`;
}

function checkPrefix(prefix: unknown): void {
  if (prefix !== undefined) assertText(prefix, 'prefix');
}

/**
 * The command of one item (§6.2), after validating the item:
 * `fetchURL/<b64u>/bucket/<b64u>[/key/<b64u>][/prefix/<b64u>][/md5/<hex>][/decompression/<fmt>][/fetchTS/<v>]`.
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for an invalid item
 */
export function fetchCommand(item: FmgrFetchItem): string {
  assertHttpUrl(item?.url, 'fetch url');
  assertBucket(item.bucket);
  if (item.key !== undefined) assertKey(item.key);
  checkPrefix(item.prefix);
  if (item.md5 !== undefined && !/^[0-9a-fA-F]{32}$/.test(item.md5)) throw new WcsInvalidArgumentError('md5 must be 32 hexadecimal characters.');
  if (item.decompression !== undefined && !['zip', 'tar', 'gzip'].includes(item.decompression)) {
    throw new WcsInvalidArgumentError('decompression must be zip, tar or gzip.');
  }
  if (item.fetchTs !== undefined) assertFlag(item.fetchTs, 'fetchTs');
  return (
    `fetchURL/${b(item.url)}/bucket/${b(item.bucket)}` +
    optional('key', item.key === undefined ? undefined : b(item.key)) +
    optional('prefix', item.prefix === undefined ? undefined : b(item.prefix)) +
    optional('md5', item.md5?.toLowerCase()) +
    optional('decompression', item.decompression) +
    optional('fetchTS', item.fetchTs === undefined ? undefined : String(item.fetchTs))
  );
}

/**
 * The command of one item (§6.3–6.4), after validating the item:
 * `resource/<EncodedEntryURI>/bucket/<b64u>[/key/<b64u>][/prefix/<b64u>]`.
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for an invalid item
 */
export function copyMoveCommand(item: FmgrCopyMoveItem): string {
  assertBucket(item?.resource?.bucket, 'resource bucket');
  assertKey(item.resource.key, 'resource key');
  assertBucket(item.bucket);
  if (item.key !== undefined) assertKey(item.key);
  checkPrefix(item.prefix);
  return (
    `resource/${entry(item.resource.bucket, item.resource.key)}/bucket/${b(item.bucket)}` +
    optional('key', item.key === undefined ? undefined : b(item.key)) +
    optional('prefix', item.prefix === undefined ? undefined : b(item.prefix))
  );
}

/**
 * The command of one item (§6.5), after validating the item:
 * `bucket/<b64u>/key/<b64u>`.
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for an invalid item
 */
export function deleteCommand(item: FmgrDeleteItem): string {
  assertBucket(item?.bucket);
  assertKey(item.key);
  return `bucket/${b(item.bucket)}/key/${b(item.key)}`;
}

/**
 * The command of one item (§6.6), after validating the item:
 * `bucket/<b64u>/prefix/<b64u>[/output/<b64u("bucket:key")>]`.
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for an invalid item
 */
export function deletePrefixCommand(item: FmgrDeletePrefixItem): string {
  assertBucket(item?.bucket);
  assertText(item.prefix, 'prefix');
  if (item.output !== undefined) {
    assertBucket(item.output.bucket, 'output bucket');
    assertKey(item.output.key, 'output key');
  }
  return `bucket/${b(item.bucket)}/prefix/${b(item.prefix)}` + optional('output', item.output && entry(item.output.bucket, item.output.key));
}

/**
 * The command of one item (§6.7), after validating the item:
 * `bucket/<b64u>/key/<b64u>[/deletets/<0|1>]`.
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for an invalid item
 */
export function deleteM3u8Command(item: FmgrDeleteM3u8Item): string {
  assertBucket(item?.bucket);
  assertKey(item.key);
  if (item.deleteTs !== undefined) assertFlag(item.deleteTs, 'deleteTs');
  return `bucket/${b(item.bucket)}/key/${b(item.key)}` + optional('deletets', item.deleteTs === undefined ? undefined : String(item.deleteTs));
}

/**
 * The command of one item (§6.8), after validating the item:
 * `bucket/<b64u>[/prefix/<b64u>]/deadline/<days>`.
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for an invalid item
 */
export function setDeadlineCommand(item: FmgrSetDeadlineItem): string {
  assertBucket(item?.bucket);
  checkPrefix(item.prefix);
  if (typeof item.deadline !== 'number' || !Number.isSafeInteger(item.deadline) || item.deadline < -1) {
    throw new WcsInvalidArgumentError('deadline must be a whole number of days ≥ -1.');
  }
  return `bucket/${b(item.bucket)}` + optional('prefix', item.prefix === undefined ? undefined : b(item.prefix)) + `/deadline/${item.deadline}`;
}

/**
 * The command of one item (§6.8; `|` chosen over the prose's `¦`, §12.22), after validating the item:
 * `bucket/<b64u>[/keys/<b64u(k1)>|<b64u(k2)>…][/keyList/<b64u>]/saveas/<b64u("bucket:zipKey")>`.
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for an invalid item
 */
export function compressCommand(item: FmgrCompressItem): string {
  assertBucket(item?.bucket);
  const keys = item.keys ?? [];
  if (!Array.isArray(keys)) throw new WcsInvalidArgumentError('keys must be an array of object keys.');
  if (keys.length === 0 && item.keyList === undefined) throw new WcsInvalidArgumentError('compress needs keys or keyList.');
  for (const k of keys) {
    // A trailing "/" names a directory (§6.8), so only the other rules of §1.3 apply.
    assertKey(k.endsWith('/') ? k.slice(0, -1) : k, 'compress key');
  }
  if (item.keyList !== undefined) assertKey(item.keyList, 'keyList');
  assertBucket(item.saveAs?.bucket, 'saveAs bucket');
  assertKey(item.saveAs.key, 'saveAs key');
  return (
    `bucket/${b(item.bucket)}` +
    optional('keys', keys.length === 0 ? undefined : keys.map((k) => b(k)).join('|')) +
    optional('keyList', item.keyList === undefined ? undefined : b(item.keyList)) +
    `/saveas/${entry(item.saveAs.bucket, item.saveAs.key)}`
  );
}

/**
 * Joins one or several commands with `;` (§6.1). A string is taken as ready-made fops text
 * (Python SDK parity: `cli.fmgr_move(fops)`) and sent unchanged.
 *
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for an empty list or an invalid item
 */
export function buildFops<T>(input: string | T | readonly T[], toCommand: (item: T) => string): string {
  if (typeof input === 'string') {
    if (input.trim() === '') throw new WcsInvalidArgumentError('fops must not be empty.');
    return input;
  }
  const items = Array.isArray(input) ? (input as readonly T[]) : [input as T];
  if (items.length === 0) throw new WcsInvalidArgumentError('Give at least one fmgr command.');
  return items.map(toCommand).join(';');
}
