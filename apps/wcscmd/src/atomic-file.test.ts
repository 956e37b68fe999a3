import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WcsInvalidArgumentError } from '@wcs/core';
import { createAtomicWriter, writeFileAtomic } from './atomic-file.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wcscmd-atomic-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('atomic file writes', () => {
  it('the final name appears only on commit, replacing the old content', async () => {
    const file = join(dir, 'out');
    writeFileSync(file, 'old');
    const w = createAtomicWriter(file);
    await w.write('new ');
    await w.write('content');
    expect(readFileSync(file, 'utf8')).toBe('old');
    await w.commit();
    await w.abort();
    expect(readFileSync(file, 'utf8')).toBe('new content');
    expect(readdirSync(dir)).toEqual(['out']);
  });
  it('abort right after creation never leaves a temporary file (the open may still be pending)', async () => {
    const file = join(dir, 'out');
    writeFileSync(file, 'old');
    for (let i = 0; i < 300; i++) {
      const w = createAtomicWriter(file);
      await w.write('partial');
      await w.abort();
    }
    expect(readdirSync(dir)).toEqual(['out']);
  });
  it('abort leaves no temporary file and the old file untouched', async () => {
    const file = join(dir, 'out');
    writeFileSync(file, 'old');
    const w = createAtomicWriter(file);
    await w.write('partial');
    await w.abort();
    expect(readdirSync(dir)).toEqual(['out']);
    expect(readFileSync(file, 'utf8')).toBe('old');
  });
  it('a missing directory is a usage error naming the file as given', async () => {
    await expect(writeFileAtomic(join(dir, 'no', 'out'), 'x', 'no/out')).rejects.toThrow(WcsInvalidArgumentError);
    await expect(writeFileAtomic(join(dir, 'no', 'out'), 'x', 'no/out')).rejects.toThrow('cannot write no/out: its directory does not exist.');
  });
});
