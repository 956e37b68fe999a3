import { setTimeout as sleep } from 'node:timers/promises';
import { WcsAbortError, WcsError, WcsServiceError } from '../errors.js';

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

/** Information passed to `RetryPolicy.onRetry` before each wait. */
export interface RetryAttempt {
  /** The attempt that just failed (1 for the first). */
  attempt: number;
  /** How long the loop waits before the next attempt. */
  delayMs: number;
  error: unknown;
}

/**
 * How one operation is retried: the policy of the transport's retry loop. Only `idempotent` is
 * required; the rest defaults to 3 retries, delays from 200 ms up to 10 s, and the WCS rule for
 * statuses (wcs-api.md §10.2). `HttpRequestOptions.retryPolicy` takes a part of it per request.
 */
export interface RetryPolicy {
  /**
   * The operation is safe to repeat (reads; the same bytes to the same place). When false the
   * operation runs exactly once, whatever the error: a job-creating call must not run twice.
   */
  idempotent: boolean;
  /** Extra attempts after the first. Default 3. */
  retries?: number;
  /** Ceiling of the first delay, doubled on each attempt (full jitter below it). Default 200. */
  baseDelayMs?: number;
  /** Upper bound of the exponential ceiling. Default 10 000. */
  maxDelayMs?: number;
  /**
   * A `Retry-After` longer than this is not waited for: the loop gives up with the error, rather
   * than hammer a service that asked for a pause or hang a command for minutes. Default `maxDelayMs`.
   */
  maxRetryAfterMs?: number;
  /**
   * Statuses worth another attempt, for a `WcsServiceError` carrying a non-2xx status.
   * Default: the error's own `retryable` (408, 429, 5xx except 579).
   */
  retryableStatuses?: readonly number[] | ((status: number) => boolean);
  /**
   * Final say on whether `error` is worth another attempt. `byDefault` is the decision of the
   * rules above; e.g. multipart adds a CRC mismatch (`WcsIntegrityError`) and leaves out 701,
   * which it handles itself by restarting the block.
   */
  isRetryable?: (error: unknown, byDefault: boolean) => boolean;
  /** Stops the loop, also during a wait. */
  signal?: AbortSignal | undefined;
  /** The error thrown when `signal` aborts. Default a `WcsAbortError` whose cause is the signal's reason. */
  abortError?: (cause: unknown) => Error;
  /** Called before each wait. */
  onRetry?: (event: RetryAttempt) => void;
  /** Injectable for tests: returns a number in [0, 1). */
  random?: () => number;
}

/** Does the default rule find `error` retryable (before any `isRetryable` override)? */
export function isRetryableByDefault(error: unknown, retryableStatuses?: RetryPolicy['retryableStatuses']): boolean {
  if (retryableStatuses !== undefined && error instanceof WcsServiceError && (error.statusCode < 200 || error.statusCode >= 300)) {
    return typeof retryableStatuses === 'function' ? retryableStatuses(error.statusCode) : retryableStatuses.includes(error.statusCode);
  }
  return error instanceof WcsError && error.retryable;
}

/**
 * Delay before retry number `attempt` (1 for the first retry): exponential backoff with full
 * jitter, a uniform draw in [0, min(maxDelayMs, baseDelayMs × 2^(attempt-1))) (AWS architecture
 * blog, "Exponential Backoff And Jitter"): clients failing together spread out instead of
 * retrying in waves. A server's `Retry-After` is a floor: never retry sooner than asked.
 */
export function retryDelayMs(
  attempt: number,
  options: { baseDelayMs: number; maxDelayMs: number },
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.floor(random() * ceiling);
  return Math.max(jittered, retryAfterMs !== undefined && retryAfterMs > 0 ? Math.ceil(retryAfterMs) : 0);
}

/**
 * Parses a `Retry-After` header (delta seconds or an HTTP date) into milliseconds from `now`;
 * undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | readonly string[] | undefined, now: number = Date.now()): number | undefined {
  // Not Array.isArray: it narrows a readonly string[] to any[].
  const text = (typeof value === 'string' || value === undefined ? value : value[0])?.trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The `Retry-After` the transport read from the answer that produced `error`, in ms. */
export function retryAfterMsOf(error: unknown): number | undefined {
  if (!(error instanceof WcsServiceError)) return undefined;
  const seconds = (error as WcsServiceError & { retryAfterSeconds?: unknown }).retryAfterSeconds;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/**
 * The one retry loop of wcs-ts: runs `attemptOnce(attempt)` (attempt 1, 2, …) until it succeeds,
 * the error is not retryable, the budget is spent, or `signal` aborts. Errors are rethrown
 * unchanged (the last one when the budget is spent), so a caller's own signals (such as
 * multipart's block restart on 701) pass through untouched.
 *
 * @example
 * const reply = await withRetry((attempt) => http.request({ method: 'POST', url, body }), {
 *   idempotent: true,
 *   retries: config.bputRetries,
 *   isRetryable: (error, byDefault) => error instanceof WcsIntegrityError || byDefault,
 *   signal,
 * });
 */
export async function withRetry<T>(attemptOnce: (attempt: number) => Promise<T>, policy: RetryPolicy): Promise<T> {
  const defaults = normalizeRetryOptions({
    ...(policy.retries !== undefined ? { retries: policy.retries } : {}),
    ...(policy.baseDelayMs !== undefined ? { baseDelayMs: policy.baseDelayMs } : {}),
    ...(policy.maxDelayMs !== undefined ? { maxDelayMs: policy.maxDelayMs } : {}),
  });
  const retries = policy.idempotent ? defaults.retries : 0;
  const maxRetryAfterMs = policy.maxRetryAfterMs ?? defaults.maxDelayMs;
  const { signal } = policy;
  const aborted = (cause: unknown): Error => {
    if (policy.abortError) return policy.abortError(cause);
    return cause instanceof WcsAbortError ? cause : new WcsAbortError(undefined, { cause: signal?.reason ?? cause });
  };

  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw aborted(signal.reason);
    try {
      return await attemptOnce(attempt);
    } catch (error) {
      if (signal?.aborted) throw aborted(error);
      if (attempt > retries) throw error;
      const byDefault = isRetryableByDefault(error, policy.retryableStatuses);
      if (!(policy.isRetryable ? policy.isRetryable(error, byDefault) : byDefault)) throw error;
      const retryAfterMs = retryAfterMsOf(error);
      if (retryAfterMs !== undefined && retryAfterMs > maxRetryAfterMs) throw error;
      const delayMs = retryDelayMs(attempt, defaults, retryAfterMs, policy.random);
      policy.onRetry?.({ attempt, delayMs, error });
      try {
        await sleep(delayMs, undefined, signal ? { signal } : undefined);
      } catch (cause) {
        throw aborted(cause);
      }
    }
  }
}
