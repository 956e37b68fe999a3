import { createHash } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { copyFile, mkdir, open, readFile, rename, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { MetaIndex, type ObjectStore, type StoredObject } from './object-store.js';

interface IndexFile {
  version: 1;
  buckets: string[];
  objects: StoredObject[];
}

/**
 * Objects on disk under `dataDir`:
 * - `objects/<sha256(bucket NUL key)>`: content. Names derive from a hash, never from the key, so
 *   any key (unicode, `../`, 1000 bytes) is stored faithfully and cannot escape dataDir.
 * - `index.json`: all metadata, rewritten atomically (temp file, fsync, rename) after each change.
 * - `tmp/`: uploads in flight and multipart blocks; content enters `objects/` only by rename.
 */
export class DiskStore extends MetaIndex implements ObjectStore {
  readonly tmpDir: string;
  private readonly objectsDir: string;
  private readonly indexPath: string;
  private writing: Promise<void> | null = null;
  private dirty = false;

  constructor(private readonly dataDir: string) {
    super();
    this.tmpDir = join(dataDir, 'tmp');
    this.objectsDir = join(dataDir, 'objects');
    this.indexPath = join(dataDir, 'index.json');
  }

  async init(): Promise<void> {
    await rm(this.tmpDir, { recursive: true, force: true });
    await mkdir(this.tmpDir, { recursive: true });
    await mkdir(this.objectsDir, { recursive: true });
    let text: string | undefined;
    try {
      text = await readFile(this.indexPath, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    if (text !== undefined) {
      const index = JSON.parse(text) as IndexFile;
      for (const b of index.buckets) this.buckets.set(b, new Map());
      for (const o of index.objects) this.setMeta(o);
    }
  }

  private contentPath(bucket: string, key: string): string {
    return join(this.objectsDir, createHash('sha256').update(`${bucket}\0${key}`).digest('hex'));
  }

  /** Coalesces index writes: callers wait until a write that includes their change has finished. */
  private async persist(): Promise<void> {
    this.dirty = true;
    while (this.writing !== null) await this.writing;
    if (!this.dirty) return;
    this.dirty = false;
    this.writing = this.writeIndex().finally(() => {
      this.writing = null;
    });
    await this.writing;
  }

  private async writeIndex(): Promise<void> {
    const index: IndexFile = {
      version: 1,
      buckets: this.bucketNames(),
      objects: [...this.buckets.values()].flatMap((m) => [...m.values()]),
    };
    const tmp = this.newTempPath();
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(JSON.stringify(index));
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, this.indexPath);
  }

  async addBucket(name: string): Promise<void> {
    if (this.buckets.has(name)) return;
    this.buckets.set(name, new Map());
    await this.persist();
  }

  async put(meta: StoredObject, tempPath: string): Promise<void> {
    const fh = await open(tempPath, 'r+');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tempPath, this.contentPath(meta.bucket, meta.key));
    this.setMeta(meta);
    await this.persist();
  }

  read(bucket: string, key: string, start?: number, end?: number): ReadStream {
    return createReadStream(this.contentPath(bucket, key), { start, end });
  }

  async copyToTemp(bucket: string, key: string): Promise<string> {
    const path = this.newTempPath();
    await copyFile(this.contentPath(bucket, key), path);
    return path;
  }

  async remove(bucket: string, key: string): Promise<boolean> {
    const existed = this.buckets.get(bucket)?.delete(key) ?? false;
    if (!existed) return false;
    await this.persist();
    await unlink(this.contentPath(bucket, key)).catch(() => undefined);
    return true;
  }

  async updateMeta(meta: StoredObject): Promise<void> {
    this.setMeta(meta);
    await this.persist();
  }

  async close(): Promise<void> {
    while (this.writing !== null) await this.writing;
    await rm(this.tmpDir, { recursive: true, force: true });
  }
}
