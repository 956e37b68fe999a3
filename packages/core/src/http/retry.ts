/** How a request is retried. */
export interface RetryOptions {
  /** Extra attempts after the first (Python `connection_retries`). */
  retries: number;
  /** First delay, doubled on each attempt. */
  baseDelayMs: number;
  /** Upper bound of one delay. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_OPTIONS: RetryOptions = Object.freeze({ retries: 3, baseDelayMs: 200, maxDelayMs: 10_000 });

/** Fills in defaults and clamps nonsense (negative counts, NaN) to sane values. */
export function normalizeRetryOptions(options: Partial<RetryOptions> = {}): RetryOptions {
  const pick = (v: number | undefined, d: number) => (v === undefined || !Number.isFinite(v) || v < 0 ? d : v);
  return {
    retries: Math.floor(pick(options.retries, DEFAULT_RETRY_OPTIONS.retries)),
    baseDelayMs: pick(options.baseDelayMs, DEFAULT_RETRY_OPTIONS.baseDelayMs),
    maxDelayMs: pick(options.maxDelayMs, DEFAULT_RETRY_OPTIONS.maxDelayMs),
  };
}

/**
 * Delay before retry number `attempt` (1 for the first retry): exponential backoff with full
 * jitter (AWS architecture blog), so that many clients failing together do not retry together.
 * A server's `Retry-After` (seconds) is honoured when it is longer, up to `maxDelayMs`.
 * `random` is injectable for tests.
 */
export function computeRetryDelay(
  attempt: number,
  options: RetryOptions,
  retryAfterSeconds?: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(ceiling / 2 + (random() * ceiling) / 2);
  const serverAsked = retryAfterSeconds !== undefined && retryAfterSeconds > 0 ? retryAfterSeconds * 1000 : 0;
  return Math.min(options.maxDelayMs, Math.max(jittered, serverAsked));
}
