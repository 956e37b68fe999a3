import { randomBytes } from 'node:crypto';
import { createWriteStream, readlinkSync, realpathSync, statSync, type Stats, type WriteStream } from 'node:fs';
import { chmod, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { once } from 'node:events';
import { WcsInvalidArgumentError } from '@wcs/core';

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

/**
 * Where a write to `path` really goes. A symbolic link is followed, so the file it points to is
 * replaced and the link stays (as Python's `open(path, 'w')` does). A destination that is not a
 * regular file (`/dev/null`, `/dev/stdout`, a FIFO) cannot be replaced by a rename (as root, that
 * would put a regular file in place of the device): it is written directly.
 */
export function writeTargetOf(path: string): { path: string; existing: Stats | undefined; direct: boolean } {
  let existing: Stats | undefined;
  try {
    existing = statSync(path);
  } catch {
    existing = undefined;
  }
  // Opened by the name given: /dev/stdout resolves to a /proc name that cannot be opened.
  if (existing !== undefined && !existing.isFile() && !existing.isDirectory()) return { path, existing, direct: true };
  return { path: existing === undefined ? danglingLinkTarget(path) : realpathSync(path), existing, direct: false };
}

/** The file a chain of links leads to when it does not exist yet (the path itself when it is no link). */
function danglingLinkTarget(path: string): string {
  let current = path;
  for (let hop = 0; hop < 40; hop += 1) {
    let link: string;
    try {
      link = readlinkSync(current);
    } catch {
      return current;
    }
    current = resolve(dirname(current), link);
  }
  return current;
}

export function createAtomicWriter(path: string, shown = path): AtomicWriter {
  const target = writeTargetOf(path);
  // A device or FIFO is written straight into: there is nothing to rename, and nothing to take back.
  if (target.direct) return streamWriter(createWriteStream(target.path, { flags: 'w' }), shown);
  const temp = tempPathFor(target.path);
  return streamWriter(createWriteStream(temp, { flags: 'wx', mode: 0o644 }), shown, {
    async finish() {
      try {
        // A file replaced keeps its permissions (a private RESFILE stays private).
        if (target.existing) await chmod(temp, target.existing.mode & 0o7777);
        await rename(temp, target.path);
      } catch (error) {
        throw describeWriteError(error, shown);
      }
    },
    discard: () => rm(temp, { force: true }),
  });
}

/**
 * The writer over one stream: `finish` runs once every byte is written (the temporary file's
 * rename), `discard` after an abort has closed the stream (its removal).
 */
function streamWriter(stream: WriteStream, shown: string, steps: { finish?: () => Promise<void>; discard?: () => Promise<void> } = {}): AtomicWriter {
  let failure: Error | undefined;
  stream.on('error', (error) => {
    failure = describeWriteError(error, shown);
  });
  let done = false;
  return {
    async write(text) {
      if (failure) throw failure;
      if (!stream.write(text)) await Promise.race([once(stream, 'drain'), once(stream, 'error').then(([e]) => Promise.reject(describeWriteError(e, shown)))]);
    },
    async commit() {
      if (failure) throw failure;
      await new Promise<void>((resolve, reject) => {
        stream.once('error', (e) => reject(describeWriteError(e, shown)));
        stream.end(() => resolve());
      });
      await steps.finish?.();
      done = true;
    },
    async abort() {
      if (!done) {
        // The file is opened asynchronously: removing it before the destroyed stream has closed
        // could run before the open, which would then leave the file behind.
        stream.destroy();
        if (!stream.closed) await once(stream, 'close');
        await steps.discard?.();
      }
    },
  };
}

/**
 * A local file that cannot be written is reported under the name the user gave (not the
 * temporary name), as a usage error: the path is what must change.
 */
function describeWriteError(error: unknown, shown: string): Error {
  if (error instanceof WcsInvalidArgumentError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const why: Record<string, string> = {
    ENOENT: 'its directory does not exist',
    ENOTDIR: 'a parent is not a directory',
    EISDIR: 'it is a directory',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'read-only file system',
  };
  // Streams and fs calls fail with Errors (not always `instanceof Error`: Node's realm differs under jest).
  if (code === undefined || why[code] === undefined) return error as Error;
  return new WcsInvalidArgumentError(`cannot write ${shown}: ${why[code]}.`, { cause: error });
}

/** Writes a whole file atomically (temp file + rename). */
export async function writeFileAtomic(path: string, text: string, shown = path): Promise<void> {
  const writer = createAtomicWriter(path, shown);
  try {
    await writer.write(text);
    await writer.commit();
  } finally {
    await writer.abort();
  }
}
