import type { BigIntStats } from 'node:fs';
import { createWriteStream } from 'node:fs';
import { chmod, lstat, mkdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { WcsAbortError, WcsError, WcsIntegrityError, WcsInvalidArgumentError, toWcsError, type WcsContext } from '@wcs/core';
import { TRAFFIC_LIMIT_HEADER } from '@wcs/core/internal';
import { EtagHasher, etagOfFile } from '@wcs/etag';
import { assertBucket, deleteObject, listPages } from '@wcs/manage';
import { DEFAULT_SMART_THRESHOLD_BYTES, smartUpload } from '@wcs/upload';
import { EventChannel } from './event-channel.js';
import { compileFilters } from './filters.js';
import { TaskPool, Throttle } from './pacing.js';
import { StateStore, defaultStateDir, type FileIdentity, type RemoteRow } from './state-store.js';
import type { PlanReason, SyncEvent, SyncLocation, SyncOptions, SyncParams, SyncSummary } from './types.js';
import { partFileName, walk, type WalkEntry } from './walk.js';

/** Default of {@link SyncOptions.maxDelete}. */
export const DEFAULT_MAX_DELETE = 1000;
/** Default of {@link SyncOptions.transfers}. */
export const DEFAULT_TRANSFERS = 4;
/** Extra attempts of a file whose transfer failed with a retryable error (after the transport's own retries). */
const FILE_RETRIES = 2;

interface ResolvedSync {
  direction: 'upload' | 'download';
  localDir: string;
  bucket: string;
  prefix: string;
  include: (rel: string) => boolean;
  dryRun: boolean;
  delete: boolean;
  maxDelete: number;
  sizeOnly: boolean;
  force: boolean;
  checksum: boolean;
  minSize: number;
  maxSize: number;
  transfers: number;
  bwlimit: number;
  followSymlinks: boolean;
  overwrite: 0 | 1;
  threshold: number;
  downloadUrl: string;
  stateDir: string;
  progressIntervalMs: number;
}

function wholeNumber(value: number | undefined, fallback: number, what: string, min = 0): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new WcsInvalidArgumentError(`${what} must be a whole number${min > 0 ? ` of at least ${min}` : ', 0 or more'} (got ${String(value)}).`);
  }
  return value;
}

/**
 * The config's list_* settings (limit, prefix, mode, marker) are defaults for interactive listings,
 * as in py3's `bucket_list`; a sync must see every object under its own prefix, flat, so its
 * listing runs with them switched off.
 */
function listingContext(ctx: WcsContext): WcsContext {
  return { ...ctx, config: { ...ctx.config, listLimit: 0, listPrefix: '', listMode: 3, listMarker: '' } };
}

