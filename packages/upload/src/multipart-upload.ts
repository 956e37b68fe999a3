import { open, stat, type FileHandle } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import {
  BLOCK_SIZE_BYTES,
  WcsAbortError,
  WcsIntegrityError,
  WcsInvalidArgumentError,
  WcsResumeRecordError,
  WcsServiceError,
  toWcsError,
  type WcsContext,
} from '@wcs/core';
import { etagOfBlockDigests } from '@wcs/etag';
import { BlockDigests } from './block-digests.js';
import { planBlocks, planChunks, readExactly, resolvePartSizes, type BlockPlan } from './chunker.js';
import { BlockRestart, createBlockSender, multipartResult, sendBlockChunk } from './block-sender.js';
import { BlockRecordWriter } from './resumable/block-record-writer.js';
import { LEGACY_RECORD_VERSION, RECORD_VERSION, recordKeyOf, type RecordKeyInput } from './resumable/record-key.js';
import { RecordStore, describeRecordMismatch, refusal, type BlockRecord, type ResumeRecord } from './resumable/record-store.js';
import { checkParams } from './check-params.js';
import { checkDays, checkFilePath, checkTarget, checkUploadOptions, simpleUpload } from './simple-upload.js';
import { createUploadId, isValidUploadId } from './upload-id.js';
import type { MultipartUploadOptions, MultipartUploadParams, MultipartUploadResult } from './upload-options.js';

/**
 * Resumable multipart upload of a file: `mkblk`/`bput` per block, then one `mkfile`
 * (wcs-api.md §4.2, §11.6).
 *
 * - Sizes: `blockSizeBytes` (default `config.blockSizeBytes`, 4 MiB) must be a positive multiple
 *   of 4 MiB; `chunkSizeBytes` (default `config.bputSizeBytes`) is capped to the block. Up to
 *   `concurrency` blocks (default `config.concurrency`, 8; 0 = one at a time) go in parallel;
 *   the chunks of a block go in order.
 * - Retries: each mkblk, bput and mkfile has `config.mkblkRetries` / `bputRetries` /
 *   `mkfileRetries` extra attempts with exponential backoff, for network errors, timeouts, 408,
 *   429 and 5xx except 579, and for a chunk whose `crc32` answer differs from the bytes sent; a
 *   701 (lost ctx) restarts the block from mkblk (at most `mkblkRetries` times). Other 4xx fail at once.
 * - Integrity: the etag is computed from the bytes as they are read for sending (no second
 *   pass) and must equal the `hash` mkfile returns.
 * - Record folder: `recordFolder` (default `config.recordFolder`, `~/.wcs/multipart`) is created
 *   0700; a folder (or an upload's subfolder) that is a symlink, belongs to another user or is
 *   writable by group or others is refused (`WcsResumeRecordError` with reason `unsafe-folder`).
 *   Record files are written through temporaries with random names, created exclusively and
 *   never through a symlink.
 * - Resume: progress is saved to `<recordFolder>/<uploadId>/`: a header written once
 *   (`record.json`) and one small file per block (`block-<n>.json`), so saving costs the same
 *   whatever the file size (folders 0700, files 0600, temp file + fsync + rename). Saves are
 *   group-committed off the request path (one background writer, latest state per block), so
 *   the record may trail the service by the writes pending but never leads it; it is complete
 *   before mkfile and when the call returns. Records of the old single-file format are refused
 *   by name. With `uploadId` (or `config.uploadId`) that record is resumed; otherwise, with
 *   `resume: 'auto'` (default), a record of the same file path, target and sizes is found through
 *   `<recordFolder>/auto-<sha256>.json`. A record whose file size or mtime, target, sizes or
 *   format differ, or that is corrupt, is refused with `WcsResumeRecordError` naming the
 *   difference, or replaced by a fresh start when `restartOnMismatch` is true. Finished blocks
 *   are not sent again; a half-sent block continues from its saved ctx and offset; a block state
 *   the plan cannot produce (an offset off a chunk boundary) restarts that block. Finished blocks
 *   are read once more and checked against the SHA-1s recorded when they were sent, so a file
 *   changed in place (size and mtime restored) sends those blocks again. Every
 *   `WcsResumeRecordError` has a typed `reason`. The record is deleted once mkfile succeeded, and
 *   also when mkfile answers 701 (the service no longer has the blocks, e.g. purged after about a
 *   month, §4.2): that run fails with `WcsResumeRecordError` and the next one starts afresh.
 * - An empty file goes by normal upload (mkblk cannot carry 0 bytes; §12.20); `uploadId` is then `''`.
 * - Tokens: a fresh upload token is minted for the next request when the current one is within
 *   a quarter of its lifetime (at most 10 minutes) of `config.tokenDeadlineSeconds`, so an upload
 *   may outlive one token (not when `policy.deadline` fixes the deadline).
 * - Headers: `Authorization` = the bare upload token, `UploadBatch` = upload id, `Key` =
 *   b64u(key), `x-wos-traffic-limit` when set; mkfile adds `MimeType` and `Deadline`, and
 *   `x:` variables as `/x:<name>/<b64u(value)>` path segments.
 *
 * @param ctx from `createWcsContext(config)` (`@wcs/core`); the upload host is `config.putUrl`
 * @param params `file`, `bucket`, `key` (default: the file's basename), `uploadId` to resume, and the {@link MultipartUploadOptions}
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for bad sizes, concurrency or upload id, before any request
 * @throws WcsResumeRecordError (`ERR_WCS_RESUME_RECORD`) for an unknown upload id, a record that is corrupt or does not match,
 *   or when mkfile answers 701 (record deleted)
 * @throws WcsServiceError (`ERR_WCS_SERVICE`) for a non-retryable answer or when retries are exhausted
 * @throws WcsNetworkError (`ERR_WCS_NETWORK`) / WcsTimeoutError (`ERR_WCS_TIMEOUT`) when retries are exhausted
 * @throws WcsIntegrityError (`ERR_WCS_INTEGRITY`) when the stored etag differs from the local one
 * @throws WcsAbortError (`ERR_WCS_ABORTED`) when `params.signal` aborts; the record is kept for a resume
 * @example
 * const result = await multipartUpload(ctx, {
 *   file: './big.iso',
 *   bucket: 'isos',
 *   onUploadId: (id) => console.error(`upload id: ${id}`),
 *   onProgress: (p) => console.error(`${p.loaded}/${p.total}`),
 * });
 */
