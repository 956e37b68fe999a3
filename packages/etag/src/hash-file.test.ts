import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BLOCK_SIZE } from './constants.js';
import { crc64Combine, Crc64Hasher } from './crc64-hasher.js';
import { etagOfBuffer, etagOfFile, etagOfStream } from './etag.js';
import { EtagHasher } from './etag-hasher.js';
import { hashFile } from './hash-file.js';

let dir: string;
let large: string;
const largeData = Buffer.alloc(5 * BLOCK_SIZE + 123);
for (let i = 0; i < largeData.length; i += 4096) largeData[i] = (i / 4096) & 0xff;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wcs-etag-hash-file-'));
  large = join(dir, 'large.bin');
  await writeFile(large, largeData);
  await mkdir(join(dir, 'subdir'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('hashFile strategy', () => {
  it('takes the worker path when forced, and agrees with the buffer result', async () => {
    const result = await hashFile(large, { etag: true, crc64: true }, { parallel: 2 });
    expect(result.workers).toBe(1);
    expect(result.etag).toBe(etagOfBuffer(largeData));
    expect(result.crc64).toBe(new Crc64Hasher().update(largeData).digest());
    const three = await hashFile(large, { etag: true, crc64: false }, { parallel: 3 });
    expect(three.workers).toBe(2);
    expect(three.etag).toBe(result.etag);
  });

  it('hashes inline when parallel is false, and small files inline by default', async () => {
    expect((await hashFile(large, { etag: true, crc64: false }, { parallel: false })).workers).toBe(0);
    expect((await hashFile(large, { etag: true, crc64: false })).workers).toBe(0); // 20 MiB < threshold
  });

  it('rejects an invalid parallel option', async () => {
    await expect(etagOfFile(large, { parallel: -1 })).rejects.toMatchObject({ code: 'ERR_OUT_OF_RANGE' });
    await expect(etagOfFile(large, { parallel: 1.5 })).rejects.toMatchObject({ code: 'ERR_OUT_OF_RANGE' });
    // A JavaScript caller's wrong type is shown as it is, not as [object Object].
    const wrong = { workers: 2 } as unknown as number;
    await expect(etagOfFile(large, { parallel: wrong })).rejects.toThrow('received { workers: 2 }');
  });
});

describe('errors propagate as Node raised them', () => {
  it('ENOENT', async () => {
    await expect(etagOfFile(join(dir, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(etagOfFile(join(dir, 'missing'), { parallel: 2 })).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('EISDIR, also when parallel is forced', async () => {
    await expect(etagOfFile(join(dir, 'subdir'))).rejects.toMatchObject({ code: 'EISDIR' });
    await expect(etagOfFile(join(dir, 'subdir'), { parallel: 2 })).rejects.toMatchObject({ code: 'EISDIR' });
  });
});

describe('abort', () => {
  it('rejects at once with an already aborted signal', async () => {
    const signal = AbortSignal.abort();
    await expect(etagOfFile(large, { signal })).rejects.toMatchObject({ name: 'AbortError', code: 'ABORT_ERR' });
    await expect(etagOfStream([Buffer.from('x')] as unknown as AsyncIterable<Uint8Array>, { signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('stops the parallel path mid-way', async () => {
    const controller = new AbortController();
    const promise = etagOfFile(large, { parallel: 2, signal: controller.signal });
    controller.abort();
    await expect(promise).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('stops a stalled stream', async () => {
    const controller = new AbortController();
    async function* stalled(): AsyncGenerator<Uint8Array> {
      yield Buffer.from('x');
      await new Promise(() => undefined);
    }
    const promise = etagOfStream(stalled(), { signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    await expect(promise).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('streams', () => {
  it('rejects string chunks', async () => {
    // eslint-disable-next-line @typescript-eslint/require-await -- an async generator is the plain AsyncIterable under test; nothing to await
    async function* strings(): AsyncGenerator<string> {
      yield 'hello';
    }
    await expect(etagOfStream(strings() as unknown as AsyncIterable<Uint8Array>)).rejects.toMatchObject({
      code: 'ERR_INVALID_ARG_TYPE',
    });
  });
});

describe('EtagHasher', () => {
  it('is idempotent on digest() and refuses update() afterwards', () => {
    const hasher = new EtagHasher().update(Buffer.from('hello'));
    expect(hasher.digest()).toBe('Fqr0xh3cxeii2r7eDztILNmuqUNN');
    expect(hasher.digest()).toBe('Fqr0xh3cxeii2r7eDztILNmuqUNN');
    expect(() => hasher.update(Buffer.from('x'))).toThrow(expect.objectContaining({ code: 'ERR_INVALID_STATE' }));
  });
});

describe('crc64Combine', () => {
  it('CRC(A‖B) from CRC(A), CRC(B) and |B|', () => {
    const a = Buffer.from('hello, ');
    const crcOf = (b: Uint8Array): bigint => new Crc64Hasher().update(b).digestBigInt();
    for (const b of [Buffer.alloc(0), Buffer.from('world'), largeData.subarray(0, 100_003)]) {
      expect(crc64Combine(crcOf(a), crcOf(b), b.length)).toBe(crcOf(Buffer.concat([a, b])));
    }
  });
});
