import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { copyFile, link, mkdir, open, readdir, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MetaIndex, type ObjectStore, type StoredObject } from './object-store.js';

interface IndexFile {
  version: 1;
  buckets: string[];
  objects: StoredObject[];
}

/**
 * Objects on disk under `dataDir`:
 * - `objects/<sha256(bucket NUL key)>`: content. Names derive from a hash, never from the key, so
 *   any key (unicode, `../`, 1000 bytes) is stored faithfully and cannot escape dataDir. An
 *   object put from several parts (a multipart upload's blocks) is a directory of those parts,
 *   `000000`, `000001`, … in order, read back as their concatenation: mkfile then costs a few
 *   hard links instead of copying the whole object.
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

  async put(meta: StoredObject, content: string | readonly string[]): Promise<void> {
    const parts = typeof content === 'string' ? [content] : content;
    for (const part of parts) await syncFile(part);
    const target = this.contentPath(meta.bucket, meta.key);
    if (parts.length === 1) {
      await this.replace(parts[0] as string, target);
    } else {
      // Hard links, not renames: if anything fails the caller's temp files are still whole.
      const staging = this.newTempPath();
      try {
        await mkdir(staging);
        for (const [i, part] of parts.entries()) await link(part, join(staging, partName(i)));
        await this.replace(staging, target);
      } catch (e) {
        await rm(staging, { recursive: true, force: true });
        throw e;
      }
    }
    this.setMeta(meta);
    await this.persist();
  }

  /** Renames `source` over `target`; a target of the other kind (file vs parts directory) is moved aside first. */
  private async replace(source: string, target: string): Promise<void> {
    try {
      await rename(source, target);
      return;
    } catch (e) {
      if (!['EISDIR', 'ENOTDIR', 'ENOTEMPTY', 'EEXIST'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
    }
    const old = this.newTempPath();
    await rename(target, old);
    await rename(source, target);
    await rm(old, { recursive: true, force: true });
  }

  read(bucket: string, key: string, start?: number, end?: number): Readable {
    return Readable.from(readContent(this.contentPath(bucket, key), start ?? 0, end ?? Number.POSITIVE_INFINITY), { objectMode: false });
  }

  async copyToTemp(bucket: string, key: string): Promise<string> {
    const source = this.contentPath(bucket, key);
    const path = this.newTempPath();
    if ((await partNames(source)) === undefined) await copyFile(source, path);
    else await pipeline(this.read(bucket, key), createWriteStream(path));
    return path;
  }

  async remove(bucket: string, key: string): Promise<boolean> {
    const existed = this.buckets.get(bucket)?.delete(key) ?? false;
    if (!existed) return false;
    await this.persist();
    await rm(this.contentPath(bucket, key), { recursive: true, force: true });
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

const partName = (index: number): string => String(index).padStart(6, '0');

/** The part names of a parts directory in order, or undefined for a plain content file. */
async function partNames(path: string): Promise<string[] | undefined> {
  try {
    return (await readdir(path)).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw e;
  }
}

async function syncFile(path: string): Promise<void> {
  const fh = await open(path, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Bytes [start, end] of a content file or of the concatenation of a parts directory. */
async function* readContent(path: string, start: number, end: number): AsyncGenerator<Buffer> {
  const names = await partNames(path);
  const paths = names === undefined ? [path] : names.map((n) => join(path, n));
  // Every part is opened before the first byte is sent: an overwrite meanwhile removes the
  // names, not open descriptors, so a download never mixes two versions.
  const handles: FileHandle[] = [];
  try {
    for (const p of paths) handles.push(await open(p, 'r'));
    let offset = 0;
    for (const fh of handles) {
      const size = (await fh.stat()).size;
      const from = Math.max(start, offset);
      const to = Math.min(end, offset + size - 1);
      if (from <= to) yield* fh.createReadStream({ start: from - offset, end: to - offset, autoClose: false });
      offset += size;
    }
  } finally {
    for (const fh of handles) await fh.close();
  }
}
