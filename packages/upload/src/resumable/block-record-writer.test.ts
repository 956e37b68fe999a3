import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlockRecordWriter } from './block-record-writer.js';
import { RecordStore } from './record-store.js';
import { RECORD_VERSION } from './record-key.js';

describe('BlockRecordWriter (group commit of block progress)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wcs-writer-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  const fresh = async (name: string, blockCount: number) => {
    const store = new RecordStore(join(dir, name));
    await store.ensureFolder();
    const blocks = Array.from({ length: blockCount }, () => ({ ctx: null, offset: 0, done: false }));
    await store.create({ version: RECORD_VERSION, uploadId: 'U1', file: { path: '/f', size: 1, mtimeMs: 1 }, bucket: 'b', key: 'k', blockSizeBytes: 4, chunkSizeBytes: 1, blocks });
    return store;
  };

  it('coalesces saves made while a write runs, and flush leaves the latest state of every block on disk', async () => {
    const store = await fresh('coalesce', 3);
    const writer = new BlockRecordWriter(store, 'U1');
    const before = store.bytesWritten;
    for (let offset = 1; offset <= 50; offset++) writer.save(0, { ctx: `c${offset}`, offset, done: false });
    writer.save(1, { ctx: 'x', offset: 2, done: false });
    const state = { ctx: 'y', offset: 4, done: true, sha1: ['a'.repeat(40)] };
    writer.save(2, state);
    state.sha1[0] = 'b'.repeat(40); // a later change of the caller's object is not what was saved
    await writer.flush();
    const record = await store.read('U1');
    expect(record.blocks).toEqual([
      { ctx: 'c50', offset: 50, done: false },
      { ctx: 'x', offset: 2, done: false },
      { ctx: 'y', offset: 4, done: true, sha1: ['a'.repeat(40)] },
    ]);
    // 52 saves, far fewer writes: at most the first save of block 0 plus one per block after it.
    const perWrite = JSON.stringify({ ctx: 'c50', offset: 50, done: false }).length;
    expect(store.bytesWritten - before).toBeLessThan(perWrite * 6);
  });

  it('writes a finished block at once, but lets part-sent states wait for their delay (or a flush)', async () => {
    const store = await fresh('delay', 3);
    const writer = new BlockRecordWriter(store, 'U1', { chunkDelayMs: 60_000 });
    const before = store.bytesWritten;
    for (let offset = 1; offset <= 20; offset++) {
      writer.save(0, { ctx: `c${offset}`, offset, done: false });
      await new Promise((r) => setTimeout(r, 1));
    }
    writer.save(1, { ctx: 'x', offset: 4, done: true, sha1: ['a'.repeat(40)] });
    await writer.saved(1);
    // Only the finished block is on disk; block 0's progress is still waiting.
    expect((await store.read('U1')).blocks).toEqual([
      { ctx: null, offset: 0, done: false },
      { ctx: 'x', offset: 4, done: true, sha1: ['a'.repeat(40)] },
      { ctx: null, offset: 0, done: false },
    ]);
    const oneBlock = JSON.stringify({ ctx: 'x', offset: 4, done: true, sha1: ['a'.repeat(40)] }).length;
    expect(store.bytesWritten - before).toBe(oneBlock);
    await writer.flush();
    expect((await store.read('U1')).blocks[0]).toEqual({ ctx: 'c20', offset: 20, done: false });
  });

  it('a part-sent state is written once its delay has passed, and saved() asks for it at once', async () => {
    const store = await fresh('due', 2);
    const writer = new BlockRecordWriter(store, 'U1', { chunkDelayMs: 20 });
    writer.save(0, { ctx: 'c1', offset: 1, done: false });
    while ((await store.read('U1')).blocks[0]!.offset !== 1) await new Promise((r) => setTimeout(r, 5));
    const slow = new BlockRecordWriter(store, 'U1', { chunkDelayMs: 60_000 });
    slow.save(1, { ctx: 'd1', offset: 1, done: false });
    await slow.saved(1);
    expect((await store.read('U1')).blocks[1]).toEqual({ ctx: 'd1', offset: 1, done: false });
    await writer.flush();
    await slow.flush();
  });

  it('a delay that ends after its state was already written leaves the writer idle, and flush returns', async () => {
    const store = await fresh('late-timer', 1);
    const writer = new BlockRecordWriter(store, 'U1', { chunkDelayMs: 5 });
    writer.save(0, { ctx: 'c1', offset: 1, done: false });
    // The finished state replaces the waiting one and is written at once; the delay then finds nothing to do.
    writer.save(0, { ctx: 'c2', offset: 2, done: true, sha1: ['a'.repeat(40)] });
    await writer.saved(0);
    await new Promise((r) => setTimeout(r, 30));
    await writer.flush();
    expect((await store.read('U1')).blocks[0]).toEqual({ ctx: 'c2', offset: 2, done: true, sha1: ['a'.repeat(40)] });
  });

  it('a failed write is reported by flush and by the next save', async () => {
    const store = await fresh('fails', 1);
    const writer = new BlockRecordWriter(store, 'U1');
    await rm(store.recordPath('U1'), { recursive: true });
    writer.save(0, { ctx: 'c', offset: 1, done: false });
    await expect(writer.flush()).rejects.toMatchObject({ reason: 'io' });
    expect(() => writer.save(0, { ctx: 'c', offset: 2, done: false })).toThrow(/Cannot write the resume record/);
  });
});
