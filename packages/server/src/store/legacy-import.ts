import { createHash } from 'node:crypto';
import { link, mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoredObject } from './object-store.js';

/** What an earlier @wcs/server kept in a data dir: `index.json` with every object, content under `objects/`. */
interface LegacyIndex {
  buckets: string[];
  objects: StoredObject[];
}

export interface LegacyObject {
  meta: StoredObject;
  /** Content files in order: one file, or the parts of a multipart object. */
  files: string[];
  /** The content was a directory of parts. */
  isParts: boolean;
}

/** The earlier layout's objects, or undefined when `dataDir` has no `index.json`. */
export async function readLegacyIndex(dataDir: string): Promise<{ buckets: string[]; objects: LegacyObject[] } | undefined> {
  let text: string;
  try {
    text = await readFile(join(dataDir, 'index.json'), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  const index = JSON.parse(text) as LegacyIndex;
  const objects: LegacyObject[] = [];
  for (const meta of index.objects) {
    // Content was named by sha256(bucket NUL key): a file, or a directory of parts 000000, 000001, …
    const path = join(dataDir, 'objects', createHash('sha256').update(`${meta.bucket}\0${meta.key}`).digest('hex'));
    const st = await stat(path);
    const files = st.isDirectory() ? (await readdir(path)).sort().map((n) => join(path, n)) : [path];
    objects.push({ meta, files, isParts: st.isDirectory() });
  }
  return { buckets: index.buckets, objects };
}

/** Links a legacy object's files into place as a blob (one file, or a directory of parts `0`, `1`, …). */
export async function linkLegacyBlob(files: string[], target: string, asParts: boolean): Promise<void> {
  await rm(target, { recursive: true, force: true });
  if (!asParts) {
    await link(files[0] as string, target);
    return;
  }
  await mkdir(target);
  for (const [i, f] of files.entries()) await link(f, join(target, String(i)));
}

/** Retires the earlier layout once its objects are committed in the database. */
export async function retireLegacy(dataDir: string): Promise<void> {
  await rename(join(dataDir, 'index.json'), join(dataDir, 'index.json.imported'));
  await rm(join(dataDir, 'objects'), { recursive: true, force: true });
}