/** Validates everything before any request or file access beyond a stat of the local directory. */
async function resolveSync(source: SyncLocation, destination: SyncLocation, options: SyncOptions): Promise<ResolvedSync> {
  const isLocation = (side: unknown): boolean => {
    const kind = (side as { kind?: unknown } | null | undefined)?.kind;
    return kind === 'local' || kind === 'remote';
  };
  if (!isLocation(source) || !isLocation(destination)) {
    throw new WcsInvalidArgumentError(`sync needs from and to: one { kind: 'local', path } and one { kind: 'remote', bucket, prefix } (${isLocation(source) ? 'to' : 'from'} is missing or has no such kind).`);
  }
  if (source.kind === destination.kind) {
    const both = source.kind === 'local' ? 'local directories' : 'remote locations';
    throw new WcsInvalidArgumentError(`sync needs one local directory and one wcs://BUCKET[/PREFIX], got two ${both}.`);
  }
  const local = (source.kind === 'local' ? source : destination) as Extract<SyncLocation, { kind: 'local' }>;
  const remote = (source.kind === 'remote' ? source : destination) as Extract<SyncLocation, { kind: 'remote' }>;
  assertBucket(remote.bucket);
  if (typeof remote.prefix !== 'string') throw new WcsInvalidArgumentError('prefix must be text (empty for the whole bucket).');
  // A prefix names a folder, as in aws s3 sync and rclone: `site` is `site/`, so keys are
  // `site/index.html` and the listing (and --delete) never reaches `sitemap.xml` or `site2/`.
  const prefix = remote.prefix === '' || remote.prefix.endsWith('/') ? remote.prefix : `${remote.prefix}/`;
  const direction = source.kind === 'local' ? 'upload' : 'download';
  // Every key would break WCS's key rules: one error now rather than one failed upload per file.
  if (direction === 'upload' && (prefix.startsWith('/') || prefix.includes('/../') || prefix.includes('/./'))) {
    throw new WcsInvalidArgumentError(`prefix "${remote.prefix}" cannot start a key: keys must not start with "/" or contain "/../" or "/./".`);
  }
  const maxDelete = wholeNumber(options.maxDelete, DEFAULT_MAX_DELETE, 'maxDelete');
  const transfers = wholeNumber(options.transfers, DEFAULT_TRANSFERS, 'transfers', 1);
  const bwlimit = wholeNumber(options.bwlimitBytesPerSecond, 0, 'bwlimitBytesPerSecond');
  const minSize = wholeNumber(options.minSize, 0, 'minSize');
  const maxSize = wholeNumber(options.maxSize, Number.MAX_SAFE_INTEGER, 'maxSize');
  const threshold = wholeNumber(options.multiputThresholdBytes, DEFAULT_SMART_THRESHOLD_BYTES, 'multiputThresholdBytes');
  const progressIntervalMs = wholeNumber(options.progressIntervalMs, 1000, 'progressIntervalMs');
  if (options.overwrite !== undefined && options.overwrite !== 0 && options.overwrite !== 1) {
    throw new WcsInvalidArgumentError('overwrite must be 0 or 1.');
  }
  const include = compileFilters(options.filters ?? []);
  let downloadUrl = '';
  if (direction === 'download') {
    downloadUrl = (options.downloadUrl ?? '').replace(/\/+$/, '');
    if (!/^https?:\/\/[^/]/i.test(downloadUrl)) {
      throw new WcsInvalidArgumentError('downloading needs the bucket\'s download domain: give downloadUrl (wcscmd: --download-url http://DOMAIN).');
    }
  }
  const localDir = resolve(local.path);
  const isDir = await stat(localDir).then((s) => s.isDirectory(), () => undefined);
  if (isDir !== true) {
    throw new WcsInvalidArgumentError(
      isDir === false ? `${local.path} is not a directory: sync works on directories.` : `${local.path} does not exist: create the directory first, or check the path.`,
    );
  }
  return {
    direction,
    localDir,
    bucket: remote.bucket,
    prefix,
    include,
    dryRun: options.dryRun === true,
    delete: options.delete === true,
    maxDelete,
    sizeOnly: options.sizeOnly === true,
    force: options.force === true,
    checksum: options.checksum === true,
    minSize,
    maxSize,
    transfers,
    bwlimit,
    followSymlinks: options.followSymlinks === true,
    overwrite: options.overwrite ?? 1,
    threshold,
    downloadUrl,
    stateDir: resolve(options.stateDir ?? defaultStateDir()),
    progressIntervalMs,
  };
}

