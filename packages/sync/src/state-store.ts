import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync, chmodSync, statSync } from 'node:fs';
import { hostname, homedir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { WcsInvalidArgumentError, WcsLocalIoError, toWcsError } from '@wcs/core';

/** Default state folder: `~/.wcs/sync`. */
export const defaultStateDir = (): string => join(homedir(), '.wcs', 'sync');

/** What identifies a file version for the etag cache: device, inode, size and mtime in ns. */
export interface FileIdentity {
  dev: bigint;
  ino: bigint;
  size: bigint;
  mtimeNs: bigint;
}

/** One listed remote object as the run keeps it. */
export interface RemoteRow {
  key: string;
  hash: string;
  fsize: number;
}

/**
 * The embedded database of a run (SQLite via better-sqlite3; see the package README for why):
 * - `cache.db`, shared by every sync: (dev, inode, size, mtime ns) → etag, so an unchanged file
 *   is hashed once across runs and directions;
 * - `run-<id>.db`, one per (direction, local dir, bucket, prefix): the remote listing and the
 *   deletion candidates of the current run, rebuilt at each start, so memory does not grow with
 *   the number of files;
 * - `lock-<id>.lock`, one per destination, held (O_EXCL file with our pid) for the run.
 *
 * Writes are grouped in transactions of up to {@link BATCH} statements; {@link flush} commits.
 * A SIGKILL loses at most the open batch (SQLite's journal keeps the file consistent): cache
 * entries lost that way only cost a re-hash.
 */
export class StateStore {
  private readonly cache: Database.Database;
  private readonly run: Database.Database;
  private readonly lockPath: string;
  private pendingCache = 0;
  private pendingRun = 0;
  private closed = false;
  hits = 0;
  misses = 0;

  private readonly cacheGet: Database.Statement<[string, bigint, bigint], { etag: string }>;
  private readonly cachePut: Database.Statement<[string, bigint, bigint, string]>;
  private readonly remoteInsert: Database.Statement<[string, string, number]>;
  private readonly remoteGet: Database.Statement<[string], RemoteRow>;
  private readonly remoteSeen: Database.Statement<[string]>;
  private readonly remotePage: Database.Statement<[string, number], RemoteRow>;
  private readonly unseenPage: Database.Statement<[string, number], RemoteRow>;
  private readonly extraInsert: Database.Statement<[string, string, number]>;
  private readonly extraCount: Database.Statement<[], { n: number }>;
  private readonly extraPage: Database.Statement<[string, number], { key: string; path: string; size: number }>;

  private constructor(cache: Database.Database, run: Database.Database, lockPath: string) {
    this.cache = cache;
    this.run = run;
    this.lockPath = lockPath;
    this.cacheGet = cache.prepare('SELECT etag FROM etag_cache WHERE id = ? AND size = ? AND mtime_ns = ?');
    this.cachePut = cache.prepare('INSERT OR REPLACE INTO etag_cache (id, size, mtime_ns, etag) VALUES (?, ?, ?, ?)');
    this.remoteInsert = run.prepare('INSERT OR REPLACE INTO remote (key, hash, fsize, seen) VALUES (?, ?, ?, 0)');
    this.remoteGet = run.prepare('SELECT key, hash, fsize FROM remote WHERE key = ?');
    this.remoteSeen = run.prepare('UPDATE remote SET seen = 1 WHERE key = ?');
    this.remotePage = run.prepare('SELECT key, hash, fsize FROM remote WHERE key > ? ORDER BY key LIMIT ?');
    this.unseenPage = run.prepare('SELECT key, hash, fsize FROM remote WHERE seen = 0 AND key > ? ORDER BY key LIMIT ?');
    this.extraInsert = run.prepare('INSERT OR REPLACE INTO extra (key, path, size) VALUES (?, ?, ?)');
    this.extraCount = run.prepare('SELECT count(*) AS n FROM extra');
    this.extraPage = run.prepare('SELECT key, path, size FROM extra WHERE key > ? ORDER BY key LIMIT ?');
  }

  /**
   * Opens (creating 0700) the state folder, takes the destination's lock and opens both
   * databases. The run tables start empty.
   *
   * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) when the folder or a database cannot be created or opened (permissions, not a directory)
   * @throws WcsLocalIoError (`ERR_WCS_LOCAL_IO`) when another live sync holds the lock on the same destination
   */
  static open(stateDir: string, runId: string, lockId: string, destinationLabel: string): StateStore {
    const dir = resolve(stateDir);
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR', path: dir });
    } catch (error) {
      throw new WcsInvalidArgumentError(`cannot use the sync state folder ${dir}: ${describe(error)}; fix its permissions or choose another with --state-dir.`, { cause: error });
    }
    const lockPath = join(dir, `lock-${digest(lockId)}.lock`);
    acquireLock(lockPath, destinationLabel);
    let cache: Database.Database | undefined;
    let run: Database.Database | undefined;
    try {
      cache = openDatabase(join(dir, 'cache.db'), 'NORMAL');
      cache.exec('CREATE TABLE IF NOT EXISTS etag_cache (id TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, etag TEXT NOT NULL) WITHOUT ROWID');
      // The run tables are rebuilt from the listing at every start: durability buys nothing.
      run = openDatabase(join(dir, `run-${digest(runId)}.db`), 'OFF');
      run.exec(`
        DROP TABLE IF EXISTS remote; DROP TABLE IF EXISTS extra;
        CREATE TABLE remote (key TEXT PRIMARY KEY, hash TEXT NOT NULL, fsize INTEGER NOT NULL, seen INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE extra (key TEXT PRIMARY KEY, path TEXT NOT NULL, size INTEGER NOT NULL) WITHOUT ROWID;`);
      return new StateStore(cache, run, lockPath);
    } catch (error) {
      cache?.close();
      run?.close();
      releaseLock(lockPath);
      throw new WcsInvalidArgumentError(`cannot open the sync database in ${dir}: ${describe(error)}; fix its permissions or choose another folder with --state-dir.`, { cause: error });
    }
  }

  /** The cached etag of this file version, or undefined. */
  cachedEtag(id: FileIdentity): string | undefined {
    const row = this.cacheGet.get(`${id.dev}:${id.ino}`, id.size, id.mtimeNs);
    if (row) this.hits += 1;
    else this.misses += 1;
    return row?.etag;
  }

  rememberEtag(id: FileIdentity, etag: string): void {
    this.begin(this.cache, 'cache');
    this.cachePut.run(`${id.dev}:${id.ino}`, id.size, id.mtimeNs, etag);
    if (++this.pendingCache >= BATCH) this.commit(this.cache, 'cache');
  }

  addRemote(rows: readonly RemoteRow[]): void {
    this.run.transaction(() => {
      for (const row of rows) this.remoteInsert.run(row.key, row.hash, row.fsize);
    })();
  }

  remote(key: string): RemoteRow | undefined {
    return this.remoteGet.get(key);
  }

  markSeen(key: string): void {
    this.runWrite(() => this.remoteSeen.run(key));
  }

  addExtra(key: string, path: string, size: number): void {
    this.runWrite(() => this.extraInsert.run(key, path, size));
  }

  /** Remote rows in key order, a page at a time (no statement stays open across awaits). */
  *remoteRows(unseenOnly = false): Generator<RemoteRow> {
    this.flush();
    let after = '';
    for (;;) {
      const page = (unseenOnly ? this.unseenPage : this.remotePage).all(after, PAGE);
      yield* page;
      if (page.length < PAGE) return;
      after = page[page.length - 1]!.key;
    }
  }

  extraCountNow(): number {
    this.flush();
    return this.extraCount.get()!.n;
  }

  *extras(): Generator<{ key: string; path: string; size: number }> {
    this.flush();
    let after = '';
    for (;;) {
      const page = this.extraPage.all(after, PAGE);
      yield* page;
      if (page.length < PAGE) return;
      after = page[page.length - 1]!.key;
    }
  }

  /** Commits the open batches. */
  flush(): void {
    this.commit(this.cache, 'cache');
    this.commit(this.run, 'run');
  }

  /** Commits, closes both databases and releases the lock. Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.flush();
    } finally {
      this.cache.close();
      this.run.close();
      releaseLock(this.lockPath);
    }
  }

  private runWrite(write: () => void): void {
    this.begin(this.run, 'run');
    write();
    if (++this.pendingRun >= BATCH) this.commit(this.run, 'run');
  }

  private begin(db: Database.Database, which: 'cache' | 'run'): void {
    if (!db.inTransaction) {
      db.exec('BEGIN');
      if (which === 'cache') this.pendingCache = 0;
      else this.pendingRun = 0;
    }
  }

  private commit(db: Database.Database, which: 'cache' | 'run'): void {
    if (db.open && db.inTransaction) db.exec('COMMIT');
    if (which === 'cache') this.pendingCache = 0;
    else this.pendingRun = 0;
  }
}

const BATCH = 2000;
const PAGE = 500;

const digest = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 32);

function describe(error: unknown): string {
  const e = error as { code?: string; message?: string };
  if (e.code === 'EACCES' || e.code === 'EPERM' || e.code === 'SQLITE_CANTOPEN' || e.code === 'SQLITE_READONLY') return 'permission denied';
  return e.message ?? String(error);
}

function openDatabase(file: string, synchronous: 'NORMAL' | 'OFF'): Database.Database {
  const db = new Database(file);
  try {
    chmodSync(file, 0o600);
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous}`);
    // Two syncs on different destinations share cache.db: wait for the other's write instead of failing.
    db.pragma('busy_timeout = 10000');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Lock files this process holds. A lock naming our own pid that is not in here was left by an
 * earlier process with the same pid (a container restarted after a SIGKILL gets the same pid
 * and host name), so it is stale; one that is in here is another sync of this process.
 */
const heldLocks = new Set<string>();

/** Holder of a lock file: `pid@host`. A lock whose process is gone (SIGKILL) is taken over. */
function acquireLock(lockPath: string, destinationLabel: string): void {
  const me = `${process.pid}@${hostname()}`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx', 0o600);
      writeSync(fd, me);
      closeSync(fd);
      heldLocks.add(lockPath);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') {
        throw new WcsInvalidArgumentError(`cannot create the sync lock ${lockPath}: ${describe(error)}; fix the folder's permissions or choose another with --state-dir.`, { cause: error });
      }
    }
    let holder = '';
    try {
      holder = readFileSync(lockPath, 'utf8');
    } catch {
      continue; // released meanwhile
    }
    const [pidText, host] = holder.split('@');
    const pid = Number(pidText);
    if (host === hostname() && Number.isSafeInteger(pid) && pid > 0 && (pid === process.pid ? heldLocks.has(lockPath) : isAlive(pid))) {
      throw new WcsLocalIoError(`another sync (process ${pid}) is running on ${destinationLabel}: wait for it to finish, or delete ${lockPath} if that process is gone.`);
    }
    if (host !== undefined && host !== hostname() && holder !== '') {
      throw new WcsLocalIoError(`another sync on host ${host} holds the lock on ${destinationLabel}: wait for it, or delete ${lockPath} if it is gone.`);
    }
    try {
      unlinkSync(lockPath); // stale: its process died without releasing it
    } catch (error) {
      if ((error as { code?: string }).code !== 'ENOENT') throw toWcsError(error, 'Cannot remove a stale sync lock');
    }
  }
  throw new WcsLocalIoError(`cannot take the sync lock ${lockPath} on ${destinationLabel}: another sync keeps taking it; try again.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

function releaseLock(lockPath: string): void {
  heldLocks.delete(lockPath);
  try {
    if (readFileSync(lockPath, 'utf8') === `${process.pid}@${hostname()}`) unlinkSync(lockPath);
  } catch {
    // already gone
  }
}
