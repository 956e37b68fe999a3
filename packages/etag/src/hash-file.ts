import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { inspect } from 'node:util';
import { createCodedError, throwIfAborted } from './abort.js';
import { hashBlocksInWorkers } from './block-worker.js';
import { BLOCK_SIZE, MAX_WORKERS, PARALLEL_THRESHOLD_BYTES } from './constants.js';
import { Crc64Hasher } from './crc64-hasher.js';
import { EtagHasher } from './etag-hasher.js';
import { readChunks, type ByteSource } from './stream-chunks.js';

/** Options for hashing a file by path. */
export interface HashFileOptions {
  /** Cancels the hashing; the promise rejects with an Error named `AbortError` (code `ABORT_ERR`). */
  signal?: AbortSignal;
  /**
   * Threads hashing the 4 MiB blocks of a regular file: the calling thread plus worker threads.
   * - omitted: automatic; files over 64 MiB use min(os.availableParallelism(), 8) threads,
   *   smaller files are hashed inline (a worker's start-up would cost more than it saves);
   * - `true`: always use the automatic thread count; `false`, `0` or `1`: always inline;
   * - an integer n ≥ 2: n threads (n − 1 workers), capped by the number of blocks.
   * Non-regular files (pipes, devices) are always read sequentially, inline.
   */
  parallel?: boolean | number;
}

/** Options for hashing a stream. */
export interface HashStreamOptions {
  /** Cancels the hashing, also while waiting for the next chunk. */
  signal?: AbortSignal;
}

export interface HashSelection {
  etag: boolean;
  crc64: boolean;
}

export interface HashFileResult {
  etag?: string;
  crc64?: string;
  /** Worker threads started: 0 when hashed inline. Exposed for tests and benchmarks. */
  workers: number;
}

/** Hashing lanes (threads, the calling one included) for a file; below 2 means inline. */
function resolveLanes(parallel: HashFileOptions['parallel'], size: number): number {
  const blocks = Math.ceil(size / BLOCK_SIZE);
  if (blocks === 0 || parallel === false || parallel === 0) return 0;
  const automatic = Math.min(availableParallelism(), MAX_WORKERS, blocks);
  if (parallel === undefined) return size > PARALLEL_THRESHOLD_BYTES && automatic > 1 ? automatic : 0;
  if (parallel === true) return automatic;
  return Math.min(parallel, blocks);
}

function validateParallel(parallel: unknown): void {
  if (parallel === undefined || typeof parallel === 'boolean') return;
  if (typeof parallel !== 'number' || !Number.isInteger(parallel) || parallel < 0) {
    throw createCodedError(
      'ERR_OUT_OF_RANGE',
      `The "parallel" option must be a boolean or a non-negative integer; received ${inspect(parallel)}`,
      RangeError,
    );
  }
}

/**
 * Hashes a file by path: open → fstat → inline or parallel. File system errors (ENOENT, EACCES,
 * EISDIR, …) propagate unchanged, as Node raised them.
 */
export async function hashFile(path: string, want: HashSelection, options: HashFileOptions = {}): Promise<HashFileResult> {
  const { signal, parallel } = options;
  validateParallel(parallel);
  throwIfAborted(signal);
  const handle = await open(path, 'r');
  try {
    const stats = await handle.stat();
    const lanes = stats.isFile() ? resolveLanes(parallel, stats.size) : 0;
    if (lanes >= 2) return await hashBlocksInWorkers({ handle, size: stats.size, ...want, lanes, signal });
    // Sequential reads until EOF (not until stat's size), so pipes and devices work too.
    const etag = want.etag ? new EtagHasher() : undefined;
    const crc = want.crc64 ? new Crc64Hasher() : undefined;
    const buffer = Buffer.allocUnsafeSlow(Math.min(BLOCK_SIZE, Math.max(stats.isFile() ? stats.size : BLOCK_SIZE, 1)));
    for (;;) {
      throwIfAborted(signal);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      // Hashers copy what they need synchronously, so the buffer can be reused for the next read.
      const chunk = buffer.subarray(0, bytesRead);
      etag?.update(chunk);
      crc?.update(chunk);
    }
    return { ...(etag && { etag: etag.digest() }), ...(crc && { crc64: crc.digest() }), workers: 0 };
  } finally {
    await handle.close();
  }
}

/** Hashes a byte stream in one pass with whichever hashers are selected. */
export async function hashStream(source: ByteSource, want: HashSelection, options: HashStreamOptions = {}): Promise<Omit<HashFileResult, 'workers'>> {
  const etag = want.etag ? new EtagHasher() : undefined;
  const crc = want.crc64 ? new Crc64Hasher() : undefined;
  for await (const chunk of readChunks(source, options.signal)) {
    etag?.update(chunk);
    crc?.update(chunk);
  }
  return { ...(etag && { etag: etag.digest() }), ...(crc && { crc64: crc.digest() }) };
}
