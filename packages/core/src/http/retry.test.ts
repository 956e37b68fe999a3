import { describe, expect, it } from '@jest/globals';
import { computeRetryDelay, normalizeRetryOptions } from './retry.js';

describe('computeRetryDelay', () => {
  const options = normalizeRetryOptions({ baseDelayMs: 100, maxDelayMs: 1000 });
  it('doubles the ceiling per attempt, with jitter in its upper half', () => {
    expect(computeRetryDelay(1, options, undefined, () => 0)).toBe(50);
    expect(computeRetryDelay(1, options, undefined, () => 1)).toBe(100);
    expect(computeRetryDelay(3, options, undefined, () => 1)).toBe(400);
    expect(computeRetryDelay(10, options, undefined, () => 1)).toBe(1000);
  });
  it('honours Retry-After up to the maximum', () => {
    expect(computeRetryDelay(1, options, 0.5, () => 0)).toBe(500);
    expect(computeRetryDelay(1, options, 60, () => 0)).toBe(1000);
  });
  it('normalises nonsense to defaults', () => {
    expect(normalizeRetryOptions({ retries: -1, baseDelayMs: Number.NaN })).toEqual({ retries: 3, baseDelayMs: 200, maxDelayMs: 10_000 });
  });
});
