import type { Readable } from 'node:stream';
import { WcsHttpError } from '../errors.js';

export type ObjectType = 'Normal' | 'Appendable';

/** Metadata of one stored object. Times are Unix milliseconds. */
export interface StoredObject {
  bucket: string;
  key: string;
  fsize: number;
  hash: string;
  mimeType: string;
  putTime: number;
  /** Absolute expiry in ms, or null for "keep forever". */
  expiresAt: number | null;
  type: ObjectType;
}

/** One version of an object, its content files already open: it stays readable whatever happens to the key. */
export interface OpenedObject {
  meta: StoredObject;
  /** Bytes [start, end] inclusive (defaults: whole object); closes the files when it ends. Call at most once. */
  stream(start?: number, end?: number): Readable;
  /** Releases the files when {@link stream} is not (or no longer) used; safe to call twice. */
  close(): Promise<void>;
}

/** A page of a bucket in key order (UTF-8 byte order). */
export interface ListQuery {
  /** Keys starting with this (default ''). */
  prefix?: string;
  /** Only keys after this one (exclusive). */
  after?: string;
  /** Only keys from this one on (inclusive). */
  from?: string;
  limit: number;
  /** Only objects visible at this time (not expired). */
  visibleAt?: number;
  /** putTime within [startTime, endTime]. */
  startTime?: number;
  endTime?: number;
}

export interface PutOptions {
  /** Refuse with {@link ObjectExistsError} when an object visible at this time already has the key (checked in the commit). */
  ifAbsentAt?: number;
}

/** `put` with `ifAbsentAt` found the key taken: 406 per the js-sdk table (wcs-api.md §10.1). */
export class ObjectExistsError extends WcsHttpError {
  override name = 'ObjectExistsError';
  constructor() {
    super(406, 'file exists');
  }
}

/**
 * Content + metadata storage. Content always arrives as a finished temp file (under `tmpDir`), so
 * uploads stream to disk and a dropped connection never leaves a visible partial object.
 * Failures of the disk or the database throw {@link StorageError}, with nothing changed.
 */
export interface ObjectStore {
  readonly tmpDir: string;
  init(): Promise<void>;
  newTempPath(): string;
  /** Makes a temp file's bytes durable (a no-op where nothing survives a restart anyway). */
  syncTemp(path: string): Promise<void>;
  bucketNames(): string[];
  hasBucket(name: string): boolean;
  addBucket(name: string): void;
  /** Metadata regardless of expiry; callers decide visibility. */
  head(bucket: string, key: string): StoredObject | undefined;
  /** One page of objects in key order: an index range scan, never a pass over the bucket. */
  listPage(bucket: string, query: ListQuery): StoredObject[];
  /** The objects directly in `dir` ('' or ending in '/'), in key order: an index range scan. */
  listDirFiles(bucket: string, dir: string, query: Omit<ListQuery, 'prefix' | 'from'>): StoredObject[];
  /**
   * The sub-directories of `dir` (as `dir` + name + '/') holding at least one object that passes
   * the filters, in order after `after`: one index seek each.
   */
  listSubdirs(bucket: string, dir: string, query: Omit<ListQuery, 'prefix' | 'from'>): string[];
  /**
   * Stores the temp file's bytes as `meta`, replacing any object of that name (the last commit
   * wins). A list of temp files (multipart blocks in order) stores their concatenation without
   * copying (hard links). A single path is consumed; the files of a list are left for the caller
   * to delete. On failure nothing changes and the caller's files of a list are intact.
   */
  put(meta: StoredObject, content: string | readonly string[], options?: PutOptions): Promise<void>;
  /** Opens the current version: metadata and content of one and the same version. */
  open(bucket: string, key: string): Promise<OpenedObject | undefined>;
  /** Reads the current version [start, end] inclusive (defaults: whole object); empty if there is none. */
  read(bucket: string, key: string, start?: number, end?: number): Readable;
  /** Copies the content to a new temp file (for append, copy, compress). */
  copyToTemp(bucket: string, key: string): Promise<string>;
  /** Deletes the object (its blob is removed in the background); false when there is none. */
  remove(bucket: string, key: string): boolean;
  /** Sets the expiry of the current version (never reverts a concurrent overwrite); false when there is no object. */
  setExpiry(bucket: string, key: string, expiresAt: number | null): boolean;
  /** Bytes stored in the bucket at the end of `day` (yyyy-mm-dd, UTC); 0 before the bucket had data and after today. */
  storedBytesOn(bucket: string, day: string): number;
  close(): Promise<void>;
}

/**
 * Keys with a prefix are exactly the range [prefix, prefixEnd(prefix)) in UTF-8 byte order, which
 * is code point order: the end is the prefix with its last code point incremented (carrying over
 * U+10FFFF and skipping the surrogates, which UTF-8 cannot hold). undefined: no upper bound.
 */
export function prefixEnd(prefix: string): string | undefined {
  const cps = [...prefix];
  while (cps.length > 0) {
    const last = (cps.pop() as string).codePointAt(0) as number;
    if (last < 0x10ffff) {
      const next = last + 1 === 0xd800 ? 0xe000 : last + 1;
      return cps.join('') + String.fromCodePoint(next);
    }
  }
  return undefined;
}
