import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { etagOfBlockDigests, etagOfBuffer } from '@wcs/etag';
import { BlockDigests } from './block-digests.js';

const MiB = 1024 * 1024;

describe('BlockDigests + etagOfBlockDigests', () => {
  it.each([1, 4 * MiB - 1, 4 * MiB, 4 * MiB + 1, 9 * MiB + 7])('equals @wcs/etag for %i bytes, fed in uneven pieces and 8 MiB blocks', (size) => {
    const data = randomBytes(size);
    const all: Buffer[] = [];
    for (let start = 0; start < size; start += 8 * MiB) {
      const block = new BlockDigests();
      const end = Math.min(size, start + 8 * MiB);
      for (let at = start; at < end; at += 999_999) block.update(data.subarray(at, Math.min(end, at + 999_999)));
      all.push(...block.digests());
    }
    expect(etagOfBlockDigests(all)).toBe(etagOfBuffer(data));
  });
  it('matches the spec vectors for empty and 4 MiB of zeros (wcs-api.md §3.1)', () => {
    expect(etagOfBlockDigests([])).toBe('Fto5o-5ea0sNMlW_75VgGJCv2AcJ');
    const block = new BlockDigests();
    block.update(Buffer.alloc(4 * MiB));
    expect(etagOfBlockDigests(block.digests())).toBe('FivMvS848VwT631aif2dhfWV4jvD');
  });
});