/**
 * Keeps a local directory and a bucket prefix in step (see the package README): `from` → `to`,
 * one local and one remote. Yields events as the run goes and a final `summary`: `planned`,
 * `skipped`, `uploaded`, `downloaded`, `deleted`, `failed`, `progress`. A file that fails is
 * reported and the run goes on. Breaking out of the loop or aborting `signal` stops the
 * transfers; the next run with the same arguments resumes (finished files are skipped by etag, a
 * multipart upload continues from its block records).
 *
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for bad options, a missing local directory, an unusable state folder; nothing is changed
 * @throws WcsLocalIoError (`ERR_WCS_LOCAL_IO`) when another sync holds the lock on the same destination
 * @throws WcsServiceError (`ERR_WCS_SERVICE`) when the remote listing fails (631: no such bucket); nothing is changed
 * @throws WcsAbortError (`ERR_WCS_ABORTED`) when `signal` aborts
 * @example
 * for await (const event of sync(ctx, { from: { kind: 'local', path: './site' }, to: { kind: 'remote', bucket: 'www', prefix: 'site/' }, delete: true })) {
 *   if (event.type === 'failed') console.error(event.path, event.message);
 *   if (event.type === 'summary') console.log(event.summary);
 * }
 */
export async function* sync(ctx: WcsContext, params: SyncParams): AsyncGenerator<SyncEvent, void, undefined> {
  if (params === null || typeof params !== 'object') throw new WcsInvalidArgumentError('sync needs { from, to }: one local directory and one remote location.');
  const { from: source, to: destination, ...options } = params;
  const resolved = await resolveSync(source, destination, options);
  const channel = new EventChannel<SyncEvent>();
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) throw new WcsAbortError();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const engine = new SyncEngine(ctx, resolved, channel, controller.signal);
  const finished = engine.run().then(
    (summary) => channel.end({ type: 'summary', summary }),
    (error: unknown) => channel.fail(controller.signal.aborted ? new WcsAbortError(undefined, { cause: error }) : toWcsError(error, 'Sync failed')),
  );
  let complete = false;
  try {
    for (;;) {
      const next = await channel.next();
      if (next.done) break;
      yield next.value;
    }
    complete = true;
  } finally {
    if (!complete) {
      controller.abort();
      channel.close();
    }
    await finished;
    options.signal?.removeEventListener('abort', onAbort);
  }
}

const identityOf = (s: BigIntStats): FileIdentity => ({ dev: s.dev, ino: s.ino, size: s.size, mtimeNs: s.mtimeNs });
const sameIdentity = (a: FileIdentity, b: FileIdentity): boolean => a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs;

function errorFields(error: unknown, context: string): { code: string; message: string } {
  const e = error instanceof WcsError ? error : toWcsError(error, context);
  return { code: e.code, message: e.message };
}

/** Prefix of the message of an error that is not already a WcsError (the event names the action and path). */
const FAILURE_CONTEXT: Record<Extract<SyncEvent, { type: 'failed' }>['action'], string> = {
  walk: 'cannot read',
  hash: 'cannot read',
  list: 'listing failed',
  upload: 'upload failed',
  download: 'download failed',
  delete: 'delete failed',
};

/**
 * The first parent of `rel` (relative to `root`) that stands in the way of a download: a
 * symbolic link (unless `followSymlinks`), or something that is not a directory. Undefined when
 * every parent is a directory or missing.
 */
async function blockedParent(root: string, rel: string, followSymlinks: boolean): Promise<{ path: string; link: boolean } | undefined> {
  const parts = rel.split('/');
  let path = root;
  for (let i = 0; i < parts.length - 1; i++) {
    path = join(path, parts[i]!);
    let stats = await lstat(path).catch(() => undefined);
    // Missing: the download creates it as a real directory, and so every one below it.
    if (stats === undefined) return undefined;
    const sub = parts.slice(0, i + 1).join('/');
    if (stats.isSymbolicLink()) {
      if (!followSymlinks) return { path: sub, link: true };
      stats = await stat(path).catch(() => undefined);
      if (stats === undefined) return undefined;
    }
    if (!stats.isDirectory()) return { path: sub, link: false };
  }
  return undefined;
}

/** Safe as a relative local path: no empty, `.` or `..` segment, no NUL. */
const isLocalRelPath = (rel: string): boolean => rel !== '' && !rel.includes('\0') && rel.split('/').every((part) => part !== '' && part !== '.' && part !== '..');

