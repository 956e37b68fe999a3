import { describe, expect, it } from '@jest/globals';
import { WireNumber, WireOptionalText, buildQuery } from './manage-call.js';

describe('buildQuery', () => {
  it('keeps order and drops unset values', () => {
    expect(buildQuery([['bucket', 'b'], ['marker', undefined], ['limit', '10']])).toBe('?bucket=b&limit=10');
    expect(buildQuery([['a', undefined]])).toBe('');
    expect(buildQuery(undefined)).toBe('');
  });
});

describe('wire values', () => {
  it('accepts numbers as numbers or numeric strings (§5.4)', () => {
    expect(WireNumber.parse('5')).toBe(5);
    expect(WireNumber.parse(7)).toBe(7);
    expect(WireNumber.parse('1.250')).toBe(1.25);
    expect(WireNumber.safeParse('abc').success).toBe(false);
  });
  it('maps empty optional text to undefined', () => {
    expect(WireOptionalText.parse('')).toBeUndefined();
    expect(WireOptionalText.parse(null)).toBeUndefined();
    expect(WireOptionalText.parse('Standard')).toBe('Standard');
  });
});
