import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { WcsInvalidArgumentError } from '@wcs/core';
import { startWcsServer, type WcsServer } from '@wcs/server';
import { multipartUpload } from '../../src/index.js';
import { ACCESS_KEY, MiB, SECRET_KEY, contextFor, makeFile, makeTempDir, removeDir, shapeOf, uploadRequests } from './helpers.js';

describe('multipartUpload: answers that must not be retried', () => {
  let server: WcsServer;
  let dir: string;
  let file: string;

  beforeAll(async () => {
    server = await startWcsServer({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, buckets: ['test', 'other'] });
    dir = await makeTempDir();
    file = (await makeFile(dir, 'one-block.bin', MiB)).path;
  });
  afterAll(async () => {
    await server.close();
    await removeDir(dir);
  });
  beforeEach(() => server.clearRequestLog());

  const ctx = (overrides = {}) => contextFor(server, { recordFolder: `${dir}/records`, mkblkRetries: 5, mkfileRetries: 5, ...overrides });

  it('wrong secret key: 401 on the first mkblk, one attempt', async () => {
    await expect(multipartUpload(ctx({ secretKey: 'wrong' }), { file, bucket: 'test' })).rejects.toMatchObject({ name: 'WcsServiceError', statusCode: 401 });
    expect(uploadRequests(server.requestLog()).map((e) => `${shapeOf(e)} ${e.status}`)).toEqual([`mkblk/${MiB}/0 401`]);
  });

  it('token scoped to a bucket that does not exist: refused once', async () => {
    await expect(multipartUpload(ctx(), { file, bucket: 'test', policy: { scope: 'nosuchbucket' } })).rejects.toMatchObject({ statusCode: 631 });
    expect(uploadRequests(server.requestLog())).toHaveLength(1);
  });

  it('existing object without overwrite: 406 on mkfile, one attempt; allowed with overwrite=1', async () => {
    await multipartUpload(ctx(), { file, bucket: 'other', key: 'exists.bin' });
    server.clearRequestLog();
    await expect(multipartUpload(ctx(), { file, bucket: 'other', key: 'exists.bin' })).rejects.toMatchObject({ statusCode: 406 });
    expect(uploadRequests(server.requestLog()).map((e) => `${e.endpoint} ${e.status}`)).toEqual(['mkblk 200', 'mkfile 406']);
    const again = await multipartUpload(ctx(), { file, bucket: 'other', key: 'exists.bin', policy: { overwrite: 1 }, restartOnMismatch: true });
    expect(again.statusCode).toBe(200);
  });

  it('a 503 on mkfile is retried', async () => {
    server.setFaults({ rules: [{ endpoint: 'mkfile', status: 503, times: 2 }] });
    try {
      await multipartUpload(ctx(), { file, bucket: 'test', key: 'mkfile-503.bin' });
    } finally {
      server.setFaults({});
    }
    expect(uploadRequests(server.requestLog()).map((e) => `${e.endpoint} ${e.status}`)).toEqual(['mkblk 200', 'mkfile 503', 'mkfile 503', 'mkfile 200']);
  });

  it.each([
    ['block size not a multiple of 4 MiB', { blockSizeBytes: 5 * MiB }],
    ['zero block size', { blockSizeBytes: 0 }],
    ['zero chunk size', { chunkSizeBytes: 0 }],
    ['negative concurrency', { concurrency: -1 }],
    ['upload id with a slash', { uploadId: '../etc' }],
  ])('%s: WcsInvalidArgumentError before any request', async (_label, options) => {
    await expect(multipartUpload(ctx(), { file, bucket: 'test', ...options })).rejects.toBeInstanceOf(WcsInvalidArgumentError);
    expect(server.requestLog()).toHaveLength(0);
  });

  it('sends x: variables as mkfile path segments and MimeType/Deadline, rendered by returnBody', async () => {
    const result = await multipartUpload(ctx(), {
      file,
      bucket: 'test',
      key: 'vars.bin',
      vars: { album: 'trip 2024' },
      mimeType: 'application/x-test',
      deadlineDays: 3,
      policy: { returnBody: '{"album":"$(x:album)","mime":"$(mimeType)","fsize":$(fsize)}' },
    });
    const mkfile = uploadRequests(server.requestLog()).find((e) => e.endpoint === 'mkfile')!;
    expect(mkfile.path).toBe(`/mkfile/${MiB}/x:album/${Buffer.from('trip 2024').toString('base64url')}`);
    expect(result.body).toMatchObject({ album: 'trip 2024', mime: 'application/x-test', fsize: MiB, key: 'vars.bin' });
  });
});
