import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import type { Worker } from 'node:worker_threads';
import { createAbortError, createCodedError } from './abort.js';
import { BLOCK_SIZE, BLOCKS_IN_FLIGHT_PER_WORKER, READ_SLICE_BYTES } from './constants.js';
import { Crc64Hasher, crc64CombineWith, crc64ShiftOperator } from './crc64-hasher.js';
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
const { fd, size, blockSize, sliceSize, sha1, crc } = workerData;
const buffer = Buffer.allocUnsafeSlow(sliceSize);
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
function crc64(chunk, lo, hi) {
  let i = 0;
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
  return [lo, hi];
}
parentPort.on('message', (index) => {
  try {
    const start = index * blockSize;
    const length = Math.min(blockSize, size - start);
    const hash = sha1 ? createHash('sha1') : undefined;
    let lo = 0xffffffff, hi = 0xffffffff;
    for (let done = 0; done < length; ) {
      const n = readSync(fd, buffer, 0, Math.min(sliceSize, length - done), start + done);
      if (n === 0) {
        const error = new Error('file shrank while it was being hashed');
        error.code = 'ERR_FILE_CHANGED';
        throw error;
      }
      const slice = n === buffer.length ? buffer : buffer.subarray(0, n);
      if (hash) hash.update(slice);
      if (crc) [lo, hi] = crc64(slice, lo, hi);
      done += n;
    }
    const result = { index };
    if (hash) result.sha1 = hash.digest();
    if (crc) { result.crcLo = (lo ^ 0xffffffff) >>> 0; result.crcHi = (hi ^ 0xffffffff) >>> 0; }
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

interface BlockResult {
  index: number;
  sha1?: Uint8Array | undefined;
  crc?: bigint | undefined;
}

export interface ParallelHashRequest {
  /** An open file owned by the caller, who closes it after this settles. */
  handle: FileHandle;
  /** Size in bytes, from fstat; blocks past it are not read. */
  size: number;
  etag: boolean;
  crc64: boolean;
  /** Hashing lanes: the calling thread plus `lanes - 1` worker threads. At least 2. */
  lanes: number;
  signal?: AbortSignal | undefined;
}

export interface ParallelHashResult {
  etag?: string;
  crc64?: string;
  /** Worker threads started. */
  workers: number;
}

function toError(error: NonNullable<BlockMessage['error']>): Error {
  return Object.assign(new Error(error.message), {
    ...(error.code === undefined ? {} : { code: error.code }),
    ...(error.errno === undefined ? {} : { errno: error.errno }),
    ...(error.syscall === undefined ? {} : { syscall: error.syscall }),
  });
}

/**
 * Hashes the 4 MiB blocks of an open file on several threads and combines the per-block SHA-1
 * digests and CRCs in block order.
 *
 * The calling thread is one of the lanes: it starts hashing at once, while the workers are
 * still booting (~25 ms each), and on a 2-core machine it saves starting a second worker. It
 * reads asynchronously and yields between 256 KiB slices, so its event loop stalls for well
 * under a millisecond at a time.
 *
 * At most `workers × BLOCKS_IN_FLIGHT_PER_WORKER + 1` blocks are outstanding, so the reorder
 * buffer is bounded; memory is one slice buffer per thread. Workers are always terminated
 * before this settles, on success, error and abort alike.
 */
export async function hashBlocksInWorkers(request: ParallelHashRequest): Promise<ParallelHashResult> {
  const { handle, size, signal } = request;
  const blockCount = Math.ceil(size / BLOCK_SIZE);
  if (signal?.aborted) throw createAbortError(signal);
  if (blockCount === 0) throw createCodedError('ERR_INVALID_ARG_VALUE', 'hashBlocksInWorkers needs at least one block');
  const workerCount = Math.max(1, Math.min(request.lanes - 1, blockCount - 1));
  // Imported here, not at the top: importing the package (every upload does, for the etag) does
  // not load the worker machinery that only hashing a large file uses.
  const { Worker } = await import('node:worker_threads');
  const combiner = new EtagDigestCombiner();
  const fullBlockShift = crc64ShiftOperator(BLOCK_SIZE);
  let crc = 0n; // CRC of the empty prefix; combining with it is the identity.
  const workers: Worker[] = [];
  const pending = new Map<number, BlockResult>();
  let nextToSend = 0;
  let nextToCombine = 0;

  try {
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      function fail(error: Error): void {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        reject(error);
      }
      function onAbort(): void {
        fail(createAbortError(signal));
      }
      signal?.addEventListener('abort', onAbort, { once: true });

      function deliver(result: BlockResult): void {
        if (settled) return;
        pending.set(result.index, result);
        for (let ready = pending.get(nextToCombine); ready; ready = pending.get(nextToCombine)) {
          pending.delete(nextToCombine);
          if (request.etag) combiner.push(ready.sha1!);
          if (request.crc64) {
            const length = Math.min(BLOCK_SIZE, size - nextToCombine * BLOCK_SIZE);
            const shift = length === BLOCK_SIZE ? fullBlockShift : crc64ShiftOperator(length);
            crc = crc64CombineWith(shift, crc, ready.crc!);
          }
          nextToCombine++;
        }
        if (nextToCombine === blockCount) {
          settled = true;
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }
      }

      for (let w = 0; w < workerCount; w++) {
        const worker = new Worker(WORKER_SOURCE, {
          eval: true,
          workerData: { fd: handle.fd, size, blockSize: BLOCK_SIZE, sliceSize: READ_SLICE_BYTES, sha1: request.etag, crc: request.crc64 },
          // Hashing needs no stdio; don't tie the workers' streams to ours.
          stdout: false,
          stderr: false,
        });
        workers.push(worker);
        worker.on('message', (message: BlockMessage) => {
          if (message.error) {
            fail(toError(message.error));
            return;
          }
          const crcOfBlock = message.crcLo === undefined ? undefined : (BigInt(message.crcHi!) << 32n) | BigInt(message.crcLo);
          deliver({ index: message.index, sha1: message.sha1, crc: crcOfBlock });
          if (!settled && nextToSend < blockCount) worker.postMessage(nextToSend++);
        });
        worker.on('error', fail);
        worker.on('exit', (code) => {
          fail(createCodedError('ERR_WORKER_EXITED', `etag worker exited early with code ${code}`));
        });
        for (let q = 0; q < BLOCKS_IN_FLIGHT_PER_WORKER && nextToSend < blockCount; q++) {
          worker.postMessage(nextToSend++);
        }
      }

      const isSettled = (): boolean => settled;
      void (async () => {
        // Two slice buffers: the next read runs on libuv's pool while this thread hashes.
        const buffers = [Buffer.allocUnsafeSlow(READ_SLICE_BYTES), Buffer.allocUnsafeSlow(READ_SLICE_BYTES)] as const;
        while (!isSettled() && nextToSend < blockCount) {
          const index = nextToSend++;
          const start = index * BLOCK_SIZE;
          const length = Math.min(BLOCK_SIZE, size - start);
          const hash = request.etag ? createHash('sha1') : undefined;
          const crcHasher = request.crc64 ? new Crc64Hasher() : undefined;
          let requested = Math.min(READ_SLICE_BYTES, length);
          let reading = handle.read(buffers[0], 0, requested, start);
          for (let done = 0, turn = 0; done < length; turn ^= 1) {
            const { bytesRead, buffer } = await reading;
            if (isSettled()) return;
            if (bytesRead === 0) throw createCodedError('ERR_FILE_CHANGED', 'file shrank while it was being hashed');
            done += bytesRead;
            if (done < length) {
              requested = Math.min(READ_SLICE_BYTES, length - done);
              reading = handle.read(turn === 0 ? buffers[1] : buffers[0], 0, requested, start + done);
            }
            const slice = buffer.subarray(0, bytesRead);
            hash?.update(slice);
            crcHasher?.update(slice);
          }
          deliver({ index, sha1: hash?.digest(), crc: crcHasher?.digestBigInt() });
        }
      })().catch(fail);
    });
  } finally {
    // Wait for every thread to stop before the caller closes the fd the workers read from.
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  const result: ParallelHashResult = { workers: workerCount };
  if (request.etag) result.etag = combiner.digest();
  if (request.crc64) result.crc64 = crc.toString();
  return result;
}