class SyncEngine {
  private store!: StateStore;
  private readonly startedAt = Date.now();
  private readonly throttle: Throttle;
  private readonly summary: SyncSummary;
  private walkErrors = 0;
  /** Working folders of the tool itself, never synced when they lie inside the directory. */
  private readonly skipDirs: readonly string[];
  private scanned = 0;
  private inFlightBytes = new Map<number, number>();
  private nextTaskId = 0;
  private bytesDone = 0;

  constructor(
    private readonly ctx: WcsContext,
    private readonly o: ResolvedSync,
    private readonly channel: EventChannel<SyncEvent>,
    private readonly signal: AbortSignal,
  ) {
    this.throttle = new Throttle(o.bwlimit);
    this.skipDirs = ctx.config.recordFolder ? [o.stateDir, resolve(ctx.config.recordFolder)] : [o.stateDir];
    this.summary = {
      direction: o.direction,
      dryRun: o.dryRun,
      uploaded: { files: 0, bytes: 0 },
      downloaded: { files: 0, bytes: 0 },
      skipped: { files: 0, bytes: 0 },
      deleted: { files: 0, bytes: 0 },
      failed: { files: 0, bytes: 0 },
      planned: { files: 0, bytes: 0, deletes: 0 },
      cacheHits: 0,
      hashed: 0,
      elapsedMs: 0,
    };
  }

  private get remoteLabel(): string {
    return `wcs://${this.o.bucket}/${this.o.prefix}`;
  }

  async run(): Promise<SyncSummary> {
    const o = this.o;
    const destination = o.direction === 'upload' ? `remote ${this.remoteLabel}` : `local ${o.localDir}`;
    this.store = StateStore.open(o.stateDir, `${o.direction}\n${o.localDir}\n${o.bucket}\n${o.prefix}`, destination, o.direction === 'upload' ? this.remoteLabel : o.localDir);
    const timer = o.progressIntervalMs > 0 ? setInterval(() => void this.emit(this.progressEvent()), o.progressIntervalMs) : undefined;
    timer?.unref();
    try {
      await this.listRemote();
      if (o.direction === 'upload') await this.uploadPhase();
      else await this.downloadPhase();
      if (o.delete) await this.deletePhase();
      this.throwIfAborted();
    } finally {
      if (timer) clearInterval(timer);
      this.summary.cacheHits = this.store.hits;
      this.store.close();
    }
    this.summary.elapsedMs = Date.now() - this.startedAt;
    return this.summary;
  }

  private throwIfAborted(): void {
    if (this.signal.aborted) throw new WcsAbortError();
  }

  private emit(event: SyncEvent): Promise<void> {
    return this.channel.push(event);
  }

  private progressEvent(): SyncEvent {
    let inFlight = 0;
    for (const bytes of this.inFlightBytes.values()) inFlight += bytes;
    return {
      type: 'progress',
      elapsedMs: Date.now() - this.startedAt,
      filesDone: this.summary.uploaded.files + this.summary.downloaded.files,
      bytesDone: this.bytesDone + inFlight,
      filesPlanned: this.summary.planned.files,
      bytesPlanned: this.summary.planned.bytes,
      scanned: this.scanned,
    };
  }

  /** The whole listing under the prefix goes to the database page by page; any failure ends the run before a change. */
  private async listRemote(): Promise<void> {
    for await (const page of listPages(listingContext(this.ctx), { bucket: this.o.bucket, prefix: this.o.prefix, signal: this.signal })) {
      const inPrefix = page.items.filter((item) => item.key.startsWith(this.o.prefix));
      this.store.addRemote(inPrefix.map((item) => ({ key: item.key, hash: item.hash, fsize: item.fsize })));
    }
  }

  private async fail(action: Extract<SyncEvent, { type: 'failed' }>['action'], path: string, key: string, error: unknown, size = 0): Promise<void> {
    if (this.signal.aborted) return;
    this.summary.failed.files += 1;
    this.summary.failed.bytes += size;
    await this.emit({ type: 'failed', action, path, key, ...errorFields(error, FAILURE_CONTEXT[action]) });
  }

