import { describe, expect, it } from '@jest/globals';
import { WcsInvalidArgumentError } from '@wcs/core';
import { assertBucket, assertDateRange, assertDeadlineDays, assertInteger, assertKey, maxDeadlineDays, parseDateArgument } from './validate.js';

const rejects = (fn: () => void) => expect(fn).toThrow(WcsInvalidArgumentError);

describe('assertKey (wcs-api.md §1.3)', () => {
  it('accepts ordinary keys, including 1000 UTF-8 bytes', () => {
    expect(() => assertKey('a/b/c.txt')).not.toThrow();
    expect(() => assertKey('网'.repeat(333))).not.toThrow();
    expect(() => assertKey('a..b/.c')).not.toThrow();
  });
  it('rejects empty, too long, slash-bounded and dot-segment keys', () => {
    rejects(() => assertKey(''));
    rejects(() => assertKey('网'.repeat(334)));
    rejects(() => assertKey('/a'));
    rejects(() => assertKey('a/'));
    rejects(() => assertKey('a/../b'));
    rejects(() => assertKey('a/./b'));
    rejects(() => assertKey(42));
  });
});

describe('assertBucket', () => {
  it('rejects empty names and separators', () => {
    expect(() => assertBucket('test')).not.toThrow();
    rejects(() => assertBucket(''));
    rejects(() => assertBucket(' '));
    rejects(() => assertBucket('a:b'));
    rejects(() => assertBucket('a|b'));
  });
});

describe('dates', () => {
  it('parses real yyyy-mm-dd dates only', () => {
    expect(parseDateArgument('2024-02-29', 'd')).toBe(Date.UTC(2024, 1, 29));
    rejects(() => parseDateArgument('2023-02-29', 'd'));
    rejects(() => parseDateArgument('2024-2-1', 'd'));
    rejects(() => parseDateArgument(undefined, 'd'));
  });
  it('requires end ≥ start', () => {
    expect(() => assertDateRange('2024-01-01', '2024-01-01')).not.toThrow();
    rejects(() => assertDateRange('2024-01-02', '2024-01-01'));
  });
});

describe('assertInteger', () => {
  it('checks whole numbers within bounds', () => {
    expect(() => assertInteger(-1, 'days', -1)).not.toThrow();
    rejects(() => assertInteger(-2, 'days', -1));
    rejects(() => assertInteger(1.5, 'days', -1));
    rejects(() => assertInteger('3', 'days', -1));
    rejects(() => assertInteger(1001, 'limit', 1, 1000));
  });
});

describe('assertDeadlineDays (wcs-api.md §5.8, issue 10 item 6)', () => {
  const now = Date.UTC(2026, 10, 28, 10, 0, 0);
  it('allows -1, 0 and days up to an expiry on 9999-12-31', () => {
    const max = maxDeadlineDays(now);
    expect(new Date(now + max * 86_400_000).toISOString().slice(0, 10)).toBe('9999-12-31');
    for (const days of [-1, 0, 1, 3650, max]) expect(() => assertDeadlineDays(days, 'days', now)).not.toThrow();
  });
  it('refuses more, naming the valid range', () => {
    const max = maxDeadlineDays(now);
    expect(() => assertDeadlineDays(max + 1, 'days', now)).toThrow(
      `days must be a whole number from -1 to ${max}, got ${max + 1}: more days would put the expiry past 9999-12-31 (0 = delete as soon as possible, -1 = keep forever).`,
    );
    rejects(() => assertDeadlineDays(99_999_999, 'days', now));
    rejects(() => assertDeadlineDays(-2, 'days', now));
    rejects(() => assertDeadlineDays(1.5, 'days', now));
    rejects(() => assertDeadlineDays('3', 'days', now));
  });
  it('counts from the moment given: the last day of the range moves with the clock', () => {
    expect(maxDeadlineDays(Date.UTC(9999, 11, 31, 0, 0, 0))).toBe(0);
    expect(maxDeadlineDays(Date.UTC(9999, 11, 30, 0, 0, 0))).toBe(1);
  });
});
