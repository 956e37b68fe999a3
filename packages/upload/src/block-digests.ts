import { createHash, type Hash } from 'node:crypto';
import { BLOCK_SIZE_BYTES } from '@wcs/core';

/**
 * SHA-1 of every 4 MiB etag block inside one upload block (wcs-api.md §3.1), fed with the bytes
 * as they are read for sending. Upload blocks are 4 MiB multiples starting at 4 MiB boundaries,
 * so their etag blocks never straddle two upload blocks.
 */
export class BlockDigests {
  #digests: Buffer[] = [];
  #hash: Hash | undefined;
  #inBlock = 0;

  update(data: Uint8Array): void {
    let offset = 0;
    while (offset < data.length) {
      if (this.#hash === undefined) {
        this.#hash = createHash('sha1');
        this.#inBlock = 0;
      }
      const take = Math.min(BLOCK_SIZE_BYTES - this.#inBlock, data.length - offset);
      this.#hash.update(data.subarray(offset, offset + take));
      this.#inBlock += take;
      offset += take;
      if (this.#inBlock === BLOCK_SIZE_BYTES) this.#close();
    }
  }

  #close(): void {
    if (this.#hash !== undefined) this.#digests.push(this.#hash.digest());
    this.#hash = undefined;
  }

  /** The digests in order; closes a partial last etag block. */
  digests(): Buffer[] {
    this.#close();
    return this.#digests;
  }
}