  private async skipSame(path: string, key: string, size: number): Promise<void> {
    this.summary.skipped.files += 1;
    this.summary.skipped.bytes += size;
    await this.emit({ type: 'skipped', path, key, reason: 'same' });
  }

  /** The local etag: from the cache when this file version was hashed before (unless `checksum`). */
  private async localEtag(abs: string, stats: BigIntStats): Promise<string> {
    const id = identityOf(stats);
    if (!this.o.checksum) {
      const cached = this.store.cachedEtag(id);
      if (cached !== undefined) return cached;
    }
    this.summary.hashed += 1;
    const etag = await etagOfFile(abs, { signal: this.signal });
    // A file that changed while it was hashed is not cached: its etag may mix two versions.
    const after = await stat(abs, { bigint: true });
    if (sameIdentity(id, identityOf(after))) this.store.rememberEtag(id, etag);
    return etag;
  }

  /** Why a file must be transferred, or undefined when the destination has the same one. */
  private async decide(
    remote: RemoteRow | undefined,
    localSize: number,
    abs: string | undefined,
    stats: BigIntStats | undefined,
  ): Promise<PlanReason | undefined> {
    if (remote === undefined || abs === undefined || stats === undefined) return 'new';
    if (this.o.force) return 'force';
    if (remote.fsize !== localSize) return 'size';
    if (this.o.sizeOnly) return undefined;
    return (await this.localEtag(abs, stats)) === remote.hash ? undefined : 'etag';
  }

  private async withRetries<T>(attempt: () => Promise<T>): Promise<T> {
    for (let n = 0; ; n++) {
      await this.throttle.wait(this.signal);
      try {
        return await attempt();
      } catch (error) {
        const e = toWcsError(error);
        if (this.signal.aborted || n >= FILE_RETRIES || !(e.retryable || e.code === 'ERR_WCS_NETWORK' || e.code === 'ERR_WCS_TIMEOUT')) throw e;
      }
    }
  }

  // ---- upload direction ----

  private async uploadPhase(): Promise<void> {
    const pool = new TaskPool(this.o.transfers);
    try {
      for await (const entry of walk(this.o.localDir, { followSymlinks: this.o.followSymlinks, skipDirs: this.skipDirs })) {
        this.throwIfAborted();
        this.scanned += 1;
        await this.onLocalEntry(entry, pool);
      }
    } finally {
      // Also on abort: the store must outlive the transfers that write to it.
      await pool.drain();
    }
  }

  private async onLocalEntry(entry: WalkEntry, pool: TaskPool): Promise<void> {
    const o = this.o;
    if (entry.kind === 'error') {
      this.walkErrors += 1;
      await this.fail('walk', entry.rel || '.', o.prefix + entry.rel, entry.error);
      return;
    }
    if (entry.kind === 'part') return;
    const key = o.prefix + entry.rel;
    if (entry.kind === 'symlink') {
      this.store.markSeen(key);
      if (!o.include(entry.rel)) return;
      this.summary.skipped.files += 1;
      await this.emit({ type: 'skipped', path: entry.rel, key, reason: 'symlink' });
      return;
    }
    const remote = this.store.remote(key);
    // Seen even when filtered out: a file left out by a filter must not be deleted on the other side.
    if (remote) this.store.markSeen(key);
    const size = Number(entry.stats.size);
    if (!o.include(entry.rel) || size < o.minSize || size > o.maxSize) return;
    await pool.run(() => this.uploadOne(entry, key, size, remote));
  }

