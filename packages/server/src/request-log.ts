import { open } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import type { RequestLogEntry } from './types.js';

/** Entries kept in memory when no size is configured. */
export const DEFAULT_REQUEST_LOG_SIZE = 10_000;

/** A new entry before the log numbers it. */
export type NewRequestLogEntry = Omit<RequestLogEntry, 'seq'>;

/**
 * The request log: the newest `capacity` entries in a ring buffer (a long-running server or a
 * flood of requests must not grow without bound), numbered 1, 2, 3… for the whole life of the
 * server so a reader can ask for what came after the last entry it saw. With a file, every entry
 * is also appended to it as one JSON line once its request is finished.
 */
export class RequestLog {
  private readonly ring: Array<RequestLogEntry | undefined>;
  /** Index in `ring` of the oldest entry. */
  private head = 0;
  private count = 0;
  private lastSeq = 0;

  private constructor(
    readonly capacity: number,
    private readonly file: Writable | undefined,
  ) {
    this.ring = new Array<RequestLogEntry | undefined>(capacity);
  }

  /** Opens the log; with `filePath`, the file is opened for appending first (a bad path fails here). */
  static async open(capacity = DEFAULT_REQUEST_LOG_SIZE, filePath?: string): Promise<RequestLog> {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(`request log size must be a positive integer, got ${capacity}`);
    let file: Writable | undefined;
    if (filePath !== undefined) {
      const handle = await open(filePath, 'a');
      file = handle.createWriteStream();
      // A failing log file (disk full, …) must not take the server down; the ring keeps working.
      file.on('error', (e) => process.emitWarning(`wcs-server: request log file ${filePath}: ${e.message}`));
    }
    return new RequestLog(capacity, file);
  }

  /** Numbers and stores `entry`; the caller keeps filling it in (status, bytes) until {@link finish}. */
  add(partial: NewRequestLogEntry): RequestLogEntry {
    this.lastSeq += 1;
    const entry: RequestLogEntry = { seq: this.lastSeq, ...partial };
    if (this.count < this.capacity) {
      this.ring[(this.head + this.count) % this.capacity] = entry;
      this.count += 1;
    } else {
      this.ring[this.head] = entry;
      this.head = (this.head + 1) % this.capacity;
    }
    return entry;
  }

  /** The entry's request is over: its final figures go to the file. */
  finish(entry: RequestLogEntry): void {
    if (this.file !== undefined && !this.file.writableEnded) this.file.write(`${JSON.stringify(entry)}\n`);
  }

  /** Copies of the kept entries, oldest first; with `since`, only those numbered above it. */
  entries(since = 0): RequestLogEntry[] {
    const out: RequestLogEntry[] = [];
    for (let i = 0; i < this.count; i++) {
      const e = this.ring[(this.head + i) % this.capacity] as RequestLogEntry;
      if (e.seq > since) out.push({ ...e });
    }
    return out;
  }

  /** Number of the newest entry ever added (0 before the first). */
  get last(): number {
    return this.lastSeq;
  }

  /** Empties the ring; numbering goes on, so `since` readers are not confused. */
  clear(): void {
    this.ring.fill(undefined);
    this.head = 0;
    this.count = 0;
  }

  async close(): Promise<void> {
    const file = this.file;
    if (file === undefined || file.writableEnded) return;
    await new Promise<void>((resolve) => {
      file.once('error', () => resolve());
      file.end(() => resolve());
    });
  }
}
