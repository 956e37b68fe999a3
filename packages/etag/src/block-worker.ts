import { Worker } from 'node:worker_threads';
import { createAbortError, createCodedError } from './abort.js';
import { BLOCK_SIZE, BLOCKS_IN_FLIGHT_PER_WORKER } from './constants.js';
import { crc64CombineWith, crc64ShiftOperator } from './crc64-hasher.js';
import { EtagDigestCombiner } from './etag-hasher.js';

// The worker body is plain JavaScript run with `eval: true`: under jest our sources are
// TypeScript loaded through ts-jest, and a worker thread cannot load a `.ts` file, so a worker
// file would work from dist but not from source. As a string it behaves identically in both.
// It uses only node: built-ins. The CRC kernel duplicates crc64-hasher.ts (same tables, same
// slicing-by-8 loop); test/vectors.test.ts checks the two agree through forced-parallel runs.
//
// Protocol: workerData = { fd, size, blockSize, sha1, crc }. The main thread owns the fd (so a
// terminated worker leaks nothing) and posts block indices; the worker reads that block with
// positioned reads into its own reusable buffer and answers { index, sha1?, crcLo?, crcHi? }
// or { index, error }.
const WORKER_SOURCE = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { readSync } = require('node:fs');
const { createHash } = require('node:crypto');
const { fd, size, blockSize, sha1, crc } = workerData;
const buffer = Buffer.allocUnsafeSlow(blockSize);
const L = new Uint32Array(2048);
const H = new Uint32Array(2048);
if (crc) {
  for (let n = 0; n < 256; n++) {
    let l = n, h = 0;
    for (let bit = 0; bit < 8; bit++) {
      const carry = l & 1;
      l = (l >>> 1) | (h << 31);
      h = h >>> 1;
      if (carry) { l ^= 0xd7870f42; h ^= 0xc96c5795; }
    }
    L[n] = l; H[n] = h;
  }
  for (let k = 1; k < 8; k++) {
    for (let n = 0; n < 256; n++) {
      const pl = L[(k - 1) * 256 + n], ph = H[(k - 1) * 256 + n], idx = pl & 0xff;
      L[k * 256 + n] = L[idx] ^ ((pl >>> 8) | (ph << 24));
      H[k * 256 + n] = H[idx] ^ (ph >>> 8);
    }
  }
}
function crc64(chunk) {
  let lo = 0xffffffff, hi = 0xffffffff, i = 0;
  const n = chunk.length;
  for (const end = n - 7; i < end; i += 8) {
    const a = lo ^ (chunk[i] | (chunk[i + 1] << 8) | (chunk[i + 2] << 16) | (chunk[i + 3] << 24));
    const b = hi ^ (chunk[i + 4] | (chunk[i + 5] << 8) | (chunk[i + 6] << 16) | (chunk[i + 7] << 24));
    lo = L[1792 + (a & 0xff)] ^ L[1536 + ((a >>> 8) & 0xff)] ^ L[1280 + ((a >>> 16) & 0xff)] ^ L[1024 + (a >>> 24)] ^
         L[768 + (b & 0xff)] ^ L[512 + ((b >>> 8) & 0xff)] ^ L[256 + ((b >>> 16) & 0xff)] ^ L[b >>> 24];
    hi = H[1792 + (a & 0xff)] ^ H[1536 + ((a >>> 8) & 0xff)] ^ H[1280 + ((a >>> 16) & 0xff)] ^ H[1024 + (a >>> 24)] ^
         H[768 + (b & 0xff)] ^ H[512 + ((b >>> 8) & 0xff)] ^ H[256 + ((b >>> 16) & 0xff)] ^ H[b >>> 24];
  }
  for (; i < n; i++) {
    const idx = (lo ^ chunk[i]) & 0xff;
    lo = L[idx] ^ ((lo >>> 8) | (hi << 24));
    hi = H[idx] ^ (hi >>> 8);
  }
  return [(lo ^ 0xffffffff) >>> 0, (hi ^ 0xffffffff) >>> 0];
}
parentPort.on('message', (index) => {
  try {
    const start = index * blockSize;
    const length = Math.min(blockSize, size - start);
    let filled = 0;
    while (filled < length) {
      const n = readSync(fd, buffer, filled, length - filled, start + filled);
      if (n === 0) {
        const error = new Error('file shrank while it was being hashed');
        error.code = 'ERR_FILE_CHANGED';
        throw error;
      }
      filled += n;
    }
    const block = buffer.subarray(0, length);
    const result = { index };
    if (sha1) result.sha1 = createHash('sha1').update(block).digest();
    if (crc) [result.crcLo, result.crcHi] = crc64(block);
    parentPort.postMessage(result);
  } catch (e) {
    parentPort.postMessage({ index, error: { message: String(e && e.message), code: e && e.code, errno: e && e.errno, syscall: e && e.syscall } });
  }
});
`;

interface BlockMessage {
  index: number;
  sha1?: Uint8Array;
  crcLo?: number;
  crcHi?: number;
  error?: { message: string; code?: string; errno?: number; syscall?: string };
}

export interface ParallelHashRequest {
  /** An open file descriptor owned by the caller, who closes it after this resolves or rejects. */
  fd: number;
  /** Size in bytes, from fstat; blocks past it are not read. */
  size: number;
  etag: boolean;
  crc64: boolean;
  workers: number;
  signal?: AbortSignal | undefined;
}

export interface ParallelHashResult {
  etag?: string;
  crc64?: string;
}

function toError(error: NonNullable<BlockMessage['error']>): Error {
  return Object.assign(new Error(error.message), {
    ...(error.code === undefined ? {} : { code: error.code }),
    ...(error.errno === undefined ? {} : { errno: error.errno }),
    ...(error.syscall === undefined ? {} : { syscall: error.syscall }),
  });
}

/**
 * Hashes the 4 MiB blocks of an open file across worker threads and combines the per-block
 * SHA-1 digests and CRCs in block order. At most `workers × BLOCKS_IN_FLIGHT_PER_WORKER` blocks
 * are outstanding, so the reorder buffer is bounded; memory is one block buffer per worker.
 * Workers are always terminated before this settles, on success, error and abort alike.
 */
export async function hashBlocksInWorkers(request: ParallelHashRequest): Promise<ParallelHashResult> {
  const { fd, size, signal } = request;
  const blockCount = Math.ceil(size / BLOCK_SIZE);
  if (signal?.aborted) throw createAbortError(signal);
  if (blockCount === 0) throw createCodedError('ERR_INVALID_ARG_VALUE', 'hashBlocksInWorkers needs at least one block');
  const workerCount = Math.max(1, Math.min(request.workers, blockCount));
  const combiner = new EtagDigestCombiner();
  const fullBlockShift = crc64ShiftOperator(BLOCK_SIZE);
  let crc = 0n; // CRC of the empty prefix; combining with it is the identity.
  const workers: Worker[] = [];
  const pending = new Map<number, BlockMessage>();
  let nextToSend = 0;
  let nextToCombine = 0;

  try {
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      function fail(error: unknown): void {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        reject(error);
      }
      function onAbort(): void {
        fail(createAbortError(signal));
      }
      function finish(): void {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }
      signal?.addEventListener('abort', onAbort, { once: true });

      const onMessage = (worker: Worker, message: BlockMessage): void => {
        if (settled) return;
        if (message.error) {
          fail(toError(message.error));
          return;
        }
        pending.set(message.index, message);
        for (let ready = pending.get(nextToCombine); ready; ready = pending.get(nextToCombine)) {
          pending.delete(nextToCombine);
          if (request.etag) combiner.push(ready.sha1!);
          if (request.crc64) {
            const blockCrc = (BigInt(ready.crcHi!) << 32n) | BigInt(ready.crcLo!);
            const length = Math.min(BLOCK_SIZE, size - nextToCombine * BLOCK_SIZE);
            const shift = length === BLOCK_SIZE ? fullBlockShift : crc64ShiftOperator(length);
            crc = crc64CombineWith(shift, crc, blockCrc);
          }
          nextToCombine++;
        }
        if (nextToCombine === blockCount) {
          finish();
          return;
        }
        if (nextToSend < blockCount) worker.postMessage(nextToSend++);
      };

      for (let w = 0; w < workerCount; w++) {
        const worker = new Worker(WORKER_SOURCE, {
          eval: true,
          workerData: { fd, size, blockSize: BLOCK_SIZE, sha1: request.etag, crc: request.crc64 },
          // Hashing needs no stdio; don't tie the workers' streams to ours.
          stdout: false,
          stderr: false,
        });
        workers.push(worker);
        worker.on('message', (message: BlockMessage) => onMessage(worker, message));
        worker.on('error', fail);
        worker.on('exit', (code) => {
          fail(createCodedError('ERR_WORKER_EXITED', `etag worker exited early with code ${code}`));
        });
        for (let q = 0; q < BLOCKS_IN_FLIGHT_PER_WORKER && nextToSend < blockCount; q++) {
          worker.postMessage(nextToSend++);
        }
      }
    });
  } finally {
    // Wait for every thread to stop before the caller closes the fd the workers read from.
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  const result: ParallelHashResult = {};
  if (request.etag) result.etag = combiner.digest();
  if (request.crc64) result.crc64 = crc.toString();
  return result;
}
