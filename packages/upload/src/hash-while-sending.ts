import { setImmediate as nextTurn } from 'node:timers/promises';
import { crc32 } from 'node:zlib';
import type { BlockDigests } from './block-digests.js';

/** Bytes hashed per turn of the event loop: small enough that the socket keeps being fed. */
const SLICE_BYTES = 256 * 1024;

/**
 * Feeds a chunk to the block's SHA-1s and computes its CRC-32 while the request carrying it is
 * in flight (issue 11): one slice per turn of the event loop, so the transport writes the body
 * and the service works on it in between, instead of the whole chunk being hashed before the
 * request starts. Resolves to the CRC-32 (IEEE, unsigned), for the check of the service's answer.
 */
export async function hashWhileSending(data: Buffer, digests: BlockDigests): Promise<number> {
  let crc = 0;
  for (let at = 0; at < data.length; at += SLICE_BYTES) {
    await nextTurn();
    const part = data.subarray(at, Math.min(data.length, at + SLICE_BYTES));
    digests.update(part);
    crc = crc32(part, crc);
  }
  return crc >>> 0;
}
