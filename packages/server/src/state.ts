import { unlink } from 'node:fs/promises';
import type { CredentialMap } from './auth/verify.js';
import type { EtagHasher } from './hash/etag.js';
import type { ObjectStore } from './store/object-store.js';
import type { JobManager } from './jobs.js';

/** One multipart-upload block being built by mkblk/bput (wcs-api.md §4.2). */
export interface BlockState {
  id: string;
  accessKey: string;
  bucket: string;
  blockSize: number;
  order: number;
  /** Bytes of the block received so far (the offset the next chunk must start at). */
  offset: number;
  path: string;
  /**
   * Etag state of the block's stored bytes [0, offset): SHA-1 per 4 MiB from the block start.
   * Blocks other than the last are 4 MiB multiples, so mkfile gets the object's etag from these
   * digests in block order without reading the bytes again.
   */
  etag: EtagHasher;
  /** A write is in progress: a concurrent chunk for the same block is refused. */
  busy: boolean;
  /** Server time (ms) of the last chunk; the block expires `blockTtlMs` after it. */
  touchedAt: number;
}

/** Everything route handlers share. */
export interface ServerState {
  store: ObjectStore;
  credentials: CredentialMap;
  now: () => number;
  jobDelayMs: number;
  /** Server-private secret that signs multipart ctx values. */
  ctxSecret: Buffer;
  blocks: Map<string, BlockState>;
  /** How long a block waits for its mkfile before it is purged. */
  blockTtlMs: number;
  jobs: JobManager;
  objectUrl: (bucket: string, key: string) => string;
  /** Per bucket, per day (yyyy-mm-dd), per statistic type: counters for /bucket/statistics. */
  counters: Map<string, number>;
  /** Background work (callbacks, notifications) close() waits for. */
  track<T>(p: Promise<T>): Promise<T>;
  closing: boolean;
}

export function bumpCounter(state: ServerState, bucket: string, type: string, by = 1): void {
  const day = new Date(state.now()).toISOString().slice(0, 10);
  const k = `${bucket}\0${day}\0${type}`;
  state.counters.set(k, (state.counters.get(k) ?? 0) + by);
}

/** Drops the blocks no mkfile used within the TTL, with their files. */
export function purgeExpiredBlocks(state: ServerState): Promise<unknown> {
  const now = state.now();
  const doomed: BlockState[] = [];
  for (const b of state.blocks.values()) {
    if (!b.busy && now - b.touchedAt > state.blockTtlMs) doomed.push(b);
  }
  for (const b of doomed) state.blocks.delete(b.id);
  return Promise.allSettled(doomed.map((b) => unlink(b.path)));
}
