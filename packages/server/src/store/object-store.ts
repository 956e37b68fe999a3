import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { compareKeys } from '../keys.js';

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

/**
 * Content + metadata storage. Content always arrives as a finished temp file (under `tmpDir`), so
 * uploads stream to disk and a dropped connection never leaves a visible partial object.
 */
export interface ObjectStore {
  readonly tmpDir: string;
  init(): Promise<void>;
  newTempPath(): string;
  bucketNames(): string[];
  addBucket(name: string): Promise<void>;
  /** Metadata regardless of expiry; callers decide visibility. */
  head(bucket: string, key: string): StoredObject | undefined;
  /** All objects of a bucket, sorted by key (UTF-8 byte order). */
  list(bucket: string): StoredObject[];
  /**
   * Stores the temp file's bytes as `meta`, replacing any object of that name. A list of temp
   * files (multipart blocks in order) stores their concatenation, without copying where the
   * store can. A single path is consumed; the files of a list may be left for the caller to
   * delete. On failure the temp files are left intact.
   */
  put(meta: StoredObject, content: string | readonly string[]): Promise<void>;
  /** Reads [start, end] inclusive (defaults: whole object). */
  read(bucket: string, key: string, start?: number, end?: number): Readable;
  /** Copies the content to a new temp file (for append, copy, compress). */
  copyToTemp(bucket: string, key: string): Promise<string>;
  remove(bucket: string, key: string): Promise<boolean>;
  updateMeta(meta: StoredObject): Promise<void>;
  close(): Promise<void>;
}

/** The metadata half shared by both stores. */
export abstract class MetaIndex {
  protected readonly buckets = new Map<string, Map<string, StoredObject>>();
  abstract readonly tmpDir: string;

  newTempPath(): string {
    return join(this.tmpDir, `tmp-${randomUUID()}`);
  }

  bucketNames(): string[] {
    return [...this.buckets.keys()].sort(compareKeys);
  }

  head(bucket: string, key: string): StoredObject | undefined {
    return this.buckets.get(bucket)?.get(key);
  }

  list(bucket: string): StoredObject[] {
    const objects = [...(this.buckets.get(bucket)?.values() ?? [])];
    return objects.sort((a, b) => compareKeys(a.key, b.key));
  }

  protected setMeta(meta: StoredObject): void {
    let b = this.buckets.get(meta.bucket);
    if (b === undefined) {
      b = new Map();
      this.buckets.set(meta.bucket, b);
    }
    b.set(meta.key, { ...meta });
  }
}
