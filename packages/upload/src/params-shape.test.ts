import { Readable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { WcsInvalidArgumentError, createWcsContext, parseConfig } from '@wcs/core';
import { createUploadTokenFor, multipartStreamUpload, multipartUpload, simpleUpload, smartUpload, streamUpload } from './index.js';

// Nothing listens on port 1: a call that got as far as a request would fail with a network error instead.
const ctx = createWcsContext(parseConfig({ accessKey: 'ak', secretKey: 'sk', putUrl: 'http://127.0.0.1:1' }));
type Loose = (...args: unknown[]) => unknown;

describe('a JavaScript caller of the positional form is told the params shape', () => {
  it.each([
    ['simpleUpload', simpleUpload, ['./a.jpg', { bucket: 'b' }], 'simpleUpload takes one params object: simpleUpload(ctx, { source, bucket, key?, ...options }).'],
    ['simpleUpload of bytes', simpleUpload, [Buffer.from('x'), { bucket: 'b', key: 'k' }], 'simpleUpload takes one params object: simpleUpload(ctx, { source, bucket, key?, ...options }).'],
    ['streamUpload', streamUpload, ['http://example.com/a', { bucket: 'b', key: 'k' }], 'streamUpload takes one params object: streamUpload(ctx, { url, bucket, key, ...options }).'],
    ['multipartUpload', multipartUpload, ['./a.bin', { bucket: 'b' }], 'multipartUpload takes one params object: multipartUpload(ctx, { file, bucket, key?, uploadId?, ...options }).'],
    ['multipartStreamUpload', multipartStreamUpload, [Buffer.from('x'), { bucket: 'b', key: 'k' }], 'multipartStreamUpload takes one params object: multipartStreamUpload(ctx, { source, bucket, key, ...options }).'],
    ['multipartStreamUpload of a stream', multipartStreamUpload, [Readable.from([Buffer.from('x')]), { bucket: 'b', key: 'k' }], 'multipartStreamUpload takes one params object: multipartStreamUpload(ctx, { source, bucket, key, ...options }).'],
    ['smartUpload', smartUpload, ['./a.bin', { bucket: 'b' }], 'smartUpload takes one params object: smartUpload(ctx, { file, bucket, key?, thresholdBytes?, ...options }).'],
  ])('%s', async (_name, fn, args, message) => {
    const error = await Promise.resolve()
      .then(() => (fn as Loose)(ctx, ...args))
      .then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(WcsInvalidArgumentError);
    expect((error as Error).message).toBe(message);
  });

  it('createUploadTokenFor', () => {
    expect(() => (createUploadTokenFor as Loose)(ctx, 'b')).toThrow('createUploadTokenFor takes one params object: createUploadTokenFor(ctx, { bucket, key?, policy? }).');
  });
});
