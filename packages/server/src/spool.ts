import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32 } from 'node:zlib';
import { EtagHasher } from './hash/etag.js';

export interface SpoolResult {
  size: number;
  etag: string;
  md5: string;
  crc32: number;
  /** True when more than `limit` bytes arrived; bytes past the limit were discarded. */
  overLimit: boolean;
}

/** The source went past `limit` with `failOverLimit` set; nothing past the limit was read. */
export class SpoolLimitError extends Error {
  override name = 'SpoolLimitError';
  constructor(readonly limit: number) {
    super(`more than ${limit} bytes`);
  }
}

export interface SpoolOptions {
  /** Stop writing (but keep draining, unless `failOverLimit`) past this many bytes. */
  limit?: number;
  /** Past `limit`, fail with {@link SpoolLimitError} at once instead of draining the rest. */
  failOverLimit?: boolean;
  /** Write position in an existing file (bput into a block file). */
  start?: number;
  flags?: string;
  /**
   * Continue this etag state instead of starting from empty (bput continues its block). It is
   * updated in place, so pass a copy when a failed transfer must not count.
   */
  etag?: EtagHasher;
}

/**
 * Streams `source` into `path` while computing the WCS etag, MD5 and CRC-32 incrementally:
 * memory stays bounded whatever the size.
 */
export async function spoolToFile(source: Readable, path: string, options: SpoolOptions = {}): Promise<SpoolResult> {
  const etag = options.etag ?? new EtagHasher();
  const md5 = createHash('md5');
  let crc = 0;
  let size = 0;
  let overLimit = false;
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const hasher = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      const room = limit - size;
      size += chunk.length;
      if (options.failOverLimit && size > limit) {
        cb(new SpoolLimitError(limit));
        return;
      }
      if (room <= 0) {
        overLimit = true;
        cb();
        return;
      }
      const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
      if (part.length < chunk.length) overLimit = true;
      etag.update(part);
      md5.update(part);
      crc = crc32(part, crc);
      cb(null, part);
    },
  });
  await pipeline(source, hasher, createWriteStream(path, { flags: options.flags ?? 'w', start: options.start }));
  return { size, etag: etag.digest(), md5: md5.digest('hex'), crc32: crc >>> 0, overLimit };
}
