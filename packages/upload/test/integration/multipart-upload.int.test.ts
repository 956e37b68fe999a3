import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { readdir } from 'node:fs/promises';
import { etagOfBuffer } from '@wcs/etag';
import { startWcsServer, type WcsServer } from '@wcs/server';
import { multipartUpload } from '../../src/index.js';
import { ACCESS_KEY, MiB, SECRET_KEY, contextFor, download, makeFile, makeTempDir, removeDir, shapeOf, uploadRequests } from './helpers.js';

const CHUNK = 1 * MiB;
const BLOCK = 4 * MiB;

/** The requests a sequential upload of `size` bytes must make, in order. */
function expectedShapes(size: number): string[] {
  const shapes: string[] = [];
  for (let start = 0, i = 0; start < size; start += BLOCK, i++) {
    const blockSize = Math.min(BLOCK, size - start);
    shapes.push(`mkblk/${blockSize}/${i}`);
    for (let off = CHUNK; off < blockSize; off += CHUNK) shapes.push(`bput/${off}`);
  }
  shapes.push(`mkfile/${size}`);
  return shapes;
}

describe('multipartUpload against @wcs/server', () => {
  let server: WcsServer;
  let dir: string;

  beforeAll(async () => {
    server = await startWcsServer({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, buckets: ['test', 'other'] });
    dir = await makeTempDir();
  });
  afterAll(async () => {
    await server.close();
    await removeDir(dir);
  });
  beforeEach(() => server.clearRequestLog());

  it.each([
    ['1 byte', 1],
    ['chunk - 1', CHUNK - 1],
    ['chunk', CHUNK],
    ['chunk + 1', CHUNK + 1],
    ['4 MiB - 1', BLOCK - 1],
    ['4 MiB', BLOCK],
    ['4 MiB + 1', BLOCK + 1],
    ['8 MiB + 1', 2 * BLOCK + 1],
  ])('%s: mkblk per block, bputs in order, one mkfile; hash and bytes match', async (_label, size) => {
    const { path, data } = await makeFile(dir, `f-${size}`, size);
    const ctx = contextFor(server, { bputSizeBytes: CHUNK, concurrency: 0, recordFolder: `${dir}/records` });
    const key = `multi/${size}`;
    const result = await multipartUpload(ctx, { file: path, bucket: 'test', key });

    const log = uploadRequests(server.requestLog());
    expect(log.map(shapeOf)).toEqual(expectedShapes(size));
    expect(log.every((e) => e.status === 200)).toBe(true);
    // Each chunk carried exactly its bytes.
    const sent = log.filter((e) => e.endpoint === 'mkblk' || e.endpoint === 'bput').reduce((s, e) => s + e.bytesIn, 0);
    expect(sent).toBe(size);
    expect(result.hash).toBe(etagOfBuffer(data));
    expect(result.key).toBe(key);
    expect(result.fsize).toBe(size);
    expect(result.uploadId).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(result.resumedBlocks).toBe(0);
    const got = await download(server, 'test', key);
    expect(got.status).toBe(200);
    expect(got.data.equals(data)).toBe(true);
    // The record and its index are gone once mkfile succeeded.
    expect(await readdir(`${dir}/records`)).toEqual([]);
  });

  it('0 bytes: goes by normal upload (no mkblk)', async () => {
    const { path } = await makeFile(dir, 'empty', 0);
    const ctx = contextFor(server, { bputSizeBytes: CHUNK, recordFolder: `${dir}/records` });
    const result = await multipartUpload(ctx, { file: path, bucket: 'test', key: 'multi/empty' });
    expect(uploadRequests(server.requestLog()).map(shapeOf)).toEqual(['upload']);
    expect(result.hash).toBe('Fto5o-5ea0sNMlW_75VgGJCv2AcJ');
    expect(result.uploadId).toBe('');
    expect((await download(server, 'test', 'multi/empty')).data.length).toBe(0);
  });
});
