import { describe, expect, it } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { BlockDigests } from './block-digests.js';
import { hashWhileSending } from './hash-while-sending.js';

describe('hashWhileSending', () => {
  it('gives the CRC-32 of the chunk and feeds the block SHA-1 exactly as one update would', async () => {
    const data = randomBytes(1024 * 1024 + 12345);
    const digests = new BlockDigests();
    const crc = await hashWhileSending(data, digests);
    expect(crc).toBe(crc32(data) >>> 0);
    expect(digests.digests().map((d) => d.toString('hex'))).toEqual([createHash('sha1').update(data).digest('hex')]);
  });

  it('lets the event loop run between slices (the request is being sent meanwhile)', async () => {
    let turns = 0;
    const ticking = setInterval(() => turns++, 0);
    const hashing = hashWhileSending(randomBytes(4 * 1024 * 1024), new BlockDigests());
    await hashing;
    clearInterval(ticking);
    expect(turns).toBeGreaterThan(0);
  });
});
