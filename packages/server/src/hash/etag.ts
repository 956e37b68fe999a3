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

  /**
   * An independent hasher in the same state (hashing state only, never content). mkblk/bput hash
   * each chunk into a copy and keep it only once the whole chunk is stored, so a chunk cut off
   * midway leaves the block's digest state as it was before that chunk.
   */
  copy(): EtagHasher {
    const twin = new EtagHasher();
    twin.blockDigests.push(...this.blockDigests);
    twin.current = this.current.copy();
    twin.currentLen = this.currentLen;
    twin.total = this.total;
    return twin;
  }

  /**
   * SHA-1 of every 4 MiB etag block so far, the last one possibly partial; the hasher stays
   * usable. Empty input gives the one digest of nothing.
   */
  blockSha1s(): Buffer[] {
    return [...this.blockDigests, this.current.copy().digest()];
  }

  digest(): string {
    return etagFromBlockSha1s(this.blockSha1s());
  }
}

/**
 * The etag from the SHA-1s of consecutive 4 MiB blocks (only the last may be shorter), §3.1:
 * one → 0x16 ‖ d0, more → 0x96 ‖ sha1(d0 ‖ d1 ‖ …).
 */
export function etagFromBlockSha1s(digests: readonly Buffer[]): string {
  if (digests.length === 0) throw new Error('at least one block digest is required');
  const tag =
    digests.length === 1
      ? Buffer.concat([Buffer.from([0x16]), digests[0] as Buffer])
      : Buffer.concat([Buffer.from([0x96]), createHash('sha1').update(Buffer.concat(digests)).digest()]);
  return tag.toString('base64url');
}

export function computeEtag(data: Buffer): string {
  return new EtagHasher().update(data).digest();
}
