import { createHash, type Hash } from 'node:crypto';
import { createCodedError } from './abort.js';
import { BLOCK_SIZE } from './constants.js';

const SINGLE_BLOCK_PREFIX = 0x16;
const MULTI_BLOCK_PREFIX = 0x96;

/**
 * Renders a 21-byte etag tag as URL-safe base64 (always 28 characters, no padding: §3.1 step 4).
 */
export function encodeEtag(prefix: number, sha1: Uint8Array): string {
  const tag = Buffer.allocUnsafe(21);
  tag[0] = prefix;
  tag.set(sha1, 1);
  return tag.toString('base64url');
}

/** Etag of content whose only block has the given SHA-1 (size ≤ 4 MiB, including empty). */
export function encodeSingleBlockEtag(sha1: Uint8Array): string {
  return encodeEtag(SINGLE_BLOCK_PREFIX, sha1);
}

/** Etag of content of two or more blocks, from the SHA-1 of the concatenated block digests. */
export function encodeMultiBlockEtag(sha1OfDigests: Uint8Array): string {
  return encodeEtag(MULTI_BLOCK_PREFIX, sha1OfDigests);
}

/**
 * Incremental WCS etag (wcs-api.md §3.1). Memory stays constant whatever the input size: only
 * the running SHA-1 of the current 4 MiB block and of the block digests are kept.
 *
 * @example
 * ```ts
 * const hasher = new EtagHasher();
 * for await (const chunk of body) hasher.update(chunk); // e.g. while uploading it
 * hasher.digest(); // 'Fqr0xh3cxeii2r7eDztILNmuqUNN' for 'hello'
 * ```
 */
export class EtagHasher {
  #block: Hash = createHash('sha1');
  #blockBytes = 0;
  #bytes = 0;
  #blocks = new EtagDigestCombiner();
  #result: string | undefined;

  /** Total bytes fed so far. */
  get bytes(): number {
    return this.#bytes;
  }

  /**
   * Feeds bytes; returns `this` for chaining.
   * @throws Error with code `ERR_INVALID_STATE` after {@link EtagHasher.digest}.
   */
  update(chunk: Uint8Array): this {
    if (this.#result !== undefined) {
      throw createCodedError('ERR_INVALID_STATE', 'EtagHasher.update() called after digest()');
    }
    let offset = 0;
    while (offset < chunk.length) {
      // Close a full block only when more data arrives: exactly 4 MiB stays single-block (0x16).
      if (this.#blockBytes === BLOCK_SIZE) this.#finishBlock();
      const take = Math.min(BLOCK_SIZE - this.#blockBytes, chunk.length - offset);
      this.#block.update(take === chunk.length ? chunk : chunk.subarray(offset, offset + take));
      this.#blockBytes += take;
      offset += take;
    }
    this.#bytes += chunk.length;
    return this;
  }

  #finishBlock(): void {
    this.#blocks.push(this.#block.digest());
    this.#block = createHash('sha1');
    this.#blockBytes = 0;
  }

  /** The etag (28 characters). Idempotent; the hasher accepts no more data afterwards. */
  digest(): string {
    if (this.#result !== undefined) return this.#result;
    // The empty input is one empty block: 0x16 || SHA1('').
    if (this.#blockBytes > 0 || this.#bytes === 0) this.#finishBlock();
    this.#result = this.#blocks.digest();
    return this.#result;
  }
}

/**
 * Combines per-block SHA-1 digests supplied in block order into an etag, for callers that hash
 * blocks elsewhere (worker threads). Same constant-memory state as {@link EtagHasher}.
 */
export class EtagDigestCombiner {
  #firstDigest: Uint8Array | undefined;
  #outer: Hash | undefined;
  #blocks = 0;

  push(digest: Uint8Array): void {
    this.#blocks++;
    if (this.#blocks === 1) {
      this.#firstDigest = digest;
      return;
    }
    if (this.#outer === undefined) {
      this.#outer = createHash('sha1');
      this.#outer.update(this.#firstDigest!);
    }
    this.#outer.update(digest);
  }

  digest(): string {
    if (this.#blocks === 0) return encodeSingleBlockEtag(createHash('sha1').digest());
    return this.#outer === undefined
      ? encodeSingleBlockEtag(this.#firstDigest!)
      : encodeMultiBlockEtag(this.#outer.digest());
  }
}

/**
 * The etag of content from the SHA-1 of each of its 4 MiB blocks, in order (wcs-api.md §3.1):
 * for callers that hashed the blocks themselves, e.g. while uploading them, or kept the digests
 * in a resume record. No digests means empty content.
 *
 * @example
 * etagOfBlockDigests([createHash('sha1').update('hello').digest()]); // 'Fqr0xh3cxeii2r7eDztILNmuqUNN'
 */
export function etagOfBlockDigests(digests: Iterable<Uint8Array>): string {
  const combiner = new EtagDigestCombiner();
  for (const digest of digests) combiner.push(digest);
  return combiner.digest();
}