export async function multipartUpload(ctx: WcsContext, params: MultipartUploadParams): Promise<MultipartUploadResult> {
  checkParams(params, 'multipartUpload(ctx, { file, bucket, key?, uploadId?, ...options })');
  checkTarget(params);
  checkFilePath(params.file);
  checkUploadOptions(params);
  const { file: filePath, bucket, key: givenKey, ...options } = params;
  const target = { bucket };
  const { config } = ctx;
  const sizes = resolvePartSizes(options.blockSizeBytes ?? config.blockSizeBytes, options.chunkSizeBytes ?? config.bputSizeBytes);
  const concurrency = options.concurrency ?? config.concurrency;
  if (!Number.isSafeInteger(concurrency) || concurrency < 0) {
    throw new WcsInvalidArgumentError(`concurrency must be a whole number, 0 or more; got ${String(concurrency)}.`);
  }
  const explicitId = options.uploadId ?? (config.uploadId !== '' ? config.uploadId : undefined);
  if (explicitId !== undefined && !isValidUploadId(explicitId)) {
    throw new WcsInvalidArgumentError('The upload id must be 1 to 128 characters of A-Z a-z 0-9 - _.');
  }
  if (options.deadlineDays !== undefined) checkDays(options.deadlineDays);
  const path = resolve(filePath);
  const key = givenKey ?? basename(path);
  throwIfAborted(options.signal);

  let fileStat;
  try {
    fileStat = await stat(path);
  } catch (cause) {
    throw new WcsInvalidArgumentError(`Cannot upload ${filePath}: ${(cause as Error).message}.`, { cause });
  }
  if (!fileStat.isFile()) throw new WcsInvalidArgumentError(`Cannot upload ${filePath}: it is not a regular file.`);
  if (fileStat.size === 0) {
    // mkblk needs a non-empty chunk and py3 fails on 0 blocks (wcs-api.md §4.2, §12.20): an empty file goes by normal upload.
    const result = await simpleUpload(ctx, { ...options, source: path, bucket: target.bucket, key });
    return { ...result, uploadId: '', resumedBlocks: 0 };
  }

  const blocks = planBlocks(fileStat.size, sizes.blockSizeBytes);
  const identity = { path, size: fileStat.size, mtimeMs: fileStat.mtimeMs };
  const expectation = { file: identity, bucket: target.bucket, key, ...sizes, blockCount: blocks.length };
  const store = new RecordStore(options.recordFolder ?? config.recordFolder);
  await store.ensureFolder();
  const keyInput: RecordKeyInput = { path, bucket: target.bucket, key, ...sizes };
  const recordKey = recordKeyOf(keyInput);
  const { uploadId, record: found } = await findRecord(store, keyInput, expectation, explicitId, options);
  const record: ResumeRecord = found ?? {
    version: RECORD_VERSION,
    uploadId,
    file: identity,
    bucket: target.bucket,
    key,
    ...sizes,
    blocks: blocks.map(() => ({ ctx: null, offset: 0, done: false })),
  };
  if (!found) await store.create(record);
  else {
    // A block state the plan cannot produce (hand-edited, or written by a buggy version) is
    // dropped and that block restarts cleanly, rather than resumed from a wrong place (item 12).
    for (const block of blocks) {
      const state = record.blocks[block.index]!;
      if (!fitsPlan(state, block, sizes.chunkSizeBytes)) {
        record.blocks[block.index] = { ctx: null, offset: 0, done: false };
        await store.writeBlock(uploadId, block.index, record.blocks[block.index]!);
      }
    }
  }
  let resumedBlocks = record.blocks.filter((b) => b.done).length;
  await store.writeIndex(recordKey, uploadId);
  try {
    options.onUploadId?.(uploadId);
  } catch (error) {
    // As a throwing hook elsewhere: a WcsError caused by it (the record is kept, the id still resumes).
    throw toWcsError(error, 'Multipart upload stopped: onUploadId threw');
  }

  const controller = new AbortController();
  const onAbort = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const signal = controller.signal;

  const total = fileStat.size;
  let loaded = record.blocks.reduce((sum, b, i) => sum + (b.done ? (blocks[i] as BlockPlan).size : b.offset), 0);
  let blocksDone = resumedBlocks;
  const progress = (block: number) =>
    options.onProgress?.({ loaded, total, block, blocksDone, blocksTotal: blocks.length });

  const writer = new BlockRecordWriter(store, uploadId);
  const sender = createBlockSender({
    ctx,
    uploadId,
    bucket: target.bucket,
    key,
    policy: options.policy,
    trafficLimit: options.trafficLimit,
    pace: options.pace,
    signal,
    abortError: (cause) => abortError(options.signal, cause),
  });

  /** Reads one chunk of `block` into `buffer`; never rejects unobserved (read-ahead may be abandoned). */
  function readChunk(file: FileHandle, block: BlockPlan, chunk: { offset: number; size: number }, buffer: Buffer): Promise<Buffer> {
    const data = buffer.subarray(0, chunk.size);
    const reading = readExactly(file, data, block.start + chunk.offset).then(() => data);
    reading.catch(() => undefined);
    return reading;
  }

  /**
   * Sends the rest of one block, chunk after chunk. Two buffers per worker: the next chunk is
   * read from the file while the current one is in flight, and each chunk is hashed while it is
   * being sent (hashWhileSending), so neither reading nor hashing waits on the network or the
   * other way round. Chunk progress is saved through the background writer, not awaited (and
   * written at most every CHUNK_SAVE_DELAY_MS); the finished block's record is.
   */
  async function uploadBlock(file: FileHandle, block: BlockPlan, buffers: readonly [Buffer, Buffer]): Promise<void> {
    const state = record.blocks[block.index]!;
    for (let restarts = 0; ; restarts++) {
      let reading: Promise<Buffer> | undefined;
      try {
        const digests = new BlockDigests();
        if (state.offset > 0) {
          // Resuming inside the block: the sent part is read again only to hash it (not re-sent).
          const buffer = buffers[0];
          for (let at = 0; at < state.offset; at += buffer.length) {
            const part = buffer.subarray(0, Math.min(buffer.length, state.offset - at));
            await readExactly(file, part, block.start + at);
            digests.update(part);
          }
        }
        // fitsPlan() put a part-sent block's offset on a chunk boundary.
        const chunks = planChunks(block.size, sizes.chunkSizeBytes).filter((c) => c.offset >= state.offset);
        let which = 0;
        reading = chunks.length > 0 ? readChunk(file, block, chunks[0]!, buffers[0]) : undefined;
        for (let k = 0; k < chunks.length; k++) {
          const chunk = chunks[k]!;
          const data = await reading!;
          which ^= 1;
          reading = k + 1 < chunks.length ? readChunk(file, block, chunks[k + 1]!, buffers[which]!) : undefined;
          state.ctx = await sendBlockChunk(sender, block, chunk.offset, data, state.ctx ?? '', { mkblk: config.mkblkRetries, bput: config.bputRetries }, digests);
          const next = chunk.offset + data.length;
          loaded += next - state.offset;
          state.offset = next;
          if (next === block.size) {
            state.done = true;
            state.sha1 = digests.digests().map((d) => d.toString('hex'));
            blocksDone++;
          }
          // Only this block's file is rewritten: the cost per chunk does not grow with the file.
          writer.save(block.index, state);
          progress(block.index);
        }
        // A finished block is on disk before this worker takes the next one: chunk states may
        // trail the service (group commit), but a SIGKILL after a block is done never sends that
        // block again (one wait per block, not per chunk, and only for this block's own file).
        await writer.saved(block.index);
        return;
      } catch (error) {
        // A read-ahead still filling a buffer must finish before the buffers are used again.
        await reading?.catch(() => undefined);
        if (!(error instanceof BlockRestart)) throw error;
        if (restarts >= config.mkblkRetries) throw error.reason;
        loaded -= state.offset;
        state.ctx = null;
        state.offset = 0;
        writer.save(block.index, state);
      }
    }
  }

  let file: FileHandle | undefined;
  try {
    try {
      file = await open(path, 'r');
    } catch (cause) {
      throw new WcsInvalidArgumentError(`Cannot read ${filePath}: ${(cause as Error).message}.`, { cause });
    }
    const opened = file;
    // Resumed blocks are in the queue too: each is read once and checked against the SHA-1s
    // recorded when it was sent, before mkfile can stitch it in (item 13).
    const queue = [...blocks];
    const workers = Math.max(1, Math.min(concurrency, queue.length));
    let firstError: unknown;
    // N workers pull from one queue; blocks run in parallel, chunks of a block in order (§4.2, STYLE item 8).
    const results = await Promise.allSettled(
      Array.from({ length: workers }, async () => {
        const buffers = [Buffer.allocUnsafe(sizes.chunkSizeBytes), Buffer.allocUnsafe(sizes.chunkSizeBytes)] as const;
        for (let block = queue.shift(); block !== undefined; block = queue.shift()) {
          try {
            throwIfAborted(signal);
            if (record.blocks[block.index]!.done) {
              if (await matchesRecordedDigests(opened, block, record.blocks[block.index]!, buffers[0])) continue;
              // Changed in place since it was sent (size and mtime can be restored, item 13): send it again.
              loaded -= block.size;
              blocksDone--;
              resumedBlocks--;
              record.blocks[block.index] = { ctx: null, offset: 0, done: false };
              writer.save(block.index, record.blocks[block.index]!);
            }
            await uploadBlock(opened, block, buffers);
          } catch (error) {
            firstError ??= error;
            controller.abort(error);
            throw error;
          }
        }
      }),
    );
    // The record must hold every finished block before mkfile (and before a failure is reported).
    await writer.flush();
    if (results.some((r) => r.status === 'rejected')) {
      if (options.signal?.aborted) throw abortError(options.signal, firstError);
      throw toWcsError(firstError, 'Multipart upload failed');
    }

    const localEtag = etagOfBlockDigests(record.blocks.flatMap((b) => (b.sha1 ?? []).map((h) => Buffer.from(h, 'hex'))));
    const response = await sender.mkfile({
      total,
      ctxs: record.blocks.map((b) => b.ctx ?? ''),
      vars: options.vars,
      mimeType: options.mimeType,
      deadlineDays: options.deadlineDays,
    }).catch(async (error: unknown) => {
      if (!(error instanceof WcsServiceError && error.statusCode === 701)) throw error;
      // 701 on mkfile: the service no longer knows these blocks (unmerged blocks are purged about
      // monthly, wcs-api.md §4.2; or it lost them). Resuming this record can only fail the same
      // way, so it goes, and the next run starts afresh.
      await store.remove(uploadId, recordKey);
      const detail = `The service no longer has the uploaded blocks of upload id ${uploadId} (mkfile answered 701${error.serviceMessage ? `: ${error.serviceMessage}` : ''})`;
      throw new WcsResumeRecordError(`${detail}; its resume record was deleted, so running the upload again starts afresh.`, {
        reason: 'blocks-lost',
        recordPath: store.recordPath(uploadId),
        detail,
        cause: error,
      });
    });
    // The object exists now: the record has served its purpose (wcs-api.md §11.6).
    await store.remove(uploadId, recordKey);
    return multipartResult(target, key, total, localEtag, response, uploadId, resumedBlocks);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    // Nothing may still be writing the record when the call returns (a caller may delete it).
    await writer.flush().catch(() => undefined);
    await file?.close();
  }
}

