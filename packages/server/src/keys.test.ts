import { describe, expect, it } from '@jest/globals';
import { validateKey } from './keys.js';

describe('validateKey (wcs-api.md §1.3)', () => {
  it.each(['a', '../x', 'dir/ü ñ/file name.txt', 'x'.repeat(1000)])('accepts %s', (k) => {
    expect(validateKey(k)).toBe(k);
  });
  it.each(['', '/a', 'a/', 'a/../b', 'a/./b', 'x'.repeat(1001), 'é'.repeat(501)])('refuses %s', (k) => {
    expect(() => validateKey(k)).toThrow(expect.objectContaining({ status: 400 }));
  });
});
