import { createHash } from 'node:crypto';
import type { BigIntStats, Dir } from 'node:fs';
import { opendir, stat, lstat } from 'node:fs/promises';
import { join } from 'node:path';

/** Name of the temporary file a download writes beside its target; the walk never reports these. */
export const partFileName = (name: string): string => {
  const part = `.${name}.wcs-sync-part`;
  // File systems cap a name at 255 bytes: a target whose name is that long still needs a part
  // file, so it gets one named by a digest of the name (still matched by PART_RE).
  return Buffer.byteLength(part) <= 255 ? part : `.${createHash('sha256').update(name).digest('hex').slice(0, 32)}.wcs-sync-part`;
};
const PART_RE = /^\..+\.wcs-sync-part$/;

export type WalkEntry =
  | { kind: 'file'; rel: string; abs: string; stats: BigIntStats }
  | { kind: 'symlink'; rel: string; abs: string }
  | { kind: 'part'; rel: string; abs: string }
  | { kind: 'error'; rel: string; abs: string; error: unknown };

/**
 * A name that is not valid UTF-8 comes back from readdir with U+FFFD in it, and that name does
 * not exist ("no such file"): say what is really wrong.
 */
function explain(error: unknown, name: string): unknown {
  if ((error as { code?: string }).code !== 'ENOENT' || !name.includes('\uFFFD')) return error;
  return Object.assign(new Error('its name is not valid UTF-8, so it cannot be a key: rename it'), { code: 'EILSEQ', cause: error });
}

interface Frame {
  dir: Dir;
  rel: string;
  abs: string;
  /** `dev:ino` of this directory and its ancestors, for symlink loop detection. */
  ancestors: readonly string[];
}

/**
 * Walks `root` depth first, streamed: only the open directories of the current path are held,
 * never the list of files. Relative paths use `/`. Symbolic links are reported as such unless
 * `followSymlinks`, which follows them and reports a link back to one of its own ancestors as an
 * error (a loop). Unreadable directories and files are reported as errors and the walk goes on.
 * Other file types (sockets, FIFOs, devices) are left out, and so are `skipDirs` (the sync's own
 * state folder and the multipart record folder, when they lie inside the tree: they are the
 * tool's working files, not the user's).
 */
export async function* walk(root: string, options: { followSymlinks: boolean; skipDirs?: readonly string[] }): AsyncGenerator<WalkEntry, void, undefined> {
  const rootStats = await stat(root, { bigint: true });
  const stack: Frame[] = [];
  const open = async (rel: string, abs: string, ancestors: readonly string[]): Promise<WalkEntry | undefined> => {
    try {
      stack.push({ dir: await opendir(abs, { bufferSize: 128 }), rel, abs, ancestors });
      return undefined;
    } catch (error) {
      return { kind: 'error', rel, abs, error };
    }
  };
  const first = await open('', root, [`${rootStats.dev}:${rootStats.ino}`]);
  if (first) {
    yield first;
    return;
  }
  try {
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      let dirent;
      try {
        dirent = await frame.dir.read();
      } catch (error) {
        yield { kind: 'error', rel: frame.rel, abs: frame.abs, error };
        dirent = null;
      }
      if (dirent === null) {
        stack.pop();
        await frame.dir.close().catch(() => undefined);
        continue;
      }
      const rel = frame.rel === '' ? dirent.name : `${frame.rel}/${dirent.name}`;
      const abs = join(frame.abs, dirent.name);
      if (dirent.isSymbolicLink()) {
        if (!options.followSymlinks) {
          yield { kind: 'symlink', rel, abs };
          continue;
        }
        let target: BigIntStats;
        try {
          target = await stat(abs, { bigint: true });
        } catch (error) {
          yield { kind: 'error', rel, abs, error: explain(error, dirent.name) };
          continue;
        }
        if (target.isDirectory()) {
          const id = `${target.dev}:${target.ino}`;
          if (frame.ancestors.includes(id)) {
            yield { kind: 'error', rel, abs, error: Object.assign(new Error('symbolic link loop: it points to one of its own parent directories'), { code: 'ELOOP' }) };
            continue;
          }
          const failed = await open(rel, abs, [...frame.ancestors, id]);
          if (failed) yield failed;
        } else if (target.isFile()) {
          yield { kind: 'file', rel, abs, stats: target };
        }
        continue;
      }
      if (dirent.isDirectory()) {
        if (options.skipDirs?.includes(abs)) continue;
        let id: string;
        try {
          const s = await lstat(abs, { bigint: true });
          id = `${s.dev}:${s.ino}`;
        } catch (error) {
          yield { kind: 'error', rel, abs, error: explain(error, dirent.name) };
          continue;
        }
        const failed = await open(rel, abs, [...frame.ancestors, id]);
        if (failed) yield failed;
        continue;
      }
      if (!dirent.isFile()) continue;
      if (PART_RE.test(dirent.name)) {
        yield { kind: 'part', rel, abs };
        continue;
      }
      try {
        yield { kind: 'file', rel, abs, stats: await lstat(abs, { bigint: true }) };
      } catch (error) {
        yield { kind: 'error', rel, abs, error: explain(error, dirent.name) };
      }
    }
  } finally {
    for (const frame of stack) await frame.dir.close().catch(() => undefined);
  }
}
