import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { startWcsServer, type WcsServer } from '@wcs/server';
import { ACCESS_KEY, SECRET_KEY, startLoopback, type LoopbackServer } from '@wcs/test-support';
import { PythonCompatClient } from '../../src/compat.js';
import { WcsClient, WcsResumeRecordError, etagOfBuffer } from '../../src/index.js';

jest.setTimeout(120_000);

const MiB = 1024 * 1024;
let server: WcsServer;
let py: PythonCompatClient;
let dir: string;
let source: LoopbackServer;
const small = Buffer.from('hello from py3');
const medium = Buffer.alloc(9 * MiB + 123, 7);

beforeAll(async () => {
  server = await startWcsServer({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, buckets: ['test'], jobDelayMs: 10 });
  dir = await mkdtemp(join(tmpdir(), 'wcs-sdk-compat-upload-'));
  py = new PythonCompatClient(
    new WcsClient(
      { accessKey: ACCESS_KEY, secretKey: SECRET_KEY, putUrl: server.putUrl, mgrUrl: server.mgrUrl, recordFolder: join(dir, 'records'), overwrite: 1 },
      { http: { retryBaseDelayMs: 5, retryMaxDelayMs: 20 } },
    ),
  );
  source = await startLoopback({ '/src/hello.txt': { status: 200, body: small } });
  await writeFile(join(dir, 'small.txt'), small);
  await writeFile(join(dir, 'medium.bin'), medium);
});

afterAll(async () => {
  py?.close();
  await server?.close();
  await source?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

beforeEach(() => server.clearRequestLog());

const endpoints = () => server.requestLog().map((e) => e.endpoint);

describe('PythonCompatClient uploads (py3 positional arguments)', () => {
  it('simpleUpload(path, bucket, key): one normal upload under that key', async () => {
    const result = await py.simpleUpload(join(dir, 'small.txt'), 'test', 'py/simple.txt');
    expect(result).toEqual(expect.objectContaining({ bucket: 'test', key: 'py/simple.txt', hash: etagOfBuffer(small) }));
    expect(endpoints()).toEqual(['upload']);
  });

  it('streamUpload(url, bucket, key): the download is stored under key', async () => {
    const result = await py.streamUpload(`${source.url}/src/hello.txt`, 'test', 'py/streamed.txt');
    expect(result.key).toBe('py/streamed.txt');
    expect(result.hash).toBe(etagOfBuffer(small));
    expect(endpoints()).toEqual(['upload']);
  });

  it('multipartUpload(path, bucket, key): mkblk per block, then mkfile', async () => {
    const result = await py.multipartUpload(join(dir, 'medium.bin'), 'test', 'py/multi.bin');
    expect(result.hash).toBe(etagOfBuffer(medium));
    expect(result.resumedBlocks).toBe(0);
    expect(endpoints()).toEqual(['mkblk', 'mkblk', 'mkblk', 'mkfile']);
  });

  it('multipartUpload(path, bucket, key, uploadId): resumes that upload; an unknown id is refused before any request', async () => {
    const controller = new AbortController();
    let uploadId = '';
    const first = py.client.multipartUpload({
      file: join(dir, 'medium.bin'),
      bucket: 'test',
      key: 'py/resumed.bin',
      concurrency: 0,
      resume: 'never',
      signal: controller.signal,
      onUploadId: (id) => (uploadId = id),
      onProgress: (p) => {
        if ((p.blocksDone ?? 0) >= 1) controller.abort();
      },
    });
    await expect(first).rejects.toMatchObject({ code: 'ERR_WCS_ABORTED' });
    server.clearRequestLog();

    const resumed = await py.multipartUpload(join(dir, 'medium.bin'), 'test', 'py/resumed.bin', uploadId);
    expect(resumed.uploadId).toBe(uploadId);
    expect(resumed.resumedBlocks).toBeGreaterThanOrEqual(1);
    expect(resumed.hash).toBe(etagOfBuffer(medium));
    expect(endpoints().filter((e) => e === 'mkblk').length).toBeLessThan(3);

    server.clearRequestLog();
    const unknown = py.multipartUpload(join(dir, 'medium.bin'), 'test', 'py/unknown.bin', 'NoSuchUploadId');
    await expect(unknown).rejects.toBeInstanceOf(WcsResumeRecordError);
    expect(server.requestLog()).toEqual([]);
  });

  it('smartUpload(path, bucket, key, multiSizeMiB = 20): normal upload up to multiSizeMiB, multipart above', async () => {
    await py.smartUpload(join(dir, 'medium.bin'), 'test', 'py/smart-default.bin');
    expect(endpoints()).toEqual(['upload']);
    server.clearRequestLog();
    const result = await py.smartUpload(join(dir, 'medium.bin'), 'test', 'py/smart-8.bin', 8);
    expect(endpoints()).toEqual(['mkblk', 'mkblk', 'mkblk', 'mkfile']);
    expect(result.hash).toBe(etagOfBuffer(medium));
  });
});
