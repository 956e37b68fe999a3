import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
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

  it('creates the folder 0700 and writes records and index entries 0600, atomically (no temp files left)', async () => {
    const store = new RecordStore(join(dir, 'nested', 'records'));
    await store.ensureFolder();
    expect((await stat(store.folder)).mode & 0o777).toBe(0o700);
    await store.write(record());
    await store.write(record({ blocks: [{ ctx: 'c1', offset: 10, done: true, sha1: ['b'.repeat(40)] }] }));
    await store.writeIndex('k'.repeat(64), 'Abc123');
    expect((await stat(store.recordPath('Abc123'))).mode & 0o777).toBe(0o600);
    expect((await stat(store.indexPath('k'.repeat(64)))).mode & 0o777).toBe(0o600);
    expect((await readdir(store.folder)).sort()).toEqual(['Abc123.json', `auto-${'k'.repeat(64)}.json`]);
    expect((await store.read('Abc123')).blocks[0]?.ctx).toBe('c1');
    expect(await store.lookup('k'.repeat(64))).toBe('Abc123');
    await store.remove('Abc123', 'k'.repeat(64));
    expect(await readdir(store.folder)).toEqual([]);
    expect(await store.lookup('k'.repeat(64))).toBeUndefined();
  });

  it('refuses a missing, corrupt, malformed or foreign record with WcsResumeRecordError', async () => {
    const store = new RecordStore(dir);
    await expect(store.read('Nope')).rejects.toThrow(new RegExp(`No resume record for upload id Nope in ${dir}`));
    await writeFile(store.recordPath('Bad'), '{"version": 1, "uploadId": "Bad", ');
    await expect(store.read('Bad')).rejects.toThrow(/not valid JSON/);
    await writeFile(store.recordPath('Odd'), JSON.stringify({ version: 1, uploadId: 'Odd' }));
    await expect(store.read('Odd')).rejects.toThrow(/not a resume record/);
    await writeFile(store.recordPath('Other'), JSON.stringify(record()));
    await expect(store.read('Other')).rejects.toThrow(/belongs to upload id Abc123/);
    await writeFile(store.indexPath('x'), 'garbage');
    await expect(store.lookup('x')).rejects.toBeInstanceOf(WcsResumeRecordError);
    await writeFile(store.indexPath('y'), JSON.stringify({ version: 99, uploadId: 'A' }));
    await expect(store.lookup('y')).rejects.toThrow(/format version 99/);
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