/** Finds the record to resume: explicit id, else the automatic index, else none. */
async function findRecord(
  store: RecordStore,
  keyInput: RecordKeyInput,
  expectation: Parameters<typeof describeRecordMismatch>[1],
  explicitId: string | undefined,
  options: MultipartUploadOptions,
): Promise<{ uploadId: string; record: ResumeRecord | undefined }> {
  let uploadId = explicitId;
  if (uploadId === undefined && options.resume !== 'never') {
    try {
      uploadId = await store.lookup(recordKeyOf(keyInput));
    } catch (error) {
      if (!(options.restartOnMismatch && isRestartable(error))) throw error;
    }
    if (uploadId === undefined) {
      // The same upload recorded in the old single-file format: refused by name, never mixed in;
      // restartOnMismatch deletes it and starts afresh.
      const legacyKey = recordKeyOf(keyInput, LEGACY_RECORD_VERSION);
      if (options.restartOnMismatch) await store.removeLegacy(legacyKey);
      else if (await store.hasIndex(legacyKey)) {
        throw refusal(
          'version',
          `The resume index ${store.indexPath(legacyKey)} is of record format version ${LEGACY_RECORD_VERSION}, which this version no longer reads (it expects ${RECORD_VERSION})`,
          store.indexPath(legacyKey),
        );
      }
      return { uploadId: createUploadId(), record: undefined };
    }
    try {
      await store.read(uploadId);
    } catch (error) {
      // The index outlived its record (deleted by hand, or after mkfile): nothing to resume.
      if (error instanceof WcsResumeRecordError && error.reason === 'missing') return { uploadId: createUploadId(), record: undefined };
    }
  }
  if (uploadId === undefined) return { uploadId: createUploadId(), record: undefined };
  let record: ResumeRecord;
  try {
    record = await store.read(uploadId);
  } catch (error) {
    if (options.restartOnMismatch && isRestartable(error)) return { uploadId, record: undefined };
    throw error;
  }
  const mismatch = describeRecordMismatch(record, expectation);
  if (mismatch === undefined) return { uploadId, record };
  if (options.restartOnMismatch) return { uploadId, record: undefined };
  const detail = `The resume record of upload id ${uploadId} does not match this upload: ${mismatch}`;
  throw new WcsResumeRecordError(`${detail}. Start a fresh upload (without the upload id, or with restartOnMismatch).`, {
    reason: 'mismatch',
    recordPath: store.headerPath(uploadId),
    detail,
  });
}

