import { describe, expect, it } from '@jest/globals';
import { WcsInvalidArgumentError } from '@wcs/core';
import { assertBucket, assertDateRange, assertInteger, assertKey, parseDateArgument } from './validate.js';

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
