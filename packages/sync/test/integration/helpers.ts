import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createWcsContext, parseConfig, type WcsConfigInput, type WcsContext } from '@wcs/core';
import type { RequestLogEntry, WcsServer } from '@wcs/server';
import { sync, type SyncEvent, type SyncLocation, type SyncOptions, type SyncSummary } from '@wcs/sync';

export const MiB = 1024 * 1024;
export const ACCESS_KEY = 'ak-sync';
export const SECRET_KEY = 'sk-sync';
export const BUCKET = 'test';

/** A context on `server` with fast retries, 4 MiB blocks sent as 1 MiB chunks, and a private record folder. */
export function contextFor(server: WcsServer, recordFolder: string, overrides: WcsConfigInput = {}): WcsContext {
  return createWcsContext(
    parseConfig({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, putUrl: server.putUrl, mgrUrl: server.mgrUrl, bputSizeBytes: MiB, recordFolder, ...overrides }),
    { retryBaseDelayMs: 5, retryMaxDelayMs: 20 },
  );
}

export const tempDir = (prefix = 'wcs-sync-'): Promise<string> => mkdtemp(join(tmpdir(), prefix));
export const removeDir = (dir: string | undefined): Promise<void> => (dir ? rm(dir, { recursive: true, force: true }) : Promise.resolve());

export async function writeTreeFile(root: string, rel: string, data: string | Uint8Array): Promise<void> {
  const path = join(root, ...rel.split('/'));
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, data);
}

/**
 * The tree of the issue: nested directories, names with spaces, 中文 and `+`, empty files, and
 * `big` files over the 4 MiB multiput threshold used by the tests. Returns rel path → content.
 */
export async function makeTree(root: string, count: number, big: readonly number[] = []): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const names = ['plain', 'with space', '中文 文件', 'a+b', 'x'];
  for (let i = 0; i < count; i++) {
    const dir = `d${i % 7}/${names[i % names.length]} ${i % 3}/${i % 2 ? 'deep/er' : 'flat'}`;
    const rel = `${dir}/${names[(i + 2) % names.length]}-${i}.txt`;
    const data = i % 50 === 0 ? Buffer.alloc(0) : Buffer.from(`file ${i} ${'x'.repeat(i % 300)}`);
    files.set(rel, data);
  }
  big.forEach((size, n) => files.set(`big/large+${n} 大.bin`, randomBytes(size)));
  for (const [rel, data] of files) await writeTreeFile(root, rel, data);
  return files;
}

export interface RunResult {
  events: SyncEvent[];
  summary: SyncSummary;
  of<T extends SyncEvent['type']>(type: T): Array<Extract<SyncEvent, { type: T }>>;
}

export async function runSync(ctx: WcsContext, source: SyncLocation, destination: SyncLocation, options: SyncOptions): Promise<RunResult> {
  const events: SyncEvent[] = [];
  for await (const event of sync(ctx, { from: source, to: destination, progressIntervalMs: 0, ...options })) events.push(event);
  const last = events[events.length - 1];
  if (last?.type !== 'summary') throw new Error('the run did not end with a summary');
  return {
    events,
    summary: last.summary,
    of: <T extends SyncEvent['type']>(type: T) => events.filter((e): e is Extract<SyncEvent, { type: T }> => e.type === type),
  };
}

const MUTATING = new Set(['upload', 'mkblk', 'bput', 'mkfile', 'delete', 'move', 'copy', 'setdeadline', 'fmgr', 'append']);
export const mutatingRequests = (log: readonly RequestLogEntry[]): RequestLogEntry[] => log.filter((e) => MUTATING.has(e.endpoint));
export const uploadRequests = (log: readonly RequestLogEntry[]): RequestLogEntry[] => log.filter((e) => ['upload', 'mkblk', 'bput', 'mkfile'].includes(e.endpoint));

/** Every object under `prefix` downloaded and compared with the tree, byte for byte. */
export async function expectBucketEqualsTree(
  server: WcsServer,
  prefix: string,
  files: ReadonlyMap<string, Buffer>,
  listKeys: () => Promise<string[]>,
): Promise<void> {
  const keys = (await listKeys()).sort();
  const expected = [...files.keys()].map((rel) => prefix + rel).sort();
  if (JSON.stringify(keys) !== JSON.stringify(expected)) throw new Error(`bucket keys differ from the tree: ${keys.length} vs ${expected.length}`);
  const rels = [...files.keys()];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < rels.length) {
      const rel = rels[next++]!;
      const res = await fetch(server.objectUrl(BUCKET, prefix + rel));
      const body = Buffer.from(await res.arrayBuffer());
      if (res.status !== 200 || !body.equals(files.get(rel)!)) throw new Error(`object ${prefix + rel} differs from the local file (status ${res.status})`);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

export async function readTree(root: string, rels: Iterable<string>): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const rel of rels) out.set(rel, await readFile(join(root, ...rel.split('/'))));
  return out;
}

/** The rel paths whose bytes differ between two trees (jest's deep equality is far too slow on MiB buffers). */
export function differences(actual: ReadonlyMap<string, Buffer>, expected: ReadonlyMap<string, Buffer>): string[] {
  const rels = new Set([...actual.keys(), ...expected.keys()]);
  return [...rels].filter((rel) => !(actual.get(rel)?.equals(expected.get(rel) ?? Buffer.alloc(0)) && expected.has(rel)));
}
