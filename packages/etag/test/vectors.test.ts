import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  etagOfBlockDigests,
  BLOCK_SIZE,
  Crc64Hasher,
  EtagHasher,
  crc64OfBuffer,
  crc64OfFile,
  crc64OfStream,
  etagAndCrc64OfFile,
  etagAndCrc64OfStream,
  etagOfBuffer,
  etagOfFile,
  etagOfStream,
} from '../src/index.js';

const MiB = 1024 * 1024;

// wcs-api.md §3.1 worked examples.
const goVector = Buffer.concat([Buffer.alloc(2 * MiB, 0x55), Buffer.alloc(2 * MiB, 0x4d), Buffer.from('0')]);
const ETAG_TABLE: Array<[string, Buffer, string]> = [
  ['empty', Buffer.alloc(0), 'Fto5o-5ea0sNMlW_75VgGJCv2AcJ'],
  ['hello', Buffer.from('hello'), 'Fqr0xh3cxeii2r7eDztILNmuqUNN'],
  ['UMUTech@qq.com (Go test vector)', Buffer.from('UMUTech@qq.com'), 'FpAEzHGOWdh-QAYhattxl1vqHLMw'],
  ['4 MiB of 0x00', Buffer.alloc(4 * MiB), 'FivMvS848VwT631aif2dhfWV4jvD'],
  ['4 MiB + 1 of 0x00', Buffer.alloc(4 * MiB + 1), 'lhCFgki5yzon0rjN9uJusf6qtsF6'],
  ['8 MiB of 0x00', Buffer.alloc(8 * MiB), 'lsCVE24-Immdd6zm-ffVVhsWYcDG'],
  ['Go vector: 2 MiB 0x55, 2 MiB 0x4D, "0"', goVector, 'ljQoZqmvLKtOnK_5OHnMRw1djggC'],
];

// wcs-api.md §3.2 worked examples.
const CRC_TABLE: Array<[string, Buffer, string, bigint]> = [
  ['empty', Buffer.alloc(0), '0', 0x0n],
  ['hello', Buffer.from('hello'), '11177612005948864433', 0x9b1edae5dbb937b1n],
  ['123456789', Buffer.from('123456789'), '11051210869376104954', 0x995dc9bbdf1939fan],
  ['4 MiB of 0x00', Buffer.alloc(4 * MiB), '15807926966679858283', 0xdb6109d27c456c6bn],
];

/** The spec's algorithm written as plainly as possible, to check the optimised code against. */
function referenceEtag(data: Uint8Array): string {
  const sha1 = (b: Uint8Array): Buffer => createHash('sha1').update(b).digest();
  if (data.length <= BLOCK_SIZE) return Buffer.concat([Buffer.from([0x16]), sha1(data)]).toString('base64url');
  const digests: Buffer[] = [];
  for (let i = 0; i < data.length; i += BLOCK_SIZE) digests.push(sha1(data.subarray(i, i + BLOCK_SIZE)));
  return Buffer.concat([Buffer.from([0x96]), sha1(Buffer.concat(digests))]).toString('base64url');
}

/** §3.2's bit-at-a-time definition, in BigInt. Slow: small inputs only. */
function referenceCrc64(data: Uint8Array): string {
  let crc = 0xffffffffffffffffn;
  for (const byte of data) {
    crc ^= BigInt(byte);
    for (let bit = 0; bit < 8; bit++) crc = crc & 1n ? (crc >> 1n) ^ 0xc96c5795d7870f42n : crc >> 1n;
  }
  return (crc ^ 0xffffffffffffffffn).toString();
}