/**
 * Records that `restartOnMismatch` may replace: ones that are unusable as they are. Never an
 * unsafe folder or an I/O failure (a fresh start would not cure those), nor a missing record.
 */
function isRestartable(error: unknown): boolean {
  return error instanceof WcsResumeRecordError && (error.reason === 'corrupt' || error.reason === 'version' || error.reason === 'mismatch');
}

/**
 * Whether a recorded block state is one this plan can produce: not started; part-sent up to a
 * chunk boundary with a ctx; or done, whole, with a ctx and the SHA-1 of each of its etag blocks.
 */
function fitsPlan(state: BlockRecord, block: BlockPlan, chunkSizeBytes: number): boolean {
  if (state.done) {
    return state.offset === block.size && state.ctx !== null && state.sha1?.length === Math.ceil(block.size / BLOCK_SIZE_BYTES);
  }
  if (state.offset === 0) return true;
  return state.ctx !== null && state.offset < block.size && state.offset % chunkSizeBytes === 0;
}

/** Reads a done block back from the file and compares its SHA-1s with the record's. */
async function matchesRecordedDigests(file: FileHandle, block: BlockPlan, state: BlockRecord, buffer: Buffer): Promise<boolean> {
  const digests = new BlockDigests();
  for (let at = 0; at < block.size; at += buffer.length) {
    const part = buffer.subarray(0, Math.min(buffer.length, block.size - at));
    try {
      await readExactly(file, part, block.start + at);
    } catch (error) {
      if (error instanceof WcsIntegrityError) return false;
      throw error;
    }
    digests.update(part);
  }
  const actual = digests.digests().map((d) => d.toString('hex'));
  return actual.length === state.sha1?.length && actual.every((h, i) => h === state.sha1![i]);
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal, signal.reason);
}

function abortError(signal: AbortSignal | undefined, cause: unknown): WcsAbortError {
  if (cause instanceof WcsAbortError) return cause;
  return new WcsAbortError('The multipart upload was aborted; its resume record was kept, run it again to resume.', { cause: signal?.reason ?? cause });
}
