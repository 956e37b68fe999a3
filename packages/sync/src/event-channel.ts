/**
 * A bounded queue between the sync's workers (producers) and the caller's `for await` (the
 * consumer). `push` resolves once the queue is below its high-water mark, so a slow consumer
 * slows the run down instead of letting events pile up in memory.
 */
export class EventChannel<T> {
  private readonly queue: T[] = [];
  private readonly spaceWaiters: Array<() => void> = [];
  private itemWaiter: (() => void) | undefined;
  private ended = false;
  private error: unknown;
  private failed = false;

  constructor(private readonly highWaterMark = 256) {}

  async push(item: T): Promise<void> {
    this.queue.push(item);
    this.wake();
    while (this.queue.length > this.highWaterMark && !this.ended) {
      await new Promise<void>((resolve) => this.spaceWaiters.push(resolve));
    }
  }

  end(last?: T): void {
    if (last !== undefined) this.queue.push(last);
    this.ended = true;
    this.wake();
    this.releaseProducers();
  }

  fail(error: unknown): void {
    this.failed = true;
    this.error = error;
    this.end();
  }

  /** Stops producers from waiting (the consumer went away). */
  close(): void {
    this.ended = true;
    this.releaseProducers();
  }

  /** The next item, or `done` once the channel ended and drained; rethrows a producer failure. */
  async next(): Promise<{ done: false; value: T } | { done: true }> {
    for (;;) {
      if (this.queue.length > 0) {
        const value = this.queue.shift() as T;
        if (this.queue.length <= this.highWaterMark) this.releaseProducers();
        return { done: false, value };
      }
      if (this.failed) throw this.error;
      if (this.ended) return { done: true };
      await new Promise<void>((resolve) => (this.itemWaiter = resolve));
    }
  }

  private wake(): void {
    const waiter = this.itemWaiter;
    this.itemWaiter = undefined;
    waiter?.();
  }

  private releaseProducers(): void {
    for (const resolve of this.spaceWaiters.splice(0)) resolve();
  }
}