  private async uploadOne(entry: Extract<WalkEntry, { kind: 'file' }>, key: string, size: number, remote: RemoteRow | undefined): Promise<void> {
    let reason: PlanReason | undefined;
    try {
      reason = await this.decide(remote, size, entry.abs, entry.stats);
    } catch (error) {
      await this.fail('hash', entry.rel, key, error, size);
      return;
    }
    if (reason === undefined) return this.skipSame(entry.rel, key, size);
    this.summary.planned.files += 1;
    this.summary.planned.bytes += size;
    await this.emit({ type: 'planned', action: 'upload', path: entry.rel, key, size, reason });
    if (this.o.dryRun) return;
    const id = this.nextTaskId++;
    try {
      const result = await this.withRetries(async () => {
        this.inFlightBytes.set(id, 0);
        return smartUpload(this.ctx, {
          file: entry.abs,
          bucket: this.o.bucket,
          key,
          thresholdBytes: this.o.threshold,
          policy: { overwrite: this.o.overwrite },
          resume: 'auto',
          // A record left by a different version of the file is replaced, not an error: the file changed.
          restartOnMismatch: true,
          signal: this.signal,
          onProgress: (p) => this.inFlightBytes.set(id, p.loaded),
          // Each piece (a chunk of a multipart upload, a read of a normal one) waits until the
          // bytes sent so far fit the rate, so one large file is paced too, not only the next one.
          pace: this.throttle.enabled
            ? async (bytes) => {
              await this.throttle.wait(this.signal);
              this.throttle.charge(bytes);
            }
            : undefined,
        });
      });
      const hash = result.hash ?? '';
      const after = await lstat(entry.abs, { bigint: true }).catch(() => undefined);
      if (hash && after && sameIdentity(identityOf(entry.stats), identityOf(after))) this.store.rememberEtag(identityOf(entry.stats), hash);
      this.summary.uploaded.files += 1;
      this.summary.uploaded.bytes += size;
      this.bytesDone += size;
      await this.emit({ type: 'uploaded', path: entry.rel, key, size, hash, resumedBlocks: 'resumedBlocks' in result ? Number(result.resumedBlocks) : 0 });
    } catch (error) {
      await this.fail('upload', entry.rel, key, error, size);
    } finally {
      this.inFlightBytes.delete(id);
    }
  }

  // ---- download direction ----

  private async downloadPhase(): Promise<void> {
    const o = this.o;
    const pool = new TaskPool(o.transfers);
    try {
      for (const row of this.store.remoteRows()) {
        this.throwIfAborted();
        this.scanned += 1;
        const rel = row.key.slice(o.prefix.length);
        // A key ending in '/' with no content is a folder marker, not a file.
        if (rel.endsWith('/') && row.fsize === 0) continue;
        // Filters first: a key the user left out is not a failure, even one that cannot be a file name.
        if (!o.include(rel) || row.fsize < o.minSize || row.fsize > o.maxSize) continue;
        if (!isLocalRelPath(rel)) {
          await this.fail('download', rel, row.key, new WcsInvalidArgumentError(`key "${row.key}" cannot be a local file name (empty, "." or ".." part): not downloaded.`));
          continue;
        }
        await pool.run(() => this.downloadOne(row, rel));
      }
    } finally {
      await pool.drain();
    }
  }

