import { createHash, type Hash } from 'node:crypto';

/** WCS etag block size: always 4 MiB (wcs-api.md §3.1; py2's configurable size is a bug). */
export const ETAG_BLOCK_SIZE = 4 * 1024 * 1024;

/**
 * Incremental WCS etag (wcs-api.md §3.1): SHA-1 per 4 MiB block; one block (≤ 4 MiB, including
 * empty) → 0x16 ‖ sha1(content), else 0x96 ‖ sha1(sha1(b0) ‖ sha1(b1) ‖ …); URL-safe Base64.
 * Holds at most one block digest state, never the content.
 */
export class EtagHasher {
  private readonly blockDigests: Buffer[] = [];
  private current: Hash = createHash('sha1');
  private currentLen = 0;
  private total = 0;

  update(chunk: Buffer): this {
    let pos = 0;
    while (pos < chunk.length) {
      if (this.currentLen === ETAG_BLOCK_SIZE) {
        this.blockDigests.push(this.current.digest());
        this.current = createHash('sha1');
        this.currentLen = 0;
      }
      const take = Math.min(ETAG_BLOCK_SIZE - this.currentLen, chunk.length - pos);
      this.current.update(chunk.subarray(pos, pos + take));
      this.currentLen += take;
      pos += take;
    }
    this.total += chunk.length;
    return this;
  }

  get size(): number {
    return this.total;
  }

  digest(): string {
    const last = this.current.digest();
    let tag: Buffer;
    if (this.blockDigests.length === 0) {
      tag = Buffer.concat([Buffer.from([0x16]), last]);
    } else {
      const all = Buffer.concat([...this.blockDigests, last]);
      tag = Buffer.concat([Buffer.from([0x96]), createHash('sha1').update(all).digest()]);
    }
    return tag.toString('base64url');
  }
}

export function computeEtag(data: Buffer): string {
  return new EtagHasher().update(data).digest();
}
