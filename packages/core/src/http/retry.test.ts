import { describe, expect, it } from '@jest/globals';
import { WcsAbortError, WcsIntegrityError, WcsNetworkError, WcsServiceError } from '../errors.js';
import { isRetryableByDefault, normalizeRetryOptions, parseRetryAfter, retryDelayMs, withRetry, type RetryAttempt } from './retry.js';

describe('normalizeRetryOptions', () => {
  it('normalises nonsense to defaults', () => {
    expect(normalizeRetryOptions({ retries: -1, baseDelayMs: Number.NaN })).toEqual({ retries: 3, baseDelayMs: 200, maxDelayMs: 10_000 });
  });
});

const serviceError = (statusCode: number, retryAfterSeconds?: number) => {
  const error = new WcsServiceError({ statusCode, fault: statusCode >= 500 ? 'server' : 'client', retryable: [408, 429, 500, 503].includes(statusCode), method: 'POST', url: '/x' });
  if (retryAfterSeconds !== undefined) Object.defineProperty(error, 'retryAfterSeconds', { value: retryAfterSeconds });
  return error;
};
const network = () => new WcsNetworkError('reset', { syscallCode: 'ECONNRESET' });

/** Runs withRetry over a scripted list of outcomes; records the attempts and the waits. */
async function run(outcomes: unknown[], policy: Partial<Parameters<typeof withRetry>[1]> = {}) {
  const events: RetryAttempt[] = [];
  const attempts: number[] = [];
  const result = await withRetry(
    (attempt) => {
      attempts.push(attempt);
      const next = outcomes[attempt - 1];
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    },
    { idempotent: true, baseDelayMs: 1, maxDelayMs: 4, random: () => 0, ...policy, onRetry: (e) => events.push(e) },
  ).then(
    (value): { value?: unknown; error?: unknown } => ({ value }),
    (error: unknown): { value?: unknown; error?: unknown } => ({ error }),
  );
  return { ...result, attempts, events };
}

