import { randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { once } from 'node:events';

/** A temporary name beside `path`, so the final rename stays on one file system. */
export const tempPathFor = (path: string): string =>
  join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);

/**
 * A file written under a temporary name and renamed onto `path` only by {@link AtomicWriter.commit}:
 * readers never see a half-written RESFILE, and a failed run leaves the old file (or none).
 */
export interface AtomicWriter {
  /** Writes text, waiting for the stream to drain when its buffer is full (constant memory). */
  write(text: string): Promise<void>;
  commit(): Promise<void>;
  /** Removes the temporary file; safe to call after a failed or successful commit. */
  abort(): Promise<void>;
}

export function createAtomicWriter(path: string): AtomicWriter {
  const temp = tempPathFor(path);
  const stream: WriteStream = createWriteStream(temp, { flags: 'wx', mode: 0o644 });
  let failure: unknown;
  stream.on('error', (error) => {
    failure = error;
  });
  let done = false;
  return {
    async write(text) {
      if (failure) throw failure;
      if (!stream.write(text)) await Promise.race([once(stream, 'drain'), once(stream, 'error').then(([e]) => Promise.reject(e))]);
    },
    async commit() {
      if (failure) throw failure;
      await new Promise<void>((resolve, reject) => {
        stream.once('error', reject);
        stream.end(() => resolve());
      });
      await rename(temp, path);
      done = true;
    },
    async abort() {
      if (!done) {
        stream.destroy();
        await rm(temp, { force: true });
      }
    },
  };
}

/** Writes a whole file atomically (temp file + rename). */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const writer = createAtomicWriter(path);
  try {
    await writer.write(text);
    await writer.commit();
  } finally {
    await writer.abort();
  }
}
