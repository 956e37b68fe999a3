/** A local directory. */
export interface LocalLocation {
  kind: 'local';
  /** Path of the directory (resolved against the process's working directory). */
  path: string;
}

/** A bucket and a key prefix, which names a folder: `photos` is `photos/` (never `photos2/a`). */
export interface RemoteLocation {
  kind: 'remote';
  bucket: string;
  /** Key prefix; '' = the whole bucket; a trailing `/` is implied. Keys are the prefix, `/`, and the relative path. */
  prefix: string;
}

export type SyncLocation = LocalLocation | RemoteLocation;

/** Options of a sync run. Sizes are bytes; every option has a default. */
export interface SyncOptions {
  /** Print and report the plan only: no upload, download or delete is sent or done. Listing and local hashing still happen. */
  dryRun?: boolean | undefined;
  /** Remove from the destination what the source no longer has (after both sides were listed without error). */
  delete?: boolean | undefined;
  /** Above this many deletions nothing is deleted and the run counts as failed. Default 1000. */
  maxDelete?: number | undefined;
  /** Same size = same file (no etag comparison, no hashing). */
  sizeOnly?: boolean | undefined;
  /** Transfer every file, even when the destination has the same one. */
  force?: boolean | undefined;
  /** Re-hash every local file, ignoring the etag cache (for files changed in place with their mtime restored). */
  checksum?: boolean | undefined;
  /**
   * Filter rules in order, rsync-like: the first rule whose glob matches the relative path
   * decides; a path no rule matches is included. Globs are picomatch globs; one without a `/`
   * also matches the file's base name at any depth.
   */
  filters?: ReadonlyArray<{ type: 'include' | 'exclude'; pattern: string }> | undefined;
  /** Files smaller than this are left out. */
  minSize?: number | undefined;
  /** Files larger than this are left out. */
  maxSize?: number | undefined;
  /** Files in flight. Default 4. */
  transfers?: number | undefined;
  /**
   * Client-side limit in bytes per second on the run's average transfer rate; 0 = none.
   * Downloads are paced byte by byte; uploads are paced between files (the upload package reads
   * the file itself), so one large file's blocks go at full speed and the next transfer waits.
   */
  bwlimitBytesPerSecond?: number | undefined;
  /** Follow symbolic links (with loop detection). Default false: links are reported as skipped. */
  followSymlinks?: boolean | undefined;
  /**
   * Upload policy `overwrite` (as `put`). Default 1: a changed file replaces the object (upload)
   * or the local file (download); 0: a changed file fails instead, in either direction.
   */
  overwrite?: 0 | 1 | undefined;
  /** Files above this size go by resumable multipart upload. Default 20 MiB (as smartUpload). */
  multiputThresholdBytes?: number | undefined;
  /**
   * Download direction: base URL of the bucket's download domain; an object is fetched from
   * `<downloadUrl>/<key, each segment percent-encoded>` (wcs-api.md §9). Required to download.
   */
  downloadUrl?: string | undefined;
  /** Where the etag cache and the run state live. Default `~/.wcs/sync` (created 0700). */
  stateDir?: string | undefined;
  /** Interval of `progress` events, ms. Default 1000; 0 = none. */
  progressIntervalMs?: number | undefined;
  signal?: AbortSignal | undefined;
}

/** Why a file is transferred. */
/** Input of `sync`: where from, where to (one local directory, one remote prefix), and the options. */
export interface SyncParams extends SyncOptions {
  /** Source: `{ kind: 'local', path }` to upload, `{ kind: 'remote', bucket, prefix }` to download. */
  from: SyncLocation;
  /** Destination: the other kind of location. */
  to: SyncLocation;
}

export type PlanReason = 'new' | 'size' | 'etag' | 'force';

export type SyncEvent =
  | { type: 'planned'; action: 'upload' | 'download'; path: string; key: string; size: number; reason: PlanReason }
  | { type: 'planned'; action: 'delete'; side: 'remote' | 'local'; path: string; key: string; size: number }
  | { type: 'skipped'; path: string; key: string; reason: 'same' | 'symlink' }
  | { type: 'uploaded'; path: string; key: string; size: number; hash: string; resumedBlocks: number }
  | { type: 'downloaded'; path: string; key: string; size: number; hash: string }
  | { type: 'deleted'; side: 'remote' | 'local'; path: string; key: string }
  | { type: 'failed'; action: 'upload' | 'download' | 'delete' | 'walk' | 'list' | 'hash'; path: string; key: string; code: string; message: string }
  | { type: 'progress'; elapsedMs: number; filesDone: number; bytesDone: number; filesPlanned: number; bytesPlanned: number; scanned: number }
  | { type: 'summary'; summary: SyncSummary };

/** What a run did. Bytes are content bytes. */
export interface SyncSummary {
  direction: 'upload' | 'download';
  dryRun: boolean;
  uploaded: { files: number; bytes: number };
  downloaded: { files: number; bytes: number };
  skipped: { files: number; bytes: number };
  deleted: { files: number; bytes: number };
  failed: { files: number; bytes: number };
  /** Files planned for transfer (the dry-run plan). */
  planned: { files: number; bytes: number; deletes: number };
  /** Local files whose etag came from the cache, and files hashed in this run. */
  cacheHits: number;
  hashed: number;
  /** Set when `delete` was asked for and did not happen: why (listing error, over maxDelete). */
  deleteSkipped?: string | undefined;
  /** True when the deletions were refused for exceeding `maxDelete` (the run counts as failed). */
  deleteRefused?: boolean | undefined;
  elapsedMs: number;
}
