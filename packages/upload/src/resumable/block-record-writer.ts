import type { BlockRecord, RecordStore } from './record-store.js';

/**
 * Saves block progress off the upload's critical path, with group commit (issue 11): a save
 * returns at once and marks the block dirty; ONE background loop writes the dirty blocks' latest
 * states, one file at a time (temporary file, fsync, rename: as durable as before), so saves that
 * arrive meanwhile are coalesced, the record costs at most one thread of libuv's pool (the file
 * reads of the upload keep the others), and the number of fsyncs falls as the chunk rate rises.
 * Finished blocks are written first.
 *
 * The record on disk trails the service by at most the writes pending: after a SIGKILL a block
 * may resume from an earlier chunk (its newer ctx is then stale, the service answers 701 and the
 * block restarts), but a block is only ever recorded with a state the service had accepted.
 * {@link BlockRecordWriter.flush} waits until everything is written (before mkfile, and before
 * the upload returns or fails, so the record left for a resume is current).
 */
export class BlockRecordWriter {
  readonly #store: RecordStore;
  readonly #uploadId: string;
  readonly #dirty = new Map<number, BlockRecord>();
  #running: Promise<void> | undefined;
  #error: unknown;

  constructor(store: RecordStore, uploadId: string) {
    this.#store = store;
    this.#uploadId = uploadId;
  }

  /** Queues the current state of block `index` (copied now). Throws an earlier write's failure. */
  save(index: number, state: BlockRecord): void {
    this.#throwIfFailed();
    this.#dirty.set(index, { ctx: state.ctx, offset: state.offset, done: state.done, ...(state.sha1 ? { sha1: [...state.sha1] } : {}) });
    this.#running ??= this.#drain();
  }

  /** Waits until every queued state is written; throws the first failure. */
  async flush(): Promise<void> {
    while (this.#running !== undefined) await this.#running;
    this.#throwIfFailed();
  }

  async #drain(): Promise<void> {
    try {
      while (this.#dirty.size > 0) {
        let index: number | undefined;
        for (const [i, state] of this.#dirty) {
          if (index === undefined || state.done) index = i;
          if (state.done) break;
        }
        const state = this.#dirty.get(index!)!;
        this.#dirty.delete(index!);
        await this.#store.writeBlock(this.#uploadId, index!, state);
      }
    } catch (error) {
      this.#error ??= error;
      this.#dirty.clear();
    } finally {
      this.#running = undefined;
    }
  }

  #throwIfFailed(): void {
    if (this.#error !== undefined) throw this.#error;
  }
}
