import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { WcsAbortError, WcsError, WcsInvalidArgumentError } from '@wcs/core';
import { etagOfBuffer } from '@wcs/etag';
import { startWcsServer, type WcsServer } from '@wcs/server';
import { multipartStreamUpload, simpleUpload, type MultipartStreamUploadParams } from '../../src/index.js';
import { ACCESS_KEY, MiB, SECRET_KEY, contextFor, download, shapeOf, uploadRequests } from './helpers.js';

const BLOCK = 4 * MiB;

describe('multipartStreamUpload (bytes and streams of unknown length)', () => {
  let server: WcsServer;

  beforeAll(async () => {
    server = await startWcsServer({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, buckets: ['test'] });
  });
  afterAll(async () => server.close());
  beforeEach(() => {
    server.clearRequestLog();
    server.setFaults({});
  });

  it('a Buffer: blocks and chunks as for a file, etag checked against mkfile', async () => {
    const data = randomBytes(2 * BLOCK + 5);
    const ctx = contextFor(server, { bputSizeBytes: MiB });
    const result = await multipartStreamUpload(ctx, { source: data, bucket: 'test', key: 'from-buffer.bin', concurrency: 2 });
    expect(result.hash).toBe(etagOfBuffer(data));
    expect(result.fsize).toBe(data.length);
    expect(result.resumedBlocks).toBe(0);
    const shapes = uploadRequests(server.requestLog()).map(shapeOf);
    expect(shapes.filter((s) => s.startsWith('mkblk')).sort()).toEqual([`mkblk/${BLOCK}/0`, `mkblk/${BLOCK}/1`, 'mkblk/5/2']);
    expect(shapes.filter((s) => s.startsWith('bput'))).toHaveLength(6);
    expect(shapes.at(-1)).toBe(`mkfile/${data.length}`);
    expect((await download(server, 'test', 'from-buffer.bin')).data.equals(data)).toBe(true);
  });

  it('a stream of unknown length: memory stays within (concurrency + 1) blocks, counted structurally', async () => {
    const concurrency = 3;
    const pieces: Buffer[] = [];
    for (let size = 0; size < 37 * MiB; ) {
      const piece = randomBytes(100_000 + (pieces.length % 7) * 77_777);
      pieces.push(piece);
      size += piece.length;
    }
    const data = Buffer.concat(pieces);
    let pulled = 0;
    let acknowledged = 0;
    let aheadMax = 0;
    // The source is faster than the uploads (every request waits 20 ms): only backpressure keeps it in check.
    server.setFaults({ rules: [{ endpoint: '*', latencyMs: 20 }] });
    // eslint-disable-next-line @typescript-eslint/require-await -- a generator source, as a user would write one
    async function* source(): AsyncGenerator<Buffer> {
      for (const piece of pieces) {
        pulled += piece.length;
        aheadMax = Math.max(aheadMax, pulled - acknowledged);
        yield piece;
      }
    }
    const ctx = contextFor(server, { bputSizeBytes: MiB });
    const result = await multipartStreamUpload(ctx, {
      source: Readable.from(source()),
      bucket: 'test',
      key: 'from-stream.bin',
      concurrency,
      onProgress: (p) => (acknowledged = p.loaded),
    });
    expect(result.hash).toBe(etagOfBuffer(data));
    expect(result.fsize).toBe(data.length);
    expect((await download(server, 'test', 'from-stream.bin')).data.equals(data)).toBe(true);
    // Bytes taken from the source but not yet acknowledged by the service: in the pooled block
    // buffers (at most concurrency + 1), plus the piece being copied and the 16 pieces
    // Readable.from() holds (its object-mode highWaterMark). Unbounded, this would reach ~37 MiB.
    const largestPiece = Math.max(...pieces.map((p) => p.length));
    expect(aheadMax).toBeLessThanOrEqual((concurrency + 1) * BLOCK + 17 * largestPiece);
    expect(aheadMax).toBeGreaterThan(BLOCK); // it did run ahead: the bound is what held it
  });

  it('an empty stream goes by normal upload', async () => {
    const result = await multipartStreamUpload(contextFor(server), { source: Readable.from([]), bucket: 'test', key: 'empty.bin' });
    expect(result.fsize).toBe(0);
    expect(result.uploadId).toBe('');
    expect(uploadRequests(server.requestLog()).map((e) => e.endpoint)).toEqual(['upload']);
  });

  it('a source that fails midway: rejected with a WcsError, no mkfile, nothing stored', async () => {
    // eslint-disable-next-line @typescript-eslint/require-await -- a generator source, as a user would write one
    async function* broken(): AsyncGenerator<Buffer> {
      yield randomBytes(BLOCK + 10);
      throw new Error('disk on fire');
    }
    const run = multipartStreamUpload(contextFor(server, { bputSizeBytes: MiB }), { source: broken(), bucket: 'test', key: 'broken.bin' });
    await expect(run).rejects.toBeInstanceOf(WcsError);
    await expect(run).rejects.toThrow(/disk on fire/);
    expect(uploadRequests(server.requestLog()).filter((e) => e.endpoint === 'mkfile')).toHaveLength(0);
    expect((await download(server, 'test', 'broken.bin')).status).toBe(404);
  });

  it('an abort while the source waits for data (a stalled stream) rejects with WcsAbortError, nothing stored', async () => {
    const stalled = new PassThrough();
    stalled.write(randomBytes(BLOCK + 10)); // one block goes out, then the source sends nothing more
    const controller = new AbortController();
    let gaveUp = false;
    const run = multipartStreamUpload(contextFor(server, { bputSizeBytes: MiB }), {
      source: stalled,
      bucket: 'test',
      key: 'stalled.bin',
      signal: controller.signal,
      onProgress: (p) => {
        if (p.loaded === BLOCK && !controller.signal.aborted) {
          controller.abort();
          // Without the fix the upload waits for the source for ever; end the test instead of hanging it.
          setTimeout(() => {
            gaveUp = !stalled.destroyed;
            stalled.destroy();
          }, 10_000).unref();
        }
      },
    });
    await expect(run).rejects.toBeInstanceOf(WcsAbortError);
    expect(gaveUp).toBe(false);
    expect(stalled.destroyed).toBe(true); // the source was told to stop
    expect(uploadRequests(server.requestLog()).filter((e) => e.endpoint === 'mkfile')).toHaveLength(0);
    expect((await download(server, 'test', 'stalled.bin')).status).toBe(404);
  });

  it.each([
    ['objects', [Buffer.from('ab'), { a: 1 }, Buffer.from('cd')]],
    ['numbers', [Buffer.from('ab'), 42]],
    ['null-free arrays', [Buffer.from('ab'), [1, 2]]],
  ])('an object-mode stream of %s is refused with WcsInvalidArgumentError, nothing stored', async (_name, pieces) => {
    const run = multipartStreamUpload(contextFor(server), { source: Readable.from(pieces), bucket: 'test', key: 'object-mode.bin' });
    await expect(run).rejects.toBeInstanceOf(WcsInvalidArgumentError);
    await expect(run).rejects.toThrow(/Buffer, Uint8Array or string chunks/);
    expect(uploadRequests(server.requestLog()).filter((e) => e.endpoint === 'mkfile' || e.endpoint === 'upload')).toHaveLength(0);
    expect((await download(server, 'test', 'object-mode.bin')).status).toBe(404);
  });

  it('a stream already read to its end (by an earlier upload) or destroyed is refused before any request: no empty object replaces the real one', async () => {
    const ctx = contextFor(server, { overwrite: 1 });
    const used = Readable.from([Buffer.from('first content')]);
    await multipartStreamUpload(ctx, { source: used, bucket: 'test', key: 'reused.bin' });
    server.clearRequestLog();
    const destroyed = new PassThrough();
    destroyed.destroy();
    for (const source of [used, destroyed]) {
      await expect(multipartStreamUpload(ctx, { source, bucket: 'test', key: 'reused.bin' })).rejects.toBeInstanceOf(WcsInvalidArgumentError);
      await expect(simpleUpload(ctx, { source, bucket: 'test', key: 'reused.bin' })).rejects.toBeInstanceOf(WcsInvalidArgumentError);
    }
    expect(uploadRequests(server.requestLog())).toHaveLength(0);
    expect((await download(server, 'test', 'reused.bin')).data.toString()).toBe('first content');
  });

  it('a negative concurrency is refused before any request', async () => {
    const run = multipartStreamUpload(contextFor(server), { source: Buffer.from('x'), bucket: 'test', key: 'c.bin', concurrency: -1 });
    await expect(run).rejects.toThrow(WcsInvalidArgumentError);
    expect(uploadRequests(server.requestLog())).toHaveLength(0);
  });

  it('a key is required (the type says so; a JavaScript caller without one is refused)', async () => {
    const params: Omit<MultipartStreamUploadParams, 'key'> = { source: Buffer.from('x'), bucket: 'test' };
    await expect(multipartStreamUpload(contextFor(server), params as MultipartStreamUploadParams)).rejects.toBeInstanceOf(WcsInvalidArgumentError);
  });
});
