import Database from 'better-sqlite3';
import { randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { link, mkdir, mkdtemp, open, rename, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  ObjectExistsError, prefixEnd, type ListQuery, type ObjectStore, type OpenedObject, type PutOptions, type StoredObject,
} from './object-store.js';
import { compareKeys } from '../keys.js';
import { linkLegacyBlob, readLegacyIndex, retireLegacy } from './legacy-import.js';
import { storageError } from './storage-error.js';

interface ObjectRow {
  bucket: string;
  key: string;
  fsize: number;
  hash: string;
  mime: string;
  put_time: number;
  expires_at: number | null;
  appendable: number;
  blob: string;
  /** 0: the blob is one file; n ≥ 1: a directory of n part files `0`…`n-1`, read as their concatenation. */
  parts: number;
}

export interface SqliteStoreOptions {
  /** Data directory; omitted = an in-memory database and a private temp directory removed at close. */
  dataDir?: string;
  /** Clock for the per-day usage figures (ms). */
  now?: () => number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS buckets (name TEXT PRIMARY KEY, bytes INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS objects (
  bucket TEXT NOT NULL, key TEXT NOT NULL, fsize INTEGER NOT NULL, hash TEXT NOT NULL, mime TEXT NOT NULL,
  put_time INTEGER NOT NULL, expires_at INTEGER, appendable INTEGER NOT NULL, blob TEXT NOT NULL, parts INTEGER NOT NULL,
  parent TEXT NOT NULL,
  PRIMARY KEY (bucket, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS objects_by_parent ON objects (bucket, parent, key);
CREATE TABLE IF NOT EXISTS pending (blob TEXT PRIMARY KEY, bucket TEXT NOT NULL, key TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS usage (bucket TEXT NOT NULL, day TEXT NOT NULL, bytes INTEGER NOT NULL, PRIMARY KEY (bucket, day)) WITHOUT ROWID;
`;

const toMeta = (r: ObjectRow): StoredObject => ({
  bucket: r.bucket, key: r.key, fsize: r.fsize, hash: r.hash, mimeType: r.mime, putTime: r.put_time,
  expiresAt: r.expires_at, type: r.appendable === 1 ? 'Appendable' : 'Normal',
});

const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * Objects as immutable blobs on disk, metadata in SQLite (better-sqlite3).
 *
 * Layout under the data directory:
 * - `wcs.sqlite` (+ WAL): buckets, objects (primary key (bucket, key): a clustered B-tree in
 *   UTF-8 byte order, since the BINARY collation compares TEXT with memcmp), per-day usage, and
 *   `pending`: blobs that may have no key pointing at them (written but not yet committed, or
 *   replaced but not yet removed). Start-up recovery looks only at those rows.
 * - `blobs/<2 hex>/<id>`: content, one file or a directory of parts (multipart blocks linked in,
 *   never copied). A blob is never modified and its id never reused.
 * - `tmp/`: uploads in flight and multipart blocks; wiped at start (blocks die with the server's
 *   in-memory block table and ctx secret).
 *
 * A put: fsync the content, record the blob as pending, rename it into `blobs/` and fsync the
 * directory, then one transaction points the key at it and records the old blob as pending;
 * only then is the old blob removed. A crash at any instant leaves the key at its old or new
 * version, both complete, and at most a pending blob that recovery removes.
 */
export class SqliteStore implements ObjectStore {
  tmpDir = '';
  private root = '';
  private blobsDir = '';
  private db!: Database.Database;
  private readonly dataDir: string | undefined;
  /** fsync content and directories (a data directory); the in-memory mode keeps nothing across a crash anyway. */
  private readonly durable: boolean;
  private readonly now: () => number;
  private buckets: string[] = [];
  private readonly statements = new Map<string, Database.Statement>();
  /** Readers between resolving a key and opening its files, per blob: removal waits for them. */
  private readonly readers = new Map<string, number>();
  /** Replaced blobs whose removal waits for readers. */
  private readonly doomed = new Set<string>();
  private readonly removals = new Set<Promise<void>>();
  /** Rows the list queries returned (for tests that check a page reads O(page) rows). */
  readonly stats = { rowsRead: 0 };

  constructor(options: SqliteStoreOptions = {}) {
    this.dataDir = options.dataDir;
    this.durable = options.dataDir !== undefined;
    this.now = options.now ?? Date.now;
  }

  async init(): Promise<void> {
    this.root = this.dataDir ?? (await mkdtemp(join(tmpdir(), 'wcs-server-')));
    this.tmpDir = join(this.root, 'tmp');
    this.blobsDir = join(this.root, 'blobs');
    await rm(this.tmpDir, { recursive: true, force: true });
    await mkdir(this.tmpDir, { recursive: true });
    await Promise.all(Array.from({ length: 256 }, (_, i) => mkdir(join(this.blobsDir, i.toString(16).padStart(2, '0')), { recursive: true })));
    this.db = new Database(this.dataDir === undefined ? ':memory:' : join(this.root, 'wcs.sqlite'));
    if (this.dataDir !== undefined) {
      this.db.pragma('journal_mode = WAL');
      // FULL: every commit fsyncs the WAL, so a committed change survives kill -9 and power loss,
      // and an old blob is removed only after the commit that replaced it is on disk. (NORMAL
      // would survive kill -9 too, since the WAL write sits in the page cache, but after a power
      // loss a key could point at a blob already unlinked.) Bookkeeping-only transactions
      // lower it to NORMAL: see bookkeeping().
      this.db.pragma('synchronous = FULL');
    }
    this.db.pragma('cache_size = -32000');
    this.db.exec(SCHEMA);
    await this.recover();
    await this.importLegacy();
    this.buckets = (this.db.prepare('SELECT name FROM buckets ORDER BY name').all() as Array<{ name: string }>).map((r) => r.name);
  }

  /**
   * Takes over a data dir of the earlier server (`index.json` + `objects/`): its content files are
   * hard-linked in as blobs (recorded as pending first), one transaction commits every object, and
   * only then is the old layout retired. A crash midway repeats the import at the next start.
   */
  private async importLegacy(): Promise<void> {
    if (this.dataDir === undefined) return;
    const legacy = await readLegacyIndex(this.dataDir);
    if (legacy === undefined) return;
    const imported = (this.stmt('SELECT count(*) AS n FROM objects').get() as { n: number }).n > 0;
    if (!imported) {
      const ids = legacy.objects.map(() => randomBytes(16).toString('hex'));
      this.bookkeeping(() => {
        for (const [i, o] of legacy.objects.entries()) this.stmt('INSERT INTO pending (blob, bucket, key) VALUES (?, ?, ?)').run(ids[i], o.meta.bucket, o.meta.key);
      });
      for (const [i, o] of legacy.objects.entries()) await linkLegacyBlob(o.files, this.blobPath(ids[i] as string), o.isParts);
      if (this.durable) for (const shard of new Set(ids.map((id) => id.slice(0, 2)))) await syncDir(join(this.blobsDir, shard));
      this.db.transaction(() => {
        for (const b of legacy.buckets) this.stmt('INSERT OR IGNORE INTO buckets (name) VALUES (?)').run(b);
        for (const [i, o] of legacy.objects.entries()) this.commitPut(o.meta, ids[i] as string, o.isParts ? o.files.length : 0, {});
      })();
    }
    await retireLegacy(this.dataDir);
  }

  /** Removes every pending blob no key points at; checks only what was in flight, never every blob. */
  private async recover(): Promise<void> {
    const orphans = this.db.prepare(
      `SELECT p.blob AS blob FROM pending p
       WHERE NOT EXISTS (SELECT 1 FROM objects o WHERE o.bucket = p.bucket AND o.key = p.key AND o.blob = p.blob)`,
    ).all() as Array<{ blob: string }>;
    for (const { blob } of orphans) await rm(this.blobPath(blob), { recursive: true, force: true });
    this.db.exec('DELETE FROM pending');
  }

  private stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (s === undefined) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  /**
   * Runs a transaction that only records what may need cleaning up: losing it to a power cut
   * costs at most a leftover blob, never consistency, so it skips the fsync (kill -9 cannot lose
   * it: the WAL write is in the page cache).
   */
  private bookkeeping(fn: () => void): void {
    if (this.dataDir !== undefined) this.db.pragma('synchronous = NORMAL');
    try {
      this.db.transaction(fn)();
    } finally {
      if (this.dataDir !== undefined) this.db.pragma('synchronous = FULL');
    }
  }

  newTempPath(): string {
    return join(this.tmpDir, `tmp-${randomUUID()}`);
  }

  async syncTemp(path: string): Promise<void> {
    if (!this.durable) return;
    try {
      await syncFile(path);
    } catch (e) {
      throw storageError(e, 'store the block');
    }
  }

  private blobPath(id: string): string {
    return join(this.blobsDir, id.slice(0, 2), id);
  }

  bucketNames(): string[] {
    return [...this.buckets];
  }

  hasBucket(name: string): boolean {
    return this.buckets.includes(name);
  }

  addBucket(name: string): void {
    if (this.hasBucket(name)) return;
    try {
      this.stmt('INSERT OR IGNORE INTO buckets (name) VALUES (?)').run(name);
    } catch (e) {
      throw storageError(e, 'create the bucket');
    }
    this.buckets = [...this.buckets, name].sort(compareKeys);
  }

  head(bucket: string, key: string): StoredObject | undefined {
    const row = this.stmt('SELECT * FROM objects WHERE bucket = ? AND key = ?').get(bucket, key) as ObjectRow | undefined;
    return row === undefined ? undefined : toMeta(row);
  }

  listPage(bucket: string, q: ListQuery): StoredObject[] {
    const prefix = q.prefix ?? '';
    // The lower bound is the greatest of prefix (inclusive), after (exclusive), from (inclusive),
    // compared as UTF-8 bytes like the index (JS string comparison is UTF-16 order).
    let lower = prefix;
    let strict = false;
    if (q.from !== undefined && compareKeys(q.from, lower) > 0) lower = q.from;
    if (q.after !== undefined && compareKeys(q.after, lower) >= 0) {
      lower = q.after;
      strict = true;
    }
    const end = prefix === '' ? undefined : prefixEnd(prefix);
    const sql =
      `SELECT * FROM objects WHERE bucket = @bucket AND key ${strict ? '>' : '>='} @lower${end === undefined ? '' : ' AND key < @end'}` +
      `${SqliteStore.FILTERS} ORDER BY key LIMIT @limit`;
    const params: Record<string, unknown> = { bucket, lower, limit: q.limit, ...this.filterParams(q) };
    if (end !== undefined) params.end = end;
    const rows = this.stmt(sql).all(params) as ObjectRow[];
    this.stats.rowsRead += rows.length;
    return rows.map(toMeta);
  }

  private static readonly FILTERS =
    ' AND (@now IS NULL OR expires_at IS NULL OR expires_at > @now)' +
    ' AND (@startTime IS NULL OR put_time >= @startTime) AND (@endTime IS NULL OR put_time <= @endTime)';

  private filterParams(q: Pick<ListQuery, 'visibleAt' | 'startTime' | 'endTime'>): Record<string, unknown> {
    return { now: q.visibleAt ?? null, startTime: q.startTime ?? null, endTime: q.endTime ?? null };
  }

  listDirFiles(bucket: string, dir: string, q: Omit<ListQuery, 'prefix' | 'from'>): StoredObject[] {
    const sql =
      `SELECT * FROM objects INDEXED BY objects_by_parent WHERE bucket = @bucket AND parent = @dir${q.after !== undefined ? ' AND key > @after' : ''}` +
      `${SqliteStore.FILTERS} ORDER BY key LIMIT @limit`;
    const params: Record<string, unknown> = { bucket, dir, limit: q.limit, ...this.filterParams(q) };
    if (q.after !== undefined) params.after = q.after;
    const rows = this.stmt(sql).all(params) as ObjectRow[];
    this.stats.rowsRead += rows.length;
    return rows.map(toMeta);
  }

  listSubdirs(bucket: string, dir: string, q: Omit<ListQuery, 'prefix' | 'from'>): string[] {
    // Skip scan over the parent index: each step seeks the first object in a deeper directory
    // past the previous sub-directory, so a page costs one seek per entry and never reads the
    // files of `dir` or the objects inside a sub-directory.
    const end = prefixEnd(dir);
    const sql =
      `SELECT parent FROM objects INDEXED BY objects_by_parent WHERE bucket = @bucket AND parent > @from${end === undefined ? '' : ' AND parent < @end'}` +
      `${SqliteStore.FILTERS} ORDER BY parent LIMIT 1`;
    const stmt = this.stmt(sql);
    const out: string[] = [];
    // First step: parents strictly deeper than `dir`; then from the end of the last sub-directory on.
    let from = dir;
    let inclusive = false;
    if (q.after !== undefined) {
      const next = prefixEnd(q.after);
      if (next === undefined) return out;
      from = next;
      inclusive = true;
    }
    while (out.length < q.limit) {
      const params: Record<string, unknown> = { bucket, from, ...this.filterParams(q) };
      if (end !== undefined) params.end = end;
      const row = (inclusive ? this.stmt(sql.replace('parent > @from', 'parent >= @from')) : stmt).get(params) as { parent: string } | undefined;
      if (row === undefined) break;
      this.stats.rowsRead++;
      const name = row.parent.slice(0, row.parent.indexOf('/', dir.length) + 1);
      out.push(name);
      const next = prefixEnd(name);
      if (next === undefined) break;
      from = next;
      inclusive = true;
    }
    return out;
  }

  /** The query plans of the list statements prepared so far (tests assert index range scans). */
  listPlans(): string[] {
    return [...this.statements.keys()]
      .filter((sql) => /^SELECT \S+ FROM objects (INDEXED BY \S+ )?WHERE bucket = @bucket AND/.test(sql))
      .map((sql) =>
        (this.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({
          bucket: '', lower: '', end: '', from: '', dir: '', after: '', now: null, startTime: null, endTime: null, limit: 1,
        }) as Array<{ detail: string }>)
          .map((r) => r.detail).join('; '),
      );
  }

  async put(meta: StoredObject, content: string | readonly string[], options: PutOptions = {}): Promise<void> {
    const paths = typeof content === 'string' ? [content] : [...content];
    if (options.ifAbsentAt !== undefined && this.visible(meta.bucket, meta.key, options.ifAbsentAt)) throw new ObjectExistsError();
    const id = randomBytes(16).toString('hex');
    const target = this.blobPath(id);
    try {
      if (this.durable) for (const p of paths) await syncFile(p);
      this.bookkeeping(() => this.stmt('INSERT INTO pending (blob, bucket, key) VALUES (?, ?, ?)').run(id, meta.bucket, meta.key));
    } catch (e) {
      throw storageError(e, 'store the object');
    }
    let old: { blob: string } | undefined;
    try {
      if (typeof content === 'string') {
        await rename(content, target);
      } else {
        // Hard links, not renames: if anything fails the caller's block files are still whole.
        const staging = join(this.tmpDir, `blob-${id}`);
        try {
          await mkdir(staging);
          for (const [i, part] of paths.entries()) await link(part, join(staging, String(i)));
          if (this.durable) await syncDir(staging);
          await rename(staging, target);
        } catch (e) {
          await rm(staging, { recursive: true, force: true }).catch(() => undefined);
          throw e;
        }
      }
      if (this.durable) await syncDir(join(this.blobsDir, id.slice(0, 2)));
      old = this.commitPut(meta, id, typeof content === 'string' ? 0 : paths.length, options);
    } catch (e) {
      // Nothing points at the new blob: remove it (or leave it to recovery, it is pending).
      if (typeof content === 'string') await rename(target, content).catch(() => undefined);
      await rm(target, { recursive: true, force: true }).catch(() => undefined);
      try {
        this.bookkeeping(() => this.stmt('DELETE FROM pending WHERE blob = ?').run(id));
      } catch {
        // Recovery at the next start removes it.
      }
      if (e instanceof ObjectExistsError) throw e;
      throw storageError(e, 'store the object');
    }
    if (old !== undefined) this.discard(old.blob);
  }

  /**
   * Bulk load for benchmarks and tests: many small objects given as bytes, written straight into
   * blobs and committed in one transaction (pending first, so a crash midway leaves nothing
   * behind that recovery does not remove). Same result as one put per object, except that the
   * blobs are not fsynced: a kill -9 loses nothing, a power cut may.
   */
  async putMany(objects: ReadonlyArray<{ meta: StoredObject; content: Buffer }>): Promise<void> {
    const ids = objects.map(() => randomBytes(16).toString('hex'));
    try {
      this.bookkeeping(() => {
        for (const [i, { meta }] of objects.entries()) this.stmt('INSERT INTO pending (blob, bucket, key) VALUES (?, ?, ?)').run(ids[i], meta.bucket, meta.key);
      });
      for (let i = 0; i < objects.length; i += 32) {
        await Promise.all(objects.slice(i, i + 32).map(({ content }, j) => writeFile(this.blobPath(ids[i + j] as string), content)));
      }
      const olds = this.db.transaction(() => objects.map(({ meta }, i) => this.commitPut(meta, ids[i] as string, 0, {})))();
      for (const old of olds) if (old !== undefined) this.discard(old.blob);
    } catch (e) {
      throw storageError(e, 'store the objects');
    }
  }

  private visible(bucket: string, key: string, at: number): boolean {
    const o = this.head(bucket, key);
    return o !== undefined && (o.expiresAt === null || o.expiresAt > at);
  }

  /** The one transaction that makes a put visible; returns the replaced blob. */
  private commitPut(meta: StoredObject, id: string, parts: number, options: PutOptions): { blob: string } | undefined {
    return this.db.transaction(() => {
      const old = this.stmt('SELECT blob, fsize FROM objects WHERE bucket = ? AND key = ?').get(meta.bucket, meta.key) as
        | { blob: string; fsize: number }
        | undefined;
      if (options.ifAbsentAt !== undefined && this.visible(meta.bucket, meta.key, options.ifAbsentAt)) throw new ObjectExistsError();
      this.stmt(
        `INSERT INTO objects (bucket, key, fsize, hash, mime, put_time, expires_at, appendable, blob, parts, parent)
         VALUES (@bucket, @key, @fsize, @hash, @mime, @putTime, @expiresAt, @appendable, @blob, @parts, @parent)
         ON CONFLICT (bucket, key) DO UPDATE SET fsize = excluded.fsize, hash = excluded.hash, mime = excluded.mime,
           put_time = excluded.put_time, expires_at = excluded.expires_at, appendable = excluded.appendable,
           blob = excluded.blob, parts = excluded.parts`,
      ).run({
        bucket: meta.bucket, key: meta.key, fsize: meta.fsize, hash: meta.hash, mime: meta.mimeType, putTime: meta.putTime,
        expiresAt: meta.expiresAt, appendable: meta.type === 'Appendable' ? 1 : 0, blob: id, parts,
        parent: meta.key.slice(0, meta.key.lastIndexOf('/') + 1),
      });
      this.stmt('DELETE FROM pending WHERE blob = ?').run(id);
      if (old !== undefined) this.stmt('INSERT INTO pending (blob, bucket, key) VALUES (?, ?, ?)').run(old.blob, meta.bucket, meta.key);
      this.addUsage(meta.bucket, meta.fsize - (old?.fsize ?? 0));
      return old === undefined ? undefined : { blob: old.blob };
    })();
  }

  /** Keeps the bucket's running total and today's figure (the last row on or before a day is that day's figure). */
  private addUsage(bucket: string, delta: number): void {
    if (delta === 0) return;
    const row = this.stmt('UPDATE buckets SET bytes = bytes + ? WHERE name = ? RETURNING bytes').get(delta, bucket) as { bytes: number } | undefined;
    if (row === undefined) return;
    this.stmt('INSERT INTO usage (bucket, day, bytes) VALUES (?, ?, ?) ON CONFLICT (bucket, day) DO UPDATE SET bytes = excluded.bytes')
      .run(bucket, dayOf(this.now()), row.bytes);
  }

  storedBytesOn(bucket: string, day: string): number {
    if (day > dayOf(this.now())) return 0;
    const row = this.stmt('SELECT bytes FROM usage WHERE bucket = ? AND day <= ? ORDER BY day DESC LIMIT 1').get(bucket, day) as
      | { bytes: number }
      | undefined;
    return row?.bytes ?? 0;
  }

  /** Removes a replaced blob once no reader is between resolving and opening it; a failure leaves it pending for recovery. */
  private discard(blob: string): void {
    if ((this.readers.get(blob) ?? 0) > 0) {
      this.doomed.add(blob);
      return;
    }
    const p = (async () => {
      try {
        await rm(this.blobPath(blob), { recursive: true, force: true });
        this.bookkeeping(() => this.stmt('DELETE FROM pending WHERE blob = ?').run(blob));
      } catch {
        // Left pending: removed at the next start.
      }
    })();
    this.removals.add(p);
    void p.finally(() => this.removals.delete(p));
  }

  async open(bucket: string, key: string): Promise<OpenedObject | undefined> {
    const row = this.stmt('SELECT * FROM objects WHERE bucket = ? AND key = ?').get(bucket, key) as ObjectRow | undefined;
    if (row === undefined) return undefined;
    // Counted before the first await: a commit replacing this version cannot remove its files
    // until they are open, and an open file keeps its bytes after unlink.
    this.readers.set(row.blob, (this.readers.get(row.blob) ?? 0) + 1);
    const handles: FileHandle[] = [];
    const sizes: number[] = [];
    try {
      const base = this.blobPath(row.blob);
      const paths = row.parts === 0 ? [base] : Array.from({ length: row.parts }, (_, i) => join(base, String(i)));
      for (const p of paths) {
        const fh = await open(p, 'r');
        handles.push(fh);
        sizes.push((await fh.stat()).size);
      }
    } catch (e) {
      await Promise.allSettled(handles.map((h) => h.close()));
      throw storageError(e, 'read the object');
    } finally {
      const n = (this.readers.get(row.blob) ?? 1) - 1;
      if (n > 0) this.readers.set(row.blob, n);
      else {
        this.readers.delete(row.blob);
        if (this.doomed.delete(row.blob)) this.discard(row.blob);
      }
    }
    let closed = false;
    const close = async (): Promise<void> => {
      if (closed) return;
      closed = true;
      await Promise.allSettled(handles.map((h) => h.close()));
    };
    return {
      meta: toMeta(row),
      close,
      stream: (start = 0, end = Number.POSITIVE_INFINITY) => Readable.from(readParts(handles, sizes, start, end, close), { objectMode: false }),
    };
  }

  read(bucket: string, key: string, start?: number, end?: number): Readable {
    const open = this.open(bucket, key);
    return Readable.from(
      (async function* () {
        const o = await open;
        if (o === undefined) return;
        yield* o.stream(start, end);
      })(),
      { objectMode: false },
    );
  }

  async copyToTemp(bucket: string, key: string): Promise<string> {
    const path = this.newTempPath();
    try {
      const o = await this.open(bucket, key);
      await pipeline(o === undefined ? Readable.from([]) : o.stream(), createWriteStream(path));
      return path;
    } catch (e) {
      await rm(path, { force: true }).catch(() => undefined);
      throw storageError(e, 'copy the object');
    }
  }

  remove(bucket: string, key: string): boolean {
    let old: { blob: string } | undefined;
    try {
      old = this.db.transaction(() => {
        const row = this.stmt('DELETE FROM objects WHERE bucket = ? AND key = ? RETURNING blob, fsize').get(bucket, key) as
          | { blob: string; fsize: number }
          | undefined;
        if (row === undefined) return undefined;
        this.stmt('INSERT INTO pending (blob, bucket, key) VALUES (?, ?, ?)').run(row.blob, bucket, key);
        this.addUsage(bucket, -row.fsize);
        return { blob: row.blob };
      })();
    } catch (e) {
      throw storageError(e, 'delete the object');
    }
    if (old === undefined) return false;
    this.discard(old.blob);
    return true;
  }

  setExpiry(bucket: string, key: string, expiresAt: number | null): boolean {
    try {
      return this.stmt('UPDATE objects SET expires_at = ? WHERE bucket = ? AND key = ?').run(expiresAt, bucket, key).changes > 0;
    } catch (e) {
      throw storageError(e, 'update the object');
    }
  }

  async close(): Promise<void> {
    while (this.removals.size > 0) await Promise.allSettled([...this.removals]);
    this.db.close();
    // maxRetries: a file created while the folder is being removed makes rmdir fail with ENOTEMPTY.
    if (this.dataDir === undefined) await rm(this.root, { recursive: true, force: true, maxRetries: 3, retryDelay: 50 });
    else await rm(this.tmpDir, { recursive: true, force: true, maxRetries: 3, retryDelay: 50 });
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

/** Makes a rename or link in `dir` durable. */
async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Bytes [start, end] of the concatenation of already-open parts. */
async function* readParts(handles: FileHandle[], sizes: number[], start: number, end: number, close: () => Promise<void>): AsyncGenerator<Buffer> {
  try {
    let offset = 0;
    for (const [i, fh] of handles.entries()) {
      const size = sizes[i] as number;
      const from = Math.max(start, offset);
      const to = Math.min(end, offset + size - 1);
      if (from <= to) yield* fh.createReadStream({ start: from - offset, end: to - offset, autoClose: false });
      offset += size;
    }
  } finally {
    await close();
  }
}
