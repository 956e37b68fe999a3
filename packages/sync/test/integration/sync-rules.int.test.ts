import { mkdir, readdir, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import type { WcsContext } from '@wcs/core';
import { listAll } from '@wcs/manage';
import { startWcsServer, type WcsServer } from '@wcs/server';
import { sync, type SyncLocation } from '@wcs/sync';
import { ACCESS_KEY, BUCKET, MiB, SECRET_KEY, contextFor, mutatingRequests, removeDir, runSync, tempDir, writeTreeFile } from './helpers.js';

describe('sync rules: filters, sizes, --max-delete, symlinks, bad input, lock', () => {
  let server: WcsServer;
  let work: string;
  let tree: string;
  let ctx: WcsContext;
  let prefix: string;
  let n = 0;
  const stateDir = () => join(work, 'state');
  const local = (): SyncLocation => ({ kind: 'local', path: tree });
  const remote = (): SyncLocation => ({ kind: 'remote', bucket: BUCKET, prefix });
  const keys = async () => {
    const out: string[] = [];
    for await (const o of listAll(ctx, { bucket: BUCKET, prefix })) out.push(o.key.slice(prefix.length));
    return out.sort();
  };

  beforeAll(async () => {
    server = await startWcsServer({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, buckets: [BUCKET] });
    work = await tempDir();
    ctx = contextFor(server, join(work, 'records'));
  });
  afterAll(async () => {
    ctx?.http.close();
    await server?.close();
    await removeDir(work);
  });
  beforeEach(async () => {
    n += 1;
    prefix = `case${n}/`;
    tree = join(work, `tree${n}`);
    await mkdir(tree);
  });
  afterEach(() => server.clearRequestLog());

  test("the config's list settings (list_prefix, list_mode, list_limit, list_marker) do not narrow sync's listing", async () => {
    for (const rel of ['a.txt', 'b.txt', 'sub/c.txt', 'sub/deep/d.txt']) await writeTreeFile(tree, rel, rel);
    await runSync(ctx, local(), remote(), { stateDir: stateDir() });
    const narrowed = contextFor(server, join(work, 'records'), { listPrefix: 'elsewhere/', listMode: 0, listLimit: 1, listMarker: 'zzz' });
    try {
      // A listing that missed objects would plan uploads (or, with delete, deletions) for them.
      const again = await runSync(narrowed, local(), remote(), { stateDir: stateDir(), delete: true });
      expect(again.summary.skipped.files).toBe(4);
      expect(again.summary.uploaded.files).toBe(0);
      expect(again.of('failed')).toEqual([]);
      const lists = server.requestLog().filter((e) => e.endpoint === 'list').map((e) => e.path);
      expect(lists.length).toBeGreaterThan(0);
      for (const path of lists) expect(path).not.toMatch(/[&?](mode|limit)=/);
    } finally {
      narrowed.http.close();
    }
  });

  test('include/exclude follow rsync order on the relative path; min/max size leave files out', async () => {
    await writeTreeFile(tree, 'keep.txt', 'k');
    await writeTreeFile(tree, 'a.log', 'log');
    await writeTreeFile(tree, 'logs/important.log', 'log');
    await writeTreeFile(tree, 'logs/deep/x.log', 'log');
    await writeTreeFile(tree, 'tmp/junk.txt', 'j');
    await writeTreeFile(tree, '.hidden', 'h');
    const filtered = await runSync(ctx, local(), remote(), {
      stateDir: stateDir(),
      filters: [
        { type: 'include', pattern: 'logs/important.log' },
        { type: 'exclude', pattern: '*.log' },
        { type: 'exclude', pattern: 'tmp/**' },
      ],
    });
    expect(filtered.summary.uploaded.files).toBe(3);
    expect(await keys()).toEqual(['.hidden', 'keep.txt', 'logs/important.log']);

    await writeTreeFile(tree, 'sizes/small', 'x'.repeat(10));
    await writeTreeFile(tree, 'sizes/medium', 'x'.repeat(2000));
    await writeTreeFile(tree, 'sizes/large', 'x'.repeat(5000));
    const sized = await runSync(ctx, local(), remote(), { stateDir: stateDir(), minSize: 100, maxSize: 4096, filters: [{ type: 'include', pattern: 'sizes/**' }, { type: 'exclude', pattern: '**' }] });
    expect(sized.of('uploaded').map((e) => e.path)).toEqual(['sizes/medium']);
  });

  test('a file rewritten in place with its mtime restored is missed by the cache and caught by checksum', async () => {
    await writeTreeFile(tree, 'same-size.txt', 'version one');
    const file = join(tree, 'same-size.txt');
    // whole seconds, so the restored mtime is equal to the nanosecond
    const mtime = 1_700_000_000;
    await utimes(file, mtime, mtime);
    await runSync(ctx, local(), remote(), { stateDir: stateDir() });
    await writeFile(file, 'version two');
    await utimes(file, mtime, mtime);
    const cached = await runSync(ctx, local(), remote(), { stateDir: stateDir() });
    expect(cached.summary).toMatchObject({ uploaded: { files: 0 }, hashed: 0, cacheHits: 1 });
    const checked = await runSync(ctx, local(), remote(), { stateDir: stateDir(), checksum: true });
    expect(checked.summary).toMatchObject({ uploaded: { files: 1 }, hashed: 1 });
    expect(checked.of('planned')).toEqual([expect.objectContaining({ action: 'upload', path: 'same-size.txt', reason: 'etag' })]);
  });

  test('files left out by a filter are not deleted on the other side', async () => {
    await writeTreeFile(tree, 'a.txt', 'a');
    await writeTreeFile(tree, 'b.tmp', 'b');
    await writeTreeFile(tree, 'gone.tmp', 'g');
    await runSync(ctx, local(), remote(), { stateDir: stateDir() });
    // gone.tmp exists only remotely now, but it is excluded: --delete leaves it alone
    await rm(join(tree, 'gone.tmp'));
    const run = await runSync(ctx, local(), remote(), { stateDir: stateDir(), delete: true, filters: [{ type: 'exclude', pattern: '*.tmp' }] });
    expect(run.summary.deleted.files).toBe(0);
    expect(await keys()).toEqual(['a.txt', 'b.tmp', 'gone.tmp']);
  });

  test('--max-delete: above it nothing is deleted and the summary says why; at it, everything is', async () => {
    for (let i = 0; i < 5; i++) await writeTreeFile(tree, `f${i}`, `${i}`);
    await runSync(ctx, local(), remote(), { stateDir: stateDir() });
    const emptyTree = join(work, `empty${n}`);
    await mkdir(emptyTree);
    server.clearRequestLog();
    const refused = await runSync(ctx, { kind: 'local', path: emptyTree }, remote(), { stateDir: stateDir(), delete: true, maxDelete: 4 });
    expect(refused.summary.deleteRefused).toBe(true);
    expect(refused.summary.deleteSkipped).toMatch(/5 files would be deleted, more than --max-delete 4/);
    expect(mutatingRequests(server.requestLog())).toEqual([]);
    expect(await keys()).toHaveLength(5);
    const allowed = await runSync(ctx, { kind: 'local', path: emptyTree }, remote(), { stateDir: stateDir(), delete: true, maxDelete: 5 });
    expect(allowed.summary.deleted.files).toBe(5);
    expect(await keys()).toEqual([]);
  });

  test('symlinks are skipped by default; followed with followSymlinks; a loop is a walk error that disables --delete', async () => {
    await writeTreeFile(tree, 'real/file.txt', 'r');
    await writeTreeFile(tree, 'outside-target.txt', 't');
    await symlink(join(tree, 'outside-target.txt'), join(tree, 'link.txt'));
    await symlink(join(tree, 'real'), join(tree, 'real/loop'));
    const plain = await runSync(ctx, local(), remote(), { stateDir: stateDir() });
    expect(plain.of('skipped').filter((e) => e.reason === 'symlink').map((e) => e.path).sort()).toEqual(['link.txt', 'real/loop']);
    expect(await keys()).toEqual(['outside-target.txt', 'real/file.txt']);

    await writeTreeFile(tree, '../stray.txt', 'not in the tree');
    await runSync(ctx, { kind: 'local', path: join(work) }, { kind: 'remote', bucket: BUCKET, prefix: `${prefix}extra` }, { stateDir: stateDir(), filters: [{ type: 'include', pattern: 'stray.txt' }, { type: 'exclude', pattern: '**' }] });
    const followed = await runSync(ctx, local(), remote(), { stateDir: stateDir(), followSymlinks: true, delete: true });
    expect(followed.of('uploaded').map((e) => e.path)).toEqual(['link.txt']);
    const loop = followed.of('failed');
    expect(loop).toHaveLength(1);
    expect(loop[0]).toMatchObject({ action: 'walk', path: 'real/loop' });
    expect(loop[0]!.message).toMatch(/loop/);
    // `extra/stray.txt` is not in the tree, but the walk had an error: nothing is deleted
    expect(followed.summary.deleteSkipped).toMatch(/--delete disabled/);
    expect(followed.summary.deleted.files).toBe(0);
    expect(await keys()).toContain('extra/stray.txt');
  });

  test('bad input is refused before anything is changed', async () => {
    const attempt = async (source: SyncLocation, destination: SyncLocation, options = {}) => {
      try {
        for await (const _ of sync(ctx, { from: source, to: destination, stateDir: stateDir(), ...options })) void _;
      } catch (error) {
        return error as { code: string; message: string };
      }
      throw new Error('no error');
    };
    const cases = await Promise.all([
      attempt({ kind: 'local', path: join(tree, 'missing') }, remote()),
      attempt({ kind: 'local', path: tree }, { kind: 'local', path: tree }),
      attempt(remote(), remote()),
      attempt(local(), remote(), { filters: [{ type: 'exclude', pattern: 'a[' }] }),
      attempt(local(), remote(), { maxDelete: -1 }),
      attempt(local(), remote(), { transfers: 0 }),
      attempt(remote(), local(), {}),
    ]);
    expect(cases.map((e) => e.code)).toEqual(Array(7).fill('ERR_WCS_INVALID_ARGUMENT'));
    expect(cases.map((e) => e.message)).toEqual([
      expect.stringMatching(/does not exist/),
      expect.stringMatching(/two local directories/),
      expect.stringMatching(/two remote locations/),
      expect.stringMatching(/invalid --exclude glob "a\["/),
      expect.stringMatching(/maxDelete must be a whole number/),
      expect.stringMatching(/transfers must be a whole number of at least 1/),
      expect.stringMatching(/download domain/),
    ]);
    await writeTreeFile(tree, 'x', 'x');
    const noBucket = await attempt(local(), { kind: 'remote', bucket: 'nosuchbucket', prefix: '' });
    expect(noBucket.code).toBe('ERR_WCS_SERVICE');
    expect(mutatingRequests(server.requestLog())).toEqual([]);
  });

  test('a second sync on the same destination is refused while the first holds the lock; a dead holder\'s lock is taken over', async () => {
    for (let i = 0; i < 20; i++) await writeTreeFile(tree, `f${i}`, `${i}`);
    const first = sync(ctx, { from: local(), to: remote(), stateDir: stateDir(), progressIntervalMs: 0 });
    await first.next(); // the first event: the lock is held and the listing done
    let refused: { code?: string; message?: string } | undefined;
    try {
      for await (const _ of sync(ctx, { from: local(), to: remote(), stateDir: stateDir() })) void _;
    } catch (error) {
      refused = error as typeof refused;
    }
    expect(refused?.code).toBe('ERR_WCS_LOCAL_IO');
    expect(refused?.message).toMatch(new RegExp(`another sync \\(process ${process.pid}\\) is running on wcs://${BUCKET}/${prefix}`));
    const lockFile = (await readdir(stateDir())).find((f) => f.startsWith('lock-'))!;
    expect(lockFile).toBeDefined();
    for await (const _ of first) void _;
    expect(await readdir(stateDir())).not.toContain(lockFile);
    // a lock left by a process that no longer exists (SIGKILL) does not block the next run
    await writeFile(join(stateDir(), lockFile), `2147483646@${hostname()}`);
    const next = await runSync(ctx, local(), remote(), { stateDir: stateDir() });
    expect(next.summary.skipped.files).toBe(20);
    expect(await readdir(stateDir())).not.toContain(lockFile);
  });

  // Lower bounds only: a loaded machine makes a run slower, never faster than the limit allows.
  test('bwlimitBytesPerSecond paces a single large (multipart) file, not only the files after it', async () => {
    await writeTreeFile(tree, 'big.bin', Buffer.alloc(3 * MiB, 1));
    const chunked = contextFor(server, join(work, 'records'), { bputSizeBytes: 512 * 1024 });
    try {
      const started = Date.now();
      const r = await runSync(chunked, local(), remote(), { stateDir: stateDir(), multiputThresholdBytes: MiB, bwlimitBytesPerSecond: MiB });
      const elapsed = Date.now() - started;
      expect(r.summary.uploaded.files).toBe(1);
      expect(server.requestLog().filter((e) => e.endpoint === 'bput').length).toBe(5);
      // 6 chunks of 512 KiB at 1 MiB/s: the first goes at once, the last 2.5 s later.
      expect(elapsed).toBeGreaterThanOrEqual(2400);
    } finally {
      chunked.http.close();
    }
  });

  test('bwlimitBytesPerSecond paces many small files shared by the transfers', async () => {
    for (let i = 0; i < 10; i++) await writeTreeFile(tree, `s${i}.bin`, Buffer.alloc(100 * 1024, i));
    const started = Date.now();
    const r = await runSync(ctx, local(), remote(), { stateDir: stateDir(), transfers: 4, bwlimitBytesPerSecond: MiB });
    const elapsed = Date.now() - started;
    expect(r.summary.uploaded.files).toBe(10);
    // 1,000 KiB at 1 MiB/s, the first 100 KiB at once.
    expect(elapsed).toBeGreaterThanOrEqual(850);
  });
});
