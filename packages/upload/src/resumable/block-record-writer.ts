import type { BlockRecord, RecordStore } from './record-store.js';

/**
 * How long a chunk's progress may wait before it is written (group commit over time). A finished
 * block is written at once; a part-sent block's state only saves re-sending its chunks after a
 * crash, so it can trail by this much: on a fast link a block is done before its chunk states
 * would be written at all, and the record costs an fsync per block, not per chunk.
 */
export const CHUNK_SAVE_DELAY_MS = 500;

/**
 * Saves block progress off the upload's critical path, with group commit (issue 11): a save
 * returns at once and marks the block dirty; ONE background loop writes the dirty blocks' latest
 * states, one file at a time (temporary file, fsync, rename: as durable as before), so saves that
 * arrive meanwhile are coalesced, and the record costs at most one thread of libuv's pool (the
 * file reads of the upload keep the others). Finished blocks are written at once and first; the
 * states of part-sent blocks wait up to `chunkDelayMs` (see {@link CHUNK_SAVE_DELAY_MS}).
 *
 * The record on disk trails the service by at most the writes pending: after a SIGKILL a block
 * may resume from an earlier chunk (its newer ctx is then stale, the service answers 701 and the
 * block restarts), but a block is only ever recorded with a state the service had accepted.
 * {@link BlockRecordWriter.saved} waits until a block's latest state is written (a worker waits
 * for its finished block), {@link BlockRecordWriter.flush} until everything is (before mkfile,
 * and before the upload returns or fails, so the record left for a resume is current).
 */
export class BlockRecordWriter {
  readonly #store: RecordStore;
  readonly #uploadId: string;
  readonly #chunkDelayMs: number;
  readonly #dirty = new Map<number, BlockRecord>();
  /** The block whose file is being written, if any. */
  #writing: number | undefined;
  #running: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  /** Part-sent states are due: their delay passed, or a flush asked for everything. */
  #chunksDue = false;
  #error: Error | undefined;

  constructor(store: RecordStore, uploadId: string, { chunkDelayMs = CHUNK_SAVE_DELAY_MS }: { chunkDelayMs?: number } = {}) {
    this.#store = store;
    this.#uploadId = uploadId;
    this.#chunkDelayMs = chunkDelayMs;
  }

  /** Queues the current state of block `index` (copied now). Throws an earlier write's failure. */
  save(index: number, state: BlockRecord): void {
    this.#throwIfFailed();
    this.#dirty.set(index, { ctx: state.ctx, offset: state.offset, done: state.done, ...(state.sha1 ? { sha1: [...state.sha1] } : {}) });
    if (state.done || this.#chunkDelayMs <= 0) {
      if (!state.done) this.#chunksDue = true;
      this.#kick();
    } else {
      this.#timer ??= setTimeout(() => {
        this.#timer = undefined;
        this.#chunksDue = true;
        this.#kick();
      }, this.#chunkDelayMs);
    }
  }

  /** Waits until the latest queued state of block `index` is written; throws the first failure. */
  async saved(index: number): Promise<void> {
    while (this.#dirty.has(index) || this.#writing === index) {
      if (this.#running === undefined) {
        // A part-sent state waiting for its delay: the caller wants it now.
        this.#chunksDue = true;
        this.#kick();
      }
      if (this.#running === undefined) break;
      await this.#running;
    }
    this.#throwIfFailed();
  }

  /** Waits until every queued state is written; throws the first failure. */
  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#chunksDue = true;
    this.#kick();
    while (this.#running !== undefined) await this.#running;
    this.#throwIfFailed();
  }

  /** Starts the loop when it is idle and something is due (so it always awaits a write before it ends). */
  #kick(): void {
    if (this.#running !== undefined || this.#next() === undefined) return;
    this.#running = this.#drain();
  }

  /** The next block to write: a finished one first; a part-sent one only when due. */
  #next(): number | undefined {
    let chunk: number | undefined;
    for (const [i, state] of this.#dirty) {
      if (state.done) return i;
      chunk ??= i;
    }
    return this.#chunksDue ? chunk : undefined;
  }

  async #drain(): Promise<void> {
    try {
      for (let index = this.#next(); index !== undefined; index = this.#next()) {
        const state = this.#dirty.get(index)!;
        this.#dirty.delete(index);
        this.#writing = index;
        await this.#store.writeBlock(this.#uploadId, index, state);
        this.#writing = undefined;
      }
      // Everything due is written; later part-sent states wait for a new delay.
      if (![...this.#dirty.values()].some((s) => !s.done)) this.#chunksDue = false;
      else if (this.#timer === undefined && !this.#chunksDue) {
        this.#timer = setTimeout(() => {
          this.#timer = undefined;
          this.#chunksDue = true;
          this.#kick();
        }, this.#chunkDelayMs);
      }
    } catch (error) {
      this.#error ??= error instanceof Error ? error : new Error(String(error));
      this.#dirty.clear();
      clearTimeout(this.#timer);
      this.#timer = undefined;
    } finally {
      this.#writing = undefined;
      this.#running = undefined;
    }
  }

  #throwIfFailed(): void {
    if (this.#error !== undefined) throw this.#error;
  }
}
