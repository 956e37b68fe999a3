import { setTimeout as sleep } from 'node:timers/promises';

/** Runs at most `limit` tasks at once; `run` waits for a free slot, `drain` for every task. */
export class TaskPool {
  private running = 0;
  private readonly slotWaiters: Array<() => void> = [];
  private readonly idleWaiters: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  async run(task: () => Promise<void>): Promise<void> {
    while (this.running >= this.limit) await new Promise<void>((resolve) => this.slotWaiters.push(resolve));
    this.running += 1;
    void task()
      .catch(() => undefined) // tasks report their own failures as events
      .finally(() => {
        this.running -= 1;
        this.slotWaiters.shift()?.();
        if (this.running === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
      });
  }

  async drain(): Promise<void> {
    while (this.running > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }
}

/**
 * A client-side rate limit shared by every transfer of a run: bytes are charged as they move,
 * and `wait` holds the caller until the bytes charged so far fit the rate. Downloads charge and
 * wait per chunk they receive; uploads wait, then charge, before each piece they send (the upload
 * package's `pace` hook: a chunk of a multipart upload, a read of a normal one).
 */
export class Throttle {
  private readyAt = 0;

  constructor(private readonly bytesPerSecond: number) {}

  get enabled(): boolean {
    return this.bytesPerSecond > 0;
  }

  charge(bytes: number): void {
    if (!this.enabled || bytes <= 0) return;
    this.readyAt = Math.max(this.readyAt, Date.now()) + (bytes * 1000) / this.bytesPerSecond;
  }

  async wait(signal?: AbortSignal): Promise<void> {
    if (!this.enabled) return;
    const delay = this.readyAt - Date.now();
    if (delay > 0) await sleep(delay, undefined, signal ? { signal } : undefined);
  }
}
