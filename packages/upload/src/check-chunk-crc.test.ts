import { describe, expect, it } from '@jest/globals';
import { WcsIntegrityError } from '@wcs/core';
import { checkChunkCrc } from './check-chunk-crc.js';

describe('checkChunkCrc', () => {
  it('accepts the CRC-32/IEEE of the chunk (hello → 907060870, wcs-api.md §3.3) or no crc32', () => {
    expect(() => checkChunkCrc(Buffer.from('hello'), 907060870)).not.toThrow();
    expect(() => checkChunkCrc(Buffer.from('hello'), undefined)).not.toThrow();
  });
  it('refuses another value with expected/actual', () => {
    let error: unknown;
    try {
      checkChunkCrc(Buffer.from('hello'), 907060871);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WcsIntegrityError);
    expect(error).toMatchObject({ expected: '907060870', actual: '907060871' });
  });
});
