import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WcsResumeRecordError } from '@wcs/core';
import { RECORD_VERSION, recordKeyOf } from './record-key.js';
import { RecordStore, describeRecordMismatch, type ResumeRecord } from './record-store.js';

const record = (over: Partial<ResumeRecord> = {}): ResumeRecord => ({
  version: RECORD_VERSION,
  uploadId: 'Abc123',
  file: { path: '/data/f.bin', size: 10, mtimeMs: 1700000000123.5 },
  bucket: 'b',
  key: 'k',
  blockSizeBytes: 4194304,
  chunkSizeBytes: 1048576,
  blocks: [{ ctx: 'c0', offset: 10, done: true, sha1: ['a'.repeat(40)] }],
  ...over,
});
const expectation = { file: { path: '/data/f.bin', size: 10, mtimeMs: 1700000000123.5 }, bucket: 'b', key: 'k', blockSizeBytes: 4194304, chunkSizeBytes: 1048576, blockCount: 1 };

describe('RecordStore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'records-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('creates folders 0700 and writes the header, block files and index entries 0600, atomically (no temp files left)', async () => {
    const store = new RecordStore(join(dir, 'nested', 'records'));
    await store.ensureFolder();
    expect((await stat(store.folder)).mode & 0o777).toBe(0o700);
    await store.create(record({ blocks: [{ ctx: null, offset: 0, done: false }, { ctx: null, offset: 0, done: false }] }));
    expect((await stat(store.recordPath('Abc123'))).mode & 0o777).toBe(0o700);
    await store.writeBlock('Abc123', 1, { ctx: 'c0', offset: 4, done: false });
    await store.writeBlock('Abc123', 1, { ctx: 'c1', offset: 10, done: true, sha1: ['b'.repeat(40)] });
    await store.writeIndex('k'.repeat(64), 'Abc123');
    expect((await stat(join(store.recordPath('Abc123'), 'record.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(store.recordPath('Abc123'), 'block-1.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(store.indexPath('k'.repeat(64)))).mode & 0o777).toBe(0o600);
    expect((await readdir(store.folder)).sort()).toEqual(['Abc123', `auto-${'k'.repeat(64)}.json`]);
    expect((await readdir(store.recordPath('Abc123'))).sort()).toEqual(['block-1.json', 'record.json']);
    expect((await store.read('Abc123')).blocks).toEqual([
      { ctx: null, offset: 0, done: false },
      { ctx: 'c1', offset: 10, done: true, sha1: ['b'.repeat(40)] },
    ]);
    expect(await store.lookup('k'.repeat(64))).toBe('Abc123');
    // A new upload under the same id starts from nothing: no block of the old one survives.
    await store.create(record({ blocks: [{ ctx: null, offset: 0, done: false }, { ctx: null, offset: 0, done: false }] }));
    expect((await store.read('Abc123')).blocks.every((b) => !b.done && b.ctx === null)).toBe(true);
    await store.remove('Abc123', 'k'.repeat(64));
    expect(await readdir(store.folder)).toEqual([]);
    expect(await store.lookup('k'.repeat(64))).toBeUndefined();
  });

  it('writes a bounded number of bytes per chunk, whatever the number of blocks', async () => {
    const store = new RecordStore(dir);
    const plan = (n: number): ResumeRecord => record({ uploadId: `Plan${n}`, blocks: Array.from({ length: n }, () => ({ ctx: null, offset: 0, done: false })) });
    const chunkCost = async (uploadId: string, index: number, done: boolean): Promise<number> => {
      const before = store.bytesWritten;
      await store.writeBlock(uploadId, index, { ctx: `ctx-${'x'.repeat(200)}`, offset: 4194304, done, ...(done ? { sha1: ['c'.repeat(40)] } : {}) });
      return store.bytesWritten - before;
    };
    await store.create(plan(1));
    await store.create(plan(1000));
    for (let i = 0; i < 999; i++) await chunkCost('Plan1000', i, true); // 999 blocks done before the last
    const costAlone = await chunkCost('Plan1', 0, true);
    const costFirst = await chunkCost('Plan1000', 0, true);
    const costLast = await chunkCost('Plan1000', 999, true);
    expect(costFirst).toBe(costAlone);
    expect(costLast).toBe(costAlone);
    expect(costLast).toBeLessThan(400);
    const read = await store.read('Plan1000');
    expect(read.blocks).toHaveLength(1000);
    expect(read.blocks.every((b) => b.done)).toBe(true);
  });

  it('refuses a missing, corrupt, malformed, foreign or other-version record with WcsResumeRecordError', async () => {
    const store = new RecordStore(dir);
    await expect(store.read('Nope')).rejects.toThrow(new RegExp(`No resume record for upload id Nope in ${dir}`));
    const header = (over: Record<string, unknown> = {}) => JSON.stringify({ ...record(), blocks: undefined, blockCount: 1, ...over });
    const make = async (id: string, files: Record<string, string>): Promise<void> => {
      await mkdir(store.recordPath(id));
      for (const [name, text] of Object.entries(files)) await writeFile(join(store.recordPath(id), name), text);
    };
    await make('Bad', { 'record.json': '{"version": 2, "uploadId": "Bad", ' });
    await expect(store.read('Bad')).rejects.toThrow(/not valid JSON/);
    await make('Odd', { 'record.json': JSON.stringify({ version: 2, uploadId: 'Odd' }) });
    await expect(store.read('Odd')).rejects.toThrow(/not a resume record/);
    await make('Empty', {});
    await expect(store.read('Empty')).rejects.toThrow(/not a resume record \(it has no record.json\)/);
    await make('Other', { 'record.json': header() });
    await expect(store.read('Other')).rejects.toThrow(/belongs to upload id Abc123/);
    await make('Abc123', { 'record.json': header(), 'block-0.json': '{"ctx": 5}' });
    await expect(store.read('Abc123')).rejects.toThrow(/block-0.json is not a resume record \(ctx is invalid\)/);
    await make('Far', { 'record.json': header({ uploadId: 'Far' }), 'block-7.json': JSON.stringify({ ctx: 'c', offset: 1, done: false }) });
    await expect(store.read('Far')).rejects.toThrow(/has block-7.json but only 1 blocks/);
    await make('Future', { 'record.json': header({ uploadId: 'Future', version: 3 }) });
    await expect(store.read('Future')).rejects.toThrow(/format version 3, expected 2/);
    // Format version 1 kept the whole record in <folder>/<uploadId>.json.
    await writeFile(store.legacyRecordPath('Old'), JSON.stringify({ ...record(), version: 1, uploadId: 'Old' }));
    await expect(store.read('Old')).rejects.toThrow(/Old\.json has format version 1, which this version no longer reads/);
    await writeFile(store.indexPath('x'), 'garbage');
    await expect(store.lookup('x')).rejects.toBeInstanceOf(WcsResumeRecordError);
    await writeFile(store.indexPath('y'), JSON.stringify({ version: 99, uploadId: 'A' }));
    await expect(store.lookup('y')).rejects.toThrow(/format version 99/);
  });

  it('removes a version-1 index entry and its record', async () => {
    const store = new RecordStore(dir);
    await writeFile(store.indexPath('old'), JSON.stringify({ version: 1, uploadId: 'Old' }));
    await writeFile(store.legacyRecordPath('Old'), '{}');
    expect(await store.hasIndex('old')).toBe(true);
    expect(await store.removeLegacy('old')).toBe(true);
    expect(await readdir(dir)).toEqual([]);
    expect(await store.removeLegacy('old')).toBe(false);
  });
});

describe('describeRecordMismatch', () => {
  it('is undefined for a matching record', () => {
    expect(describeRecordMismatch(record(), expectation)).toBeUndefined();
  });
  it.each([
    ['size', record({ file: { ...expectation.file, size: 11 } }), /file size changed from 11 to 10 bytes/],
    ['mtime', record({ file: { ...expectation.file, mtimeMs: 1 } }), /modified since/],
    ['path', record({ file: { ...expectation.file, path: '/elsewhere' } }), /for file \/elsewhere/],
    ['target', record({ key: 'other' }), /targets b\/other, not b\/k/],
    ['block size', record({ blockSizeBytes: 8388608 }), /block size 8388608, now 4194304/],
    ['chunk size', record({ chunkSizeBytes: 4194304 }), /chunk size 4194304, now 1048576/],
    ['version', record({ version: 0 }), /record format version 0/],
  ])('names a different %s', (_label, rec, message) => {
    expect(describeRecordMismatch(rec, expectation)).toMatch(message);
  });
});

describe('recordKeyOf', () => {
  it('depends on path, target and sizes, as a sha256 hex', () => {
    const base = { path: '/f', bucket: 'b', key: 'k', blockSizeBytes: 4, chunkSizeBytes: 2 };
    const k = recordKeyOf(base);
    expect(k).toMatch(/^[0-9a-f]{64}$/);
    expect(recordKeyOf({ ...base })).toBe(k);
    for (const change of [{ path: '/g' }, { bucket: 'c' }, { key: 'l' }, { blockSizeBytes: 8 }, { chunkSizeBytes: 4 }]) {
      expect(recordKeyOf({ ...base, ...change })).not.toBe(k);
    }
  });
});
