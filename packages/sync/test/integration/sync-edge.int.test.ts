import { chmod, mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import type { WcsContext } from '@wcs/core';
import { listAll } from '@wcs/manage';
import { startWcsServer, type WcsServer } from '@wcs/server';
import { sync, type SyncLocation } from '@wcs/sync';
import { putObject, startLoopback } from '@wcs/test-support';
import { ACCESS_KEY, BUCKET, SECRET_KEY, contextFor, removeDir, runSync, tempDir } from './helpers.js';

// Edge cases a user trusting the sync with their data runs into: names, links, keys that are not paths.
describe('sync edge cases', () => {
  let server: WcsServer;
  let work: string;
  let tree: string;
  let ctx: WcsContext;
  let prefix: string;
  let n = 0;
  const local = (): SyncLocation => ({ kind: 'local', path: tree });
  const remote = (): SyncLocation => ({ kind: 'remote', bucket: BUCKET, prefix });
  const options = () => ({ stateDir: join(work, 'state'), downloadUrl: `${server.downloadUrl}/${BUCKET}` });

  beforeAll(async () => {
    server = await startWcsServer({ accessKey: 'ak-int', secretKey: 'sk-int', credentials: [{ accessKey: ACCESS_KEY, secretKey: SECRET_KEY }], buckets: [BUCKET] });
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
    prefix = `edge${n}/`;
    tree = join(work, `tree${n}`);
    await mkdir(tree);
  });

  test('a file whose name is near the 255-byte limit is downloaded (its part file name would be too long)', async () => {
    const name = `${'n'.repeat(240)}.txt`;
    await putObject(server, BUCKET, prefix + name, 'long');
    const run = await runSync(ctx, remote(), local(), options());
    expect(run.of('failed')).toEqual([]);
    expect(run.summary.downloaded.files).toBe(1);
    expect(await readFile(join(tree, name), 'utf8')).toBe('long');
    expect(await readdir(tree)).toEqual([name]);
  });

  test('a download never writes through a symbolic link to a directory outside the destination', async () => {
    const outside = join(work, `outside${n}`);
    await mkdir(outside);
    await symlink(outside, join(tree, 'linked'));
    await putObject(server, BUCKET, `${prefix}linked/x.txt`, 'x');
    await putObject(server, BUCKET, `${prefix}real/y.txt`, 'y');
    const run = await runSync(ctx, remote(), local(), options());
    expect(run.of('failed')).toEqual([]);
    expect(run.of('skipped')).toEqual([{ type: 'skipped', path: 'linked', key: `${prefix}linked/x.txt`, reason: 'symlink' }]);
    expect(run.of('downloaded').map((e) => e.path)).toEqual(['real/y.txt']);
    expect(await readdir(outside)).toEqual([]);
    // followSymlinks: the user asked for links to be followed.
    const followed = await runSync(ctx, remote(), local(), { ...options(), followSymlinks: true });
    expect(followed.of('downloaded').map((e) => e.path)).toEqual(['linked/x.txt']);
    expect(await readdir(outside)).toEqual(['x.txt']);
  });

  test('a key that cannot be a file name but is left out by the filters is not a failure', async () => {
    await putObject(server, BUCKET, `${prefix}skip//bad`, 'bad');
    await putObject(server, BUCKET, `${prefix}keep/good.txt`, 'good');
    const run = await runSync(ctx, remote(), local(), { ...options(), filters: [{ type: 'include', pattern: 'keep/**' }, { type: 'exclude', pattern: '**' }] });
    expect(run.of('failed')).toEqual([]);
    expect(run.summary.failed.files).toBe(0);
    expect(run.of('downloaded').map((e) => e.path)).toEqual(['keep/good.txt']);
    // Not filtered out, it is still reported.
    const all = await runSync(ctx, remote(), local(), options());
    expect(all.of('failed').map((e) => e.key)).toEqual([`${prefix}skip//bad`]);
  });

  test('a state folder inside the synced directory is neither uploaded nor deleted by a download with delete', async () => {
    const stateDir = join(tree, '.sync-state');
    await writeFile(join(tree, 'a.txt'), 'a');
    const up = await runSync(ctx, local(), remote(), { ...options(), stateDir });
    expect(up.of('failed')).toEqual([]);
    const keys: string[] = [];
    for await (const o of listAll(ctx, { bucket: BUCKET, prefix })) keys.push(o.key);
    expect(keys).toEqual([`${prefix}a.txt`]);
    const stateFiles = (await readdir(stateDir)).sort();
    expect(stateFiles).toContain('cache.db');
    const down = await runSync(ctx, remote(), local(), { ...options(), stateDir, delete: true });
    expect(down.of('failed')).toEqual([]);
    expect(down.of('deleted')).toEqual([]);
    expect(await readdir(stateDir)).toEqual(expect.arrayContaining(stateFiles));
  });

  test('upload with delete leaves alone the keys no local file can map to (a//b)', async () => {
    await writeFile(join(tree, 'index.html'), 'i');
    for (const key of [`${prefix}a//b`, `${prefix}gone.txt`]) await putObject(server, BUCKET, key, 'x');
    const run = await runSync(ctx, local(), remote(), { ...options(), delete: true });
    expect(run.of('failed')).toEqual([]);
    expect(run.of('deleted').map((e) => e.key)).toEqual([`${prefix}gone.txt`]);
    const keys: string[] = [];
    for await (const o of listAll(ctx, { bucket: BUCKET, prefix })) keys.push(o.key);
    expect(keys.sort()).toEqual([`${prefix}a//b`, `${prefix}index.html`].sort());
  });

  test("the config's traffic_limit is sent with each download, as with uploads and wcscmd get", async () => {
    await putObject(server, BUCKET, `${prefix}t.txt`, 'traffic');
    const cdn = await startLoopback({ [`/${prefix}t.txt`]: { status: 200, body: 'traffic' } });
    const limited = contextFor(server, join(work, 'records'), { trafficLimit: 819200 });
    try {
      const run = await runSync(limited, remote(), local(), { ...options(), downloadUrl: cdn.url });
      expect(run.of('failed')).toEqual([]);
      expect(run.summary.downloaded.files).toBe(1);
      expect(cdn.requests.map((r) => r.headers['x-wos-traffic-limit'])).toEqual(['819200']);
    } finally {
      limited.http.close();
      await cdn.close();
    }
  });

  test('a lock left by an earlier process with our pid (a restarted container) is taken over; a sync of this process still holds', async () => {
    const stateDir = join(work, `state-lock${n}`);
    await writeFile(join(tree, 'a.txt'), 'a');
    const first = sync(ctx, { from: local(), to: remote(), stateDir, progressIntervalMs: 0 });
    await first.next(); // the lock is held
    const lockFile = (await readdir(stateDir)).find((f) => f.startsWith('lock-'))!;
    await expect(runSync(ctx, local(), remote(), { stateDir })).rejects.toMatchObject({ code: 'ERR_WCS_LOCAL_IO' });
    for await (const _ of first) void _;
    // SIGKILLed, then restarted with the same pid and host name: the lock names this very process.
    await writeFile(join(stateDir, lockFile), `${process.pid}@${hostname()}`);
    const next = await runSync(ctx, local(), remote(), { stateDir });
    expect(next.summary.skipped.files).toBe(1);
    expect(await readdir(stateDir)).not.toContain(lockFile);
  });

  test('an upload prefix that no key may start with is refused once, before any request', async () => {
    await writeFile(join(tree, 'a.txt'), 'a');
    server.clearRequestLog();
    for (const bad of ['/abs/', 'a/../b/', 'a/./b/']) {
      await expect(runSync(ctx, local(), { kind: 'remote', bucket: BUCKET, prefix: bad }, options())).rejects.toMatchObject({
        code: 'ERR_WCS_INVALID_ARGUMENT',
        message: `prefix "${bad}" cannot start a key: keys must not start with "/" or contain "/../" or "/./".`,
      });
    }
    expect(server.requestLog()).toEqual([]);
  });

  test('download with overwrite 0 does not replace a local file that differs; new files still come', async () => {
    await putObject(server, BUCKET, `${prefix}mine.txt`, 'remote version');
    await putObject(server, BUCKET, `${prefix}new.txt`, 'new');
    await writeFile(join(tree, 'mine.txt'), 'my local edit');
    const run = await runSync(ctx, remote(), local(), { ...options(), overwrite: 0 });
    expect(run.of('failed')).toEqual([
      { type: 'failed', action: 'download', path: 'mine.txt', key: `${prefix}mine.txt`, code: 'ERR_WCS_INVALID_ARGUMENT', message: `mine.txt exists locally and differs from ${prefix}mine.txt: not replaced (overwrite 0).` },
    ]);
    expect(run.of('downloaded').map((e) => e.path)).toEqual(['new.txt']);
    expect(await readFile(join(tree, 'mine.txt'), 'utf8')).toBe('my local edit');
  });

  test('a local file where the download needs a folder: one clear failure naming it, the file kept', async () => {
    await putObject(server, BUCKET, `${prefix}was-a-file/now.txt`, 'now');
    await writeFile(join(tree, 'was-a-file'), 'old file');
    const run = await runSync(ctx, remote(), local(), options());
    expect(run.of('failed')).toEqual([
      { type: 'failed', action: 'download', path: 'was-a-file/now.txt', key: `${prefix}was-a-file/now.txt`, code: 'ERR_WCS_INVALID_ARGUMENT', message: 'was-a-file exists locally and is not a directory: was-a-file/now.txt not downloaded.' },
    ]);
    expect(await readFile(join(tree, 'was-a-file'), 'utf8')).toBe('old file');
  });

  test('a downloaded file that replaces a local one keeps its permissions (a private file stays private)', async () => {
    await putObject(server, BUCKET, `${prefix}secret.txt`, 'new secret');
    await writeFile(join(tree, 'secret.txt'), 'old secret');
    await chmod(join(tree, 'secret.txt'), 0o600);
    const run = await runSync(ctx, remote(), local(), options());
    expect(run.of('downloaded').map((e) => e.path)).toEqual(['secret.txt']);
    expect(await readFile(join(tree, 'secret.txt'), 'utf8')).toBe('new secret');
    expect((await stat(join(tree, 'secret.txt'))).mode & 0o777).toBe(0o600);
  });

  test('download with delete and --exclude .git keeps the local .git folder (a rule naming a folder covers its files)', async () => {
    await putObject(server, BUCKET, `${prefix}index.html`, 'site');
    await mkdir(join(tree, '.git', 'refs'), { recursive: true });
    await writeFile(join(tree, '.git', 'HEAD'), 'ref: refs/heads/main');
    await writeFile(join(tree, '.git', 'refs', 'main'), 'abc');
    await writeFile(join(tree, 'stale.html'), 'old');
    const run = await runSync(ctx, remote(), local(), { ...options(), delete: true, filters: [{ type: 'exclude', pattern: '.git' }] });
    expect(run.of('failed')).toEqual([]);
    expect(run.of('deleted').map((e) => e.path)).toEqual(['stale.html']);
    expect((await readdir(join(tree, '.git'))).sort()).toEqual(['HEAD', 'refs']);
  });

  test('a prefix without its trailing / is a folder: keys under it, and delete never reaches its neighbours', async () => {
    const bare = prefix.slice(0, -1); // "edgeN", a sibling of "edgeN-map.xml" and "edgeN2/x"
    const neighbours = [`${bare}-map.xml`, `${bare}2/x`];
    for (const key of neighbours) await putObject(server, BUCKET, key, 'keep me');
    await writeFile(join(tree, 'index.html'), 'i');
    const up = await runSync(ctx, local(), { kind: 'remote', bucket: BUCKET, prefix: bare }, { ...options(), delete: true });
    expect(up.of('uploaded').map((e) => e.key)).toEqual([`${prefix}index.html`]);
    expect(up.of('planned').filter((e) => e.action === 'delete')).toEqual([]);
    const all: string[] = [];
    for await (const o of listAll(ctx, { bucket: BUCKET, prefix: bare })) all.push(o.key);
    expect(all.sort()).toEqual([...neighbours, `${prefix}index.html`].sort());
    // Downloading the bare prefix: the folder's files, under their names relative to it.
    const copy = join(work, `copy${n}`);
    await mkdir(copy);
    const down = await runSync(ctx, { kind: 'remote', bucket: BUCKET, prefix: bare }, { kind: 'local', path: copy }, options());
    expect(down.of('failed')).toEqual([]);
    expect(await readdir(copy)).toEqual(['index.html']);
  });

  test('the multipart record folder inside the synced directory is neither uploaded nor deleted', async () => {
    const records = join(tree, '.records');
    await mkdir(records);
    await writeFile(join(records, 'some-upload.json'), '{}');
    await writeFile(join(tree, 'a.txt'), 'a');
    const withRecords = contextFor(server, records);
    try {
      const up = await runSync(withRecords, local(), remote(), options());
      expect(up.of('uploaded').map((e) => e.path)).toEqual(['a.txt']);
      const down = await runSync(withRecords, remote(), local(), { ...options(), delete: true });
      expect(down.of('deleted')).toEqual([]);
      expect(await readdir(records)).toEqual(['some-upload.json']);
    } finally {
      withRecords.http.close();
    }
  });

  test('a missing or unknown from/to (plain JavaScript callers) is one invalid-argument error, not a TypeError', async () => {
    const bad = [
      { from: local() },
      { to: remote() },
      { from: local(), to: { kind: 'bucket', bucket: BUCKET, prefix } },
    ] as unknown as Array<Parameters<typeof sync>[1]>;
    for (const params of bad) {
      await expect(sync(ctx, params).next()).rejects.toMatchObject({ code: 'ERR_WCS_INVALID_ARGUMENT', message: expect.stringMatching(/^sync needs from and to: /) });
    }
  });

  test('a file whose name is not valid UTF-8 is a failure that says so, not "no such file"', async () => {
    await writeFile(Buffer.concat([Buffer.from(`${tree}/bad`), Buffer.from([0xff, 0xfe]), Buffer.from('.txt')]), 'x');
    await writeFile(join(tree, 'ok.txt'), 'ok');
    const run = await runSync(ctx, local(), remote(), options());
    expect(run.of('uploaded').map((e) => e.path)).toEqual(['ok.txt']);
    expect(run.of('failed').map((e) => `${e.action} ${e.message}`)).toEqual(['walk cannot read: its name is not valid UTF-8, so it cannot be a key: rename it']);
  });
});