  private async downloadOne(row: RemoteRow, rel: string): Promise<void> {
    const abs = join(this.o.localDir, ...rel.split('/'));
    let stats: BigIntStats | undefined;
    let reason: PlanReason | undefined;
    try {
      // A symbolic link to a directory on the way would take the file outside the destination;
      // without followSymlinks links are left alone, as the walk leaves them alone.
      const blocked = await blockedParent(this.o.localDir, rel, this.o.followSymlinks);
      if (blocked?.link) {
        this.summary.skipped.files += 1;
        await this.emit({ type: 'skipped', path: blocked.path, key: row.key, reason: 'symlink' });
        return;
      }
      if (blocked) throw new WcsInvalidArgumentError(`${blocked.path} exists locally and is not a directory: ${rel} not downloaded.`);
      stats = await lstat(abs, { bigint: true }).catch((error: { code?: string }) => {
        if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
        throw error;
      });
      if (stats?.isSymbolicLink()) {
        if (!this.o.followSymlinks) {
          this.summary.skipped.files += 1;
          await this.emit({ type: 'skipped', path: rel, key: row.key, reason: 'symlink' });
          return;
        }
        stats = await stat(abs, { bigint: true });
      }
      if (stats !== undefined && !stats.isFile()) {
        throw new WcsInvalidArgumentError(`${rel} exists locally and is not a regular file: not replaced.`);
      }
      reason = await this.decide(stats === undefined ? undefined : row, Number(stats?.size ?? 0), stats && abs, stats);
    } catch (error) {
      await this.fail('download', rel, row.key, error, row.fsize);
      return;
    }
    if (reason === undefined) return this.skipSame(rel, row.key, row.fsize);
    this.summary.planned.files += 1;
    this.summary.planned.bytes += row.fsize;
    await this.emit({ type: 'planned', action: 'download', path: rel, key: row.key, size: row.fsize, reason });
    if (this.o.dryRun) return;
    if (stats !== undefined && this.o.overwrite === 0) {
      // As an upload with overwrite 0 fails on an existing object, so does a download on a local file.
      await this.fail('download', rel, row.key, new WcsInvalidArgumentError(`${rel} exists locally and differs from ${row.key}: not replaced (overwrite 0).`), row.fsize);
      return;
    }
    const id = this.nextTaskId++;
    try {
      // A replaced file keeps its permissions (as rsync without -p): a private 0600 file stays private.
      const mode = stats === undefined ? undefined : Number(stats.mode & 0o7777n);
      await this.withRetries(() => this.downloadFile(row, abs, id, mode));
      const after = await stat(abs, { bigint: true });
      this.store.rememberEtag(identityOf(after), row.hash);
      this.summary.downloaded.files += 1;
      this.summary.downloaded.bytes += row.fsize;
      this.bytesDone += row.fsize;
      await this.emit({ type: 'downloaded', path: rel, key: row.key, size: row.fsize, hash: row.hash });
    } catch (error) {
      await this.fail('download', rel, row.key, error, row.fsize);
    } finally {
      this.inFlightBytes.delete(id);
    }
  }

  /**
   * GET `<downloadUrl>/<key>` into `.<name>.wcs-sync-part` beside the target (one fixed name, so
   * a run killed mid-download leaves one part file that the next run overwrites), then rename
   * over the target once the length and the etag equal the listed ones. Never a partial file
   * under the final name.
   */
  private async downloadFile(row: RemoteRow, abs: string, id: number, mode: number | undefined): Promise<void> {
    await mkdir(dirname(abs), { recursive: true });
    const temp = join(dirname(abs), partFileName(basename(abs)));
    const url = `${this.o.downloadUrl}/${row.key.split('/').map(encodeURIComponent).join('/')}`;
    // traffic_limit applies to downloads as to uploads (as `wcscmd get` and the sdk's download send it).
    const trafficLimit = this.ctx.config.trafficLimit;
    const headers = trafficLimit > 0 ? { [TRAFFIC_LIMIT_HEADER]: String(trafficLimit) } : {};
    const response = await this.ctx.http.stream({ method: 'GET', url, headers, idempotent: true, signal: this.signal });
    const hasher = new EtagHasher();
    let loaded = 0;
    const throttle = this.throttle;
    const signal = this.signal;
    const meter = new Transform({
      transform: (chunk: Buffer, _encoding, callback) => {
        hasher.update(chunk);
        loaded += chunk.length;
        this.inFlightBytes.set(id, loaded);
        throttle.charge(chunk.length);
        throttle.wait(signal).then(() => callback(null, chunk), callback);
      },
    });
    try {
      await pipeline(response.body, meter, createWriteStream(temp, { flags: 'w', flush: true, ...(mode === undefined ? {} : { mode }) }), { signal });
      if (loaded !== row.fsize) {
        throw new WcsIntegrityError(`download of ${row.key} is incomplete (${loaded} of ${row.fsize} bytes): run the sync again.`, { expected: String(row.fsize), actual: String(loaded) });
      }
      const etag = hasher.digest();
      if (etag !== row.hash) {
        throw new WcsIntegrityError(`download of ${row.key} does not match its listed etag: the object changed or the bytes were corrupted; run the sync again.`, { expected: row.hash, actual: etag });
      }
      // A part file left by an earlier run keeps the mode it was created with: set it.
      if (mode !== undefined) await chmod(temp, mode);
      await rename(temp, abs);
    } catch (error) {
      response.body.destroy();
      await unlink(temp).catch(() => undefined);
      throw toWcsError(error, `Download of ${row.key} failed`);
    }
  }