/** Deterministic pseudo-random bytes (xorshift32), so failures reproduce. */
function pseudoRandom(size: number, seed: number): Buffer {
  const out = Buffer.allocUnsafe(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

// eslint-disable-next-line @typescript-eslint/require-await -- an async generator is the plain AsyncIterable under test; nothing to await
async function* chunked(data: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

function feedUneven<T extends { update(chunk: Uint8Array): unknown }>(hasher: T, data: Uint8Array): T {
  // Chunk sizes that straddle the 4 MiB boundary in different ways, including empty chunks.
  const sizes = [0, 1, 7, 4093, 65537, BLOCK_SIZE - 3, 2 * MiB + 11];
  let offset = 0;
  for (let i = 0; offset < data.length; i++) {
    const size = sizes[i % sizes.length]!;
    hasher.update(data.subarray(offset, offset + size));
    offset += size;
  }
  return hasher;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wcs-etag-vectors-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('etag worked examples (wcs-api.md §3.1)', () => {
  it.each(ETAG_TABLE)('%s', async (_name, data, expected) => {
    expect(etagOfBuffer(data)).toBe(expected);
    expect(referenceEtag(data)).toBe(expected);
    expect(feedUneven(new EtagHasher(), data).digest()).toBe(expected);
    expect(await etagOfStream(chunked(data, 65537))).toBe(expected);
    const path = join(dir, `table-${expected}`);
    await writeFile(path, data);
    expect(await etagOfFile(path, { parallel: false })).toBe(expected);
    expect(await etagOfFile(path, { parallel: 2 })).toBe(expected);
    const digests: Buffer[] = [];
    for (let at = 0; at < data.length || digests.length === 0; at += 4 * 1024 * 1024) {
      digests.push(createHash('sha1').update(data.subarray(at, at + 4 * 1024 * 1024)).digest());
    }
    expect(etagOfBlockDigests(digests)).toBe(expected);
  });

  it('hello has the documented SHA-1 inside the tag', () => {
    const tag = Buffer.from(etagOfBuffer(Buffer.from('hello')), 'base64url');
    expect(tag.toString('hex')).toBe('16aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d');
  });
});

describe('crc64 worked examples (wcs-api.md §3.2)', () => {
  it.each(CRC_TABLE)('%s', async (_name, data, expected, hex) => {
    expect(crc64OfBuffer(data)).toBe(expected);
    expect(new Crc64Hasher().update(data).digestBigInt()).toBe(hex);
    expect(feedUneven(new Crc64Hasher(), data).digest()).toBe(expected);
    expect(await crc64OfStream(chunked(data, 1000))).toBe(expected);
    const path = join(dir, `crc-${expected}`);
    await writeFile(path, data);
    expect(await crc64OfFile(path, { parallel: false })).toBe(expected);
    expect(await crc64OfFile(path, { parallel: 2 })).toBe(expected);
  });

  it('matches the bitwise definition on pseudo-random data of every tail length', () => {
    const data = pseudoRandom(4096 + 15, 7);
    for (const size of [1, 2, 7, 8, 9, 15, 16, 17, 100, 4096 + 15]) {
      expect(crc64OfBuffer(data.subarray(0, size))).toBe(referenceCrc64(data.subarray(0, size)));
    }
  });
});

describe.each([
  ['0', 0],
  ['1', 1],
  ['4 MiB - 1', 4 * MiB - 1],
  ['4 MiB', 4 * MiB],
  ['4 MiB + 1', 4 * MiB + 1],
  ['8 MiB', 8 * MiB],
  ['8 MiB + 1', 8 * MiB + 1],
  ['12 MiB + 17', 12 * MiB + 17],
])('generated content of %s bytes: every entry point agrees', (_label, size) => {
  const data = pseudoRandom(size, size + 1);
  const etag = referenceEtag(data);
  const crc64 = crc64OfBuffer(data);
  let path: string;
  beforeAll(async () => {
    path = join(dir, `generated-${size}.bin`);
    await writeFile(path, data);
  });

  it('buffer and incremental hashers', () => {
    expect(etagOfBuffer(data)).toBe(etag);
    expect(feedUneven(new EtagHasher(), data).digest()).toBe(etag);
    expect(feedUneven(new Crc64Hasher(), data).digest()).toBe(crc64);
    const hasher = new EtagHasher().update(data);
    expect(hasher.bytes).toBe(size);
  });

  it.each([1000, 65537])('streams in %i-byte chunks', async (chunkSize) => {
    expect(await etagOfStream(chunked(data, chunkSize))).toBe(etag);
    expect(await crc64OfStream(chunked(data, chunkSize))).toBe(crc64);
    expect(await etagAndCrc64OfStream(chunked(data, chunkSize))).toEqual({ etag, crc64 });
  });

  it('Node Readable stream', async () => {
    expect(await etagOfStream(Readable.from(chunked(data, 65537)))).toBe(etag);
  });

  it('file, inline', async () => {
    expect(await etagOfFile(path, { parallel: false })).toBe(etag);
    expect(await crc64OfFile(path, { parallel: false })).toBe(crc64);
    expect(await etagAndCrc64OfFile(path, { parallel: false })).toEqual({ etag, crc64 });
  });

  it('file, forced parallel', async () => {
    expect(await etagOfFile(path, { parallel: 2 })).toBe(etag);
    expect(await crc64OfFile(path, { parallel: 3 })).toBe(crc64);
    expect(await etagAndCrc64OfFile(path, { parallel: true })).toEqual({ etag, crc64 });
  });
});
