import { mkdir, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { MetaIndex, type ObjectStore, type StoredObject } from './object-store.js';

/**
 * Objects as Buffers in memory. Uploads still stream to a private temp directory first (bounded
 * memory while receiving); only a completed object is loaded.
 */
export class MemoryStore extends MetaIndex implements ObjectStore {
  private readonly contents = new Map<string, Buffer>();
  tmpDir = '';

  async init(): Promise<void> {
    this.tmpDir = await mkdtemp(join(tmpdir(), 'wcs-server-'));
    await mkdir(this.tmpDir, { recursive: true });
  }

  private id(bucket: string, key: string): string {
    return `${bucket}\0${key}`;
  }

  async addBucket(name: string): Promise<void> {
    if (!this.buckets.has(name)) this.buckets.set(name, new Map());
  }

  async put(meta: StoredObject, content: string | readonly string[]): Promise<void> {
    const paths = typeof content === 'string' ? [content] : content;
    const parts: Buffer[] = [];
    for (const path of paths) parts.push(await readFile(path));
    const data = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
    for (const path of paths) await unlink(path);
    this.contents.set(this.id(meta.bucket, meta.key), data);
    this.setMeta(meta);
  }

  read(bucket: string, key: string, start?: number, end?: number): Readable {
    const data = this.contents.get(this.id(bucket, key)) ?? Buffer.alloc(0);
    return Readable.from([data.subarray(start ?? 0, end === undefined ? undefined : end + 1)]);
  }

  async copyToTemp(bucket: string, key: string): Promise<string> {
    const path = this.newTempPath();
    await writeFile(path, this.contents.get(this.id(bucket, key)) ?? Buffer.alloc(0));
    return path;
  }

  async remove(bucket: string, key: string): Promise<boolean> {
    this.contents.delete(this.id(bucket, key));
    return this.buckets.get(bucket)?.delete(key) ?? false;
  }

  async updateMeta(meta: StoredObject): Promise<void> {
    this.setMeta(meta);
  }

  async close(): Promise<void> {
    await rm(this.tmpDir, { recursive: true, force: true });
  }
}
