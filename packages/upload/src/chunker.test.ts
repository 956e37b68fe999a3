import { describe, expect, it } from '@jest/globals';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WcsIntegrityError, WcsInvalidArgumentError } from '@wcs/core';
import { planBlocks, planChunks, readBlockChunks, resolvePartSizes } from './chunker.js';

const MiB = 1024 * 1024;

describe('resolvePartSizes', () => {
  it('accepts 4 MiB multiples and caps the chunk to the block', () => {
    expect(resolvePartSizes(8 * MiB, MiB)).toEqual({ blockSizeBytes: 8 * MiB, chunkSizeBytes: MiB });
    expect(resolvePartSizes(4 * MiB, 16 * MiB)).toEqual({ blockSizeBytes: 4 * MiB, chunkSizeBytes: 4 * MiB });
  });
  it.each([0, -4 * MiB, 3 * MiB, 4 * MiB + 2, 1.5, Number.NaN])('refuses block size %p', (size) => {
    expect(() => resolvePartSizes(size, MiB)).toThrow(WcsInvalidArgumentError);
  });
  it.each([0, -1, 0.5])('refuses chunk size %p', (size) => {
    expect(() => resolvePartSizes(4 * MiB, size)).toThrow(WcsInvalidArgumentError);
  });
});

describe('planBlocks / planChunks', () => {
  it('cuts blocks; only the last is shorter', () => {
    expect(planBlocks(0, 4 * MiB)).toEqual([]);
    expect(planBlocks(1, 4 * MiB)).toEqual([{ index: 0, start: 0, size: 1 }]);
    expect(planBlocks(8 * MiB + 1, 4 * MiB)).toEqual([
      { index: 0, start: 0, size: 4 * MiB },
      { index: 1, start: 4 * MiB, size: 4 * MiB },
      { index: 2, start: 8 * MiB, size: 1 },
    ]);
    expect(planBlocks(8 * MiB, 8 * MiB)).toHaveLength(1);
  });
  it('cuts chunks inside a block', () => {
    expect(planChunks(4 * MiB, 4 * MiB)).toEqual([{ offset: 0, size: 4 * MiB }]);
    expect(planChunks(MiB + 1, MiB)).toEqual([
      { offset: 0, size: MiB },
      { offset: MiB, size: 1 },
    ]);
  });
});

describe('readBlockChunks', () => {
  it('yields the chunks of a block from an offset, with lastChunk on the final one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'chunker-'));
    try {
      const data = Buffer.from(Array.from({ length: 25 }, (_, i) => i));
      await writeFile(join(dir, 'f'), data);
      const file = await open(join(dir, 'f'), 'r');
      try {
        const block = { index: 1, start: 10, size: 15 };
        const chunks = [];
        for await (const c of readBlockChunks(file, block, 4, 4, Buffer.alloc(4))) chunks.push({ ...c, data: Buffer.from(c.data) });
        expect(chunks.map((c) => [c.offset, [...c.data], c.lastChunk])).toEqual([
          [4, [14, 15, 16, 17], false],
          [8, [18, 19, 20, 21], false],
          [12, [22, 23, 24], true],
        ]);
        const beyond = readBlockChunks(file, { index: 0, start: 20, size: 10 }, 0, 10, Buffer.alloc(10));
        await expect(beyond.next()).rejects.toBeInstanceOf(WcsIntegrityError);
      } finally {
        await file.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
