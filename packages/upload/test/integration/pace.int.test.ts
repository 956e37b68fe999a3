import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { readdir } from 'node:fs/promises';
import { WcsError } from '@wcs/core';
import { startWcsServer, type WcsServer } from '@wcs/server';
import { multipartStreamUpload, multipartUpload, simpleUpload } from '../../src/index.js';
import { ACCESS_KEY, MiB, SECRET_KEY, contextFor, download, makeFile, makeTempDir, removeDir } from './helpers.js';

const CHUNK = 1 * MiB;

/** `pace` is the upload's rate limiter: awaited before each piece of content is sent. */
describe('the pace hook', () => {
  let server: WcsServer;
  let dir: string;
  const chunkRequests = () => server.requestLog().filter((e) => e.endpoint === 'mkblk' || e.endpoint === 'bput').length;

  beforeAll(async () => {
    server = await startWcsServer({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, buckets: ['test'] });
    dir = await makeTempDir();
  });
  afterAll(async () => {
    await server.close();
    await removeDir(dir);
  });
  beforeEach(() => {
    server.clearRequestLog();
    server.setFaults({});
  });

  it('multipart: announces each chunk with its size before sending it, and holds it back until it resolves', async () => {
    const { path, data } = await makeFile(dir, 'paced', 4 * MiB + 1);
    const ctx = contextFor(server, { bputSizeBytes: CHUNK, concurrency: 0, recordFolder: `${dir}/records` });
    const calls: Array<{ bytes: number; sentBefore: number }> = [];
    let heldMs = 0;
    await multipartUpload(ctx, {
      file: path,
      bucket: 'test',
      key: 'paced',
      pace: async (bytes) => {
        calls.push({ bytes, sentBefore: chunkRequests() });
        const started = Date.now();
        await new Promise((resolve) => setTimeout(resolve, 30));
        // Nothing was sent while the hook held the chunk back.
        expect(chunkRequests()).toBe(calls.length - 1);
        heldMs += Date.now() - started;
      },
    });
    expect(calls).toEqual([CHUNK, CHUNK, CHUNK, CHUNK, 1].map((bytes, i) => ({ bytes, sentBefore: i })));
    expect(heldMs).toBeGreaterThanOrEqual(5 * 29);
    expect((await download(server, 'test', 'paced')).data.equals(data)).toBe(true);
  });

  it('multipart: a chunk sent again after a 503 is announced again', async () => {
    const { path } = await makeFile(dir, 'retried', 2 * CHUNK);
    const ctx = contextFor(server, { bputSizeBytes: CHUNK, concurrency: 0, recordFolder: `${dir}/records` });
    server.setFaults({ rules: [{ endpoint: 'bput', status: 503, times: 1 }] });
    const calls: number[] = [];
    await multipartUpload(ctx, { file: path, bucket: 'test', key: 'retried', pace: (bytes) => void calls.push(bytes) });
    expect(calls).toEqual([CHUNK, CHUNK, CHUNK]);
  });

  it('multipart: a hook that throws stops the upload (a WcsError caused by it); nothing more is sent', async () => {
    const { path } = await makeFile(dir, 'stopped', 4 * CHUNK);
    const ctx = contextFor(server, { bputSizeBytes: CHUNK, concurrency: 0, recordFolder: `${dir}/records` });
    const stop = new Error('over budget');
    let calls = 0;
    const failure: unknown = await multipartUpload(ctx, {
      file: path,
      bucket: 'test',
      key: 'stopped',
      pace: () => {
        if (++calls === 3) throw stop;
      },
    }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(WcsError);
    expect((failure as WcsError).cause).toBe(stop);
    expect(chunkRequests()).toBe(2);
    expect(server.requestLog().some((e) => e.endpoint === 'mkfile')).toBe(false);
    // The record stays, so the upload can resume where it stopped.
    expect((await readdir(`${dir}/records`)).length).toBeGreaterThan(0);
  });

  it('multipart stream: announces each chunk', async () => {
    const ctx = contextFor(server, { bputSizeBytes: CHUNK, concurrency: 0 });
    const calls: number[] = [];
    await multipartStreamUpload(ctx, { source: Buffer.alloc(2 * CHUNK + 5, 7), bucket: 'test', key: 'stream', pace: (bytes) => void calls.push(bytes) });
    expect(calls).toEqual([CHUNK, CHUNK, 5]);
  });

  it('normal upload: announces the file piece by piece (64 KiB reads of a large file), every byte once', async () => {
    const { path, data } = await makeFile(dir, 'simple', 1 * MiB + 3);
    const ctx = contextFor(server);
    const calls: number[] = [];
    await simpleUpload(ctx, {
      source: path,
      bucket: 'test',
      key: 'simple',
      pace: async (bytes) => {
        calls.push(bytes);
        await new Promise((resolve) => setImmediate(resolve));
      },
    });
    expect(calls.reduce((a, b) => a + b, 0)).toBe(data.length);
    expect(calls.length).toBeGreaterThan(1);
    expect(Math.max(...calls)).toBeLessThanOrEqual(256 * 1024);
    expect((await download(server, 'test', 'simple')).data.equals(data)).toBe(true);
  });
});
