import { describe, expect, it } from '@jest/globals';
import { createUploadId, isValidUploadId } from './upload-id.js';

describe('createUploadId', () => {
  it('makes 32 random alphanumerics like py3 (wcs-api.md §11.6)', () => {
    const ids = new Set(Array.from({ length: 100 }, createUploadId));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9]{32}$/);
  });
  it('validates ids used as header values and file names', () => {
    expect(isValidUploadId('abc-DEF_123')).toBe(true);
    expect(isValidUploadId('')).toBe(false);
    expect(isValidUploadId('../x')).toBe(false);
    expect(isValidUploadId('a b')).toBe(false);
  });
});