describe('retryDelayMs (full jitter)', () => {
  it('draws uniformly below the exponential ceiling', () => {
    const o = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect(retryDelayMs(1, o, undefined, () => 0)).toBe(0);
    expect(retryDelayMs(1, o, undefined, () => 0.999999)).toBe(99);
    expect(retryDelayMs(3, o, undefined, () => 0.5)).toBe(200);
    expect(retryDelayMs(10, o, undefined, () => 0.999999)).toBe(999);
  });
  it('stays within [0, ceiling) for any draw', () => {
    const o = { baseDelayMs: 50, maxDelayMs: 3000 };
    for (let attempt = 1; attempt <= 12; attempt++) {
      const ceiling = Math.min(3000, 50 * 2 ** (attempt - 1));
      for (let i = 0; i < 200; i++) {
        const d = retryDelayMs(attempt, o);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThan(ceiling);
      }
    }
  });
  it('treats Retry-After as a floor', () => {
    expect(retryDelayMs(1, { baseDelayMs: 100, maxDelayMs: 1000 }, 2500, () => 0.9)).toBe(2500);
    expect(retryDelayMs(4, { baseDelayMs: 100, maxDelayMs: 1000 }, 10, () => 0.9)).toBe(720);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('0.5')).toBe(500);
    expect(parseRetryAfter('Sat, 28 Nov 2026 10:00:05 GMT', Date.parse('Sat, 28 Nov 2026 10:00:00 GMT'))).toBe(5000);
    expect(parseRetryAfter('Sat, 28 Nov 2026 09:00:00 GMT', Date.parse('Sat, 28 Nov 2026 10:00:00 GMT'))).toBe(0);
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

describe('withRetry', () => {
  it('retries retryable errors until success, with the attempt number', async () => {
    const r = await run([network(), serviceError(503), 'ok']);
    expect(r).toMatchObject({ value: 'ok', attempts: [1, 2, 3] });
    expect(r.events.map((e) => e.attempt)).toEqual([1, 2]);
  });

  it('runs a non-idempotent operation exactly once, whatever the error', async () => {
    const r = await run([network(), 'ok'], { idempotent: false });
    expect(r.error).toBeInstanceOf(WcsNetworkError);
    expect(r.attempts).toEqual([1]);
  });

  it('rethrows a non-retryable error unchanged, at once', async () => {
    const notOurs = new Error('restart the block');
    expect(await run([serviceError(401), 'ok'])).toMatchObject({ error: { statusCode: 401 }, attempts: [1] });
    expect(await run([notOurs, 'ok'])).toMatchObject({ error: notOurs, attempts: [1] });
  });

  it('gives up after `retries` extra attempts with the last error', async () => {
    const last = serviceError(500);
    const r = await run([network(), network(), last, 'ok'], { retries: 2 });
    expect(r.error).toBe(last);
    expect(r.attempts).toEqual([1, 2, 3]);
  });

  it('lets the caller widen and narrow the rule (CRC mismatch retried, 701 handled by the caller)', async () => {
    const crc = new WcsIntegrityError('crc32 mismatch', { expected: '1', actual: '2' });
    const policy = {
      isRetryable: (e: unknown, byDefault: boolean) => e instanceof WcsIntegrityError || (byDefault && !(e instanceof WcsServiceError && e.statusCode === 701)),
    };
    expect(await run([crc, 'ok'], policy)).toMatchObject({ value: 'ok', attempts: [1, 2] });
    const lost = serviceError(701);
    expect(await run([lost, 'ok'], policy)).toMatchObject({ error: lost, attempts: [1] });
    expect(await run([crc, 'ok'])).toMatchObject({ error: crc, attempts: [1] });
  });

  it('uses retryableStatuses for service errors instead of their own flag', async () => {
    expect(await run([serviceError(503), 'ok'], { retryableStatuses: [500] })).toMatchObject({ error: { statusCode: 503 }, attempts: [1] });
    expect(await run([serviceError(404), 'ok'], { retryableStatuses: (s) => s === 404 })).toMatchObject({ value: 'ok' });
    expect(isRetryableByDefault(network(), [500])).toBe(true);
  });

  it('waits at least Retry-After, and gives up when it asks for longer than maxRetryAfterMs', async () => {
    const r = await run([serviceError(429, 0.05), 'ok'], { maxRetryAfterMs: 1000 });
    expect(r.value).toBe('ok');
    expect(r.events[0]?.delayMs).toBe(50);
    const tooLong = await run([serviceError(429, 30), 'ok'], { maxRetryAfterMs: 1000 });
    expect(tooLong).toMatchObject({ error: { statusCode: 429 }, attempts: [1] });
  });

  it('stops on abort: before the first attempt, during an attempt and while waiting', async () => {
    const before = new AbortController();
    before.abort(new Error('user'));
    expect((await run(['ok'], { signal: before.signal })).error).toBeInstanceOf(WcsAbortError);

    const during = new AbortController();
    const r = await withRetry(
      () => {
        during.abort();
        return Promise.reject(network());
      },
      { idempotent: true, signal: during.signal },
    ).catch((e: unknown) => e);
    expect(r).toBeInstanceOf(WcsAbortError);

    const waiting = new AbortController();
    // A 60 s wait: only the abort can end this test within jest's timeout.
    setTimeout(() => waiting.abort(), 20);
    const w = await run([network(), 'ok'], { signal: waiting.signal, baseDelayMs: 60_000, maxDelayMs: 60_000, random: () => 0.5 });
    expect(w.error).toBeInstanceOf(WcsAbortError);

    const custom = new AbortController();
    custom.abort();
    const mine = new Error('mine');
    expect((await run(['ok'], { signal: custom.signal, abortError: () => mine })).error).toBe(mine);
  });
});