  // ---- deletions ----

  private async deletePhase(): Promise<void> {
    const o = this.o;
    if (o.direction === 'upload') {
      if (this.walkErrors > 0) {
        this.summary.deleteSkipped = `--delete disabled for this run: ${this.walkErrors} part${this.walkErrors === 1 ? '' : 's'} of ${o.localDir} could not be read, so what the source no longer has is unknown`;
        return;
      }
      for (const row of this.store.remoteRows(true)) {
        const rel = row.key.slice(o.prefix.length);
        // Only keys a local file could have been uploaded to: no file maps to `a//b`, so the
        // source cannot "no longer have" it (a download refuses it too).
        if (isLocalRelPath(rel) && o.include(rel)) this.store.addExtra(row.key, rel, row.fsize);
      }
    } else {
      for await (const entry of walk(o.localDir, { followSymlinks: o.followSymlinks, skipDirs: this.skipDirs })) {
        this.throwIfAborted();
        if (entry.kind === 'error') {
          this.walkErrors += 1;
          await this.fail('walk', entry.rel || '.', o.prefix + entry.rel, entry.error);
        } else if (entry.kind === 'part') {
          // Left by a killed download; this run holds the lock, so nobody is writing it.
          if (!o.dryRun) await unlink(entry.abs).catch(() => undefined);
        } else if (entry.kind === 'file') {
          const key = o.prefix + entry.rel;
          if (this.store.remote(key) === undefined && o.include(entry.rel)) this.store.addExtra(key, entry.rel, Number(entry.stats.size));
        }
      }
      if (this.walkErrors > 0) {
        this.summary.deleteSkipped = `--delete disabled for this run: ${this.walkErrors} part${this.walkErrors === 1 ? '' : 's'} of ${o.localDir} could not be read`;
        return;
      }
    }
    const count = this.store.extraCountNow();
    if (count > o.maxDelete) {
      this.summary.deleteSkipped = `--delete refused: ${count} files would be deleted, more than --max-delete ${o.maxDelete}; nothing was deleted (raise --max-delete to allow it)`;
      this.summary.deleteRefused = true;
      return;
    }
    const side = o.direction === 'upload' ? 'remote' : 'local';
    const pool = new TaskPool(o.transfers);
    try {
      for (const extra of this.store.extras()) {
        this.throwIfAborted();
        this.summary.planned.deletes += 1;
        await this.emit({ type: 'planned', action: 'delete', side, path: extra.path, key: extra.key, size: extra.size });
        if (o.dryRun) continue;
        await pool.run(async () => {
          try {
            if (side === 'remote') await this.withRetries(() => deleteObject(this.ctx, { bucket: o.bucket, key: extra.key, signal: this.signal }));
            else await unlink(join(o.localDir, ...extra.path.split('/')));
            this.summary.deleted.files += 1;
            this.summary.deleted.bytes += extra.size;
            await this.emit({ type: 'deleted', side, path: extra.path, key: extra.key });
          } catch (error) {
            await this.fail('delete', extra.path, extra.key, error, extra.size);
          }
        });
      }
    } finally {
      await pool.drain();
    }
  }
}
