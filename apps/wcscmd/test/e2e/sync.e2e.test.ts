import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { startWcsServer, type RequestLogEntry, type WcsServer } from '@wcs/server';
import { ACCESS_KEY, BIN, SECRET_KEY, Sandbox, capturedOutput, pythonWcscfg, run, start } from './harness.js';

// `wcscmd sync` end to end: the built binary against @wcs/server, checked through its request log.
let server: WcsServer;
let box: Sandbox;
const MUTATING = new Set(['upload', 'mkblk', 'bput', 'mkfile', 'delete']);
const mutating = (log: RequestLogEntry[]) => log.filter((e) => MUTATING.has(e.endpoint));
const lines = (text: string) => text.split('\n').filter((l) => l !== '');

function writeTree(root: string, files: Record<string, string | Buffer>): void {
  for (const [rel, data] of Object.entries(files)) {
    const path = `${root}/${rel}`;
    mkdirSync(path.slice(0, path.lastIndexOf('/')), { recursive: true });
    writeFileSync(path, data);
  }
}

beforeAll(async () => {
  server = await startWcsServer({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, buckets: ['test'] });
  box = new Sandbox('wcscmd-sync-e2e-');
  box.write('.wcscfg', pythonWcscfg({ putUrl: server.putUrl, mgrUrl: server.mgrUrl, extra: { tmp_record_folder: box.path('records'), bput_size: '1048576' } }));
  const files: Record<string, string | Buffer> = { 'empty.txt': '', 'big/大 file+1.bin': Buffer.alloc(5 * 1024 * 1024 + 7, 7) };
  for (let i = 0; i < 120; i++) files[`dir ${i % 4}/中文/f+${i}.txt`] = `file ${i}`;
  writeTree(box.path('site'), files);
});

afterAll(async () => {
  await server.close();
  for (const text of capturedOutput) expect(text).not.toContain(SECRET_KEY);
  box.cleanup();
});

describe('wcscmd sync', () => {
  it('uploads a tree (one file by multipart), prints one line per file and a summary, exits 0', async () => {
    server.clearRequestLog();
    const r = await run(['sync', 'site', 'wcs://test/www/', '--multiput-threshold', '4M'], box);
    expect(lines(r.stderr).filter((l) => !l.startsWith('progress: '))).toEqual([]);
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out).toHaveLength(123);
    expect(out).toContain('uploaded big/大 file+1.bin → wcs://test/www/big/大 file+1.bin (5.0 MiB)');
    expect(out).toContain('uploaded dir 1/中文/f+1.txt → wcs://test/www/dir 1/中文/f+1.txt (6 B)');
    expect(out.at(-1)).toMatch(/^sync done in \d+s: uploaded 122 files \(5\.0 MiB\), downloaded 0 files \(0 B\), deleted 0 files \(0 B\), skipped 0 files \(0 B\), failed 0 files \(0 B\)$/);
    expect(server.requestLog().filter((e) => e.endpoint === 'mkfile' && e.status === 200)).toHaveLength(1);
  });

  it('a second run with --json prints one JSON line per event, ends with the summary, and sends only list requests', async () => {
    server.clearRequestLog();
    const r = await run(['sync', 'site', 'wcs://test/www/', '--json', '--multiput-threshold', '4M'], box);
    expect(r.code).toBe(0);
    const events = lines(r.stdout).map((l) => JSON.parse(l) as { type: string; [k: string]: unknown });
    expect(events.filter((e) => e.type === 'skipped')).toHaveLength(122);
    const summary = events.at(-1)!;
    expect(summary).toMatchObject({ type: 'summary', direction: 'upload', uploaded: { files: 0 }, skipped: { files: 122 }, hashed: 0, cacheHits: 122, failed: { files: 0 } });
    expect(typeof summary['elapsedMs']).toBe('number');
    expect(new Set(server.requestLog().map((e) => e.endpoint))).toEqual(new Set(['list']));
  });

  it('--dry-run --delete prints exactly the plan and sends no mutating request; then --delete does it', async () => {
    writeFileSync(box.path('site/dir 0/中文/f+0.txt'), 'changed!');
    rmSync(box.path('site/dir 1/中文/f+1.txt'));
    writeFileSync(box.path('site/new.txt'), 'new');
    server.clearRequestLog();
    const dry = await run(['sync', 'site', 'wcs://test/www/', '--dry-run', '--delete'], box);
    expect(dry.code).toBe(0);
    expect(lines(dry.stdout).slice(0, -1).sort()).toEqual(
      ['would delete wcs://test/www/dir 1/中文/f+1.txt', 'would upload dir 0/中文/f+0.txt → wcs://test/www/dir 0/中文/f+0.txt (8 B, size)', 'would upload new.txt → wcs://test/www/new.txt (3 B, new)'].sort(),
    );
    expect(lines(dry.stdout).at(-1)).toMatch(/^sync dry run done in \d+s: would transfer 2 files \(11 B\), would delete 1 file, skipped 120 files/);
    expect(mutating(server.requestLog())).toEqual([]);
    const real = await run(['sync', 'site', 'wcs://test/www/', '--delete', '-q'], box);
    expect(real).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(mutating(server.requestLog()).filter((e) => e.status === 200).map((e) => e.endpoint).sort()).toEqual(['delete', 'upload', 'upload']);
  });

  it('--include/--exclude apply in command-line order; --force re-sends identical files', async () => {
    const r = await run(['sync', '--force', 'site', 'wcs://test/www/', '--include', 'dir 2/**/f+1?.txt', '--exclude=dir 2/**', '--exclude', '*.txt', '--exclude', 'big/**'], box);
    expect(r.code).toBe(0);
    const uploaded = lines(r.stdout).filter((l) => l.startsWith('uploaded')).map((l) => l.split(' → ')[0]).sort();
    expect(uploaded).toEqual(['uploaded dir 2/中文/f+10.txt', 'uploaded dir 2/中文/f+14.txt', 'uploaded dir 2/中文/f+18.txt']);
  });

  it('--max-delete: more deletions than allowed deletes nothing and exits 1 with the reason', async () => {
    mkdirSync(box.path('empty-dir'), { recursive: true });
    server.clearRequestLog();
    const r = await run(['sync', 'empty-dir', 'wcs://test/www/', '--delete', '--max-delete', '10'], box);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('--delete refused: 122 files would be deleted, more than --max-delete 10; nothing was deleted (raise --max-delete to allow it)\n');
    expect(mutating(server.requestLog())).toEqual([]);
  });

  it('downloads into a directory, then finds nothing to do', async () => {
    mkdirSync(box.path('copy'), { recursive: true });
    const first = await run(['sync', 'wcs://test/www/', 'copy', '--download-url', `${server.downloadUrl}/test`, '--json'], box);
    expect(first.code).toBe(0);
    expect(JSON.parse(lines(first.stdout).at(-1)!)).toMatchObject({ type: 'summary', direction: 'download', downloaded: { files: 122 }, failed: { files: 0 } });
    expect(readFileSync(box.path('copy/big/大 file+1.bin')).equals(readFileSync(box.path('site/big/大 file+1.bin')))).toBe(true);
    server.clearRequestLog();
    const second = await run(['sync', 'wcs://test/www/', 'copy', '--download-url', `${server.downloadUrl}/test`], box);
    expect(second.code).toBe(0);
    expect(lines(second.stdout)).toEqual([expect.stringMatching(/downloaded 0 files \(0 B\), deleted 0 files \(0 B\), skipped 122 files/)]);
    expect(server.requestLog().filter((e) => e.endpoint !== 'list')).toEqual([]);
  });

  it('wcs://test/site is the folder site/: keys site/…, and --delete leaves sitemap.xml alone', async () => {
    writeTree(box.path('bare'), { 'index.html': 'i' });
    writeTree(box.path('neighbour'), { 'sitemap.xml': 'keep me' });
    expect((await run(['sync', 'neighbour', 'wcs://test/', '--include', 'sitemap.xml', '-q'], box)).code).toBe(0);
    const r = await run(['sync', 'bare', 'wcs://test/site', '--delete'], box);
    expect(r.code).toBe(0);
    expect(lines(r.stdout)[0]).toBe('uploaded index.html → wcs://test/site/index.html (1 B)');
    const dry = await run(['sync', 'neighbour', 'wcs://test/', '--include', 'sitemap.xml', '--exclude', '*', '--dry-run'], box);
    expect(lines(dry.stdout).at(-1)).toMatch(/would transfer 0 files .* skipped 1 file/);
  });

  it('a password in --download-url is never printed, in failures or JSON lines', async () => {
    writeTree(box.path('pw-src'), { 'a.txt': 'a' });
    expect((await run(['sync', 'pw-src', 'wcs://test/pw/', '-q'], box)).code).toBe(0);
    mkdirSync(box.path('copy-pw'), { recursive: true });
    const password = 'dl-pw-e2e-DO-NOT-PRINT';
    // A path with no such bucket: the download fails, and the failure names its URL.
    const url = `${server.downloadUrl.replace('://', `://user:${password}@`)}/nosuchbucket`;
    const human = await run(['sync', 'wcs://test/pw/', 'copy-pw', '--download-url', url], box);
    const json = await run(['sync', 'wcs://test/pw/', 'copy-pw', '--download-url', url, '--json'], box);
    expect([human.code, json.code]).toEqual([1, 1]);
    // core's error text drops user:password@ from URLs; sync's own lines mask the password.
    expect(human.stderr).toMatch(/^failed: download a\.txt: GET http:\/\/(user:\*\*\*\*@)?127\.0\.0\.1:\d+\/nosuchbucket\/pw\/a\.txt failed/m);
    for (const text of [human.stdout, human.stderr, json.stdout, json.stderr]) expect(text).not.toContain(password);
  });

  it('bad input: one line, exit 2 for usage and 1 for runtime, and nothing changes', async () => {
    box.write('a-file', 'x');
    server.clearRequestLog();
    const cases: Array<[string[], number, RegExp]> = [
      [['sync', 'missing', 'wcs://test/x/'], 2, /^wcscmd: \/.*\/missing does not exist: create the directory first, or check the path\.\n$/],
      [['sync', 'a-file', 'wcs://test/x/'], 2, /a-file is not a directory/],
      [['sync', 'site', 'copy'], 2, /both local/],
      [['sync', 'wcs://test/a', 'wcs://test/b'], 2, /both remote/],
      [['sync', 'site', 'wcs://nosuchbucket/x/'], 1, /631|bucket/i],
      [['sync', 'site', 'wcs://test/x/', '--exclude', 'a['], 2, /invalid --exclude glob "a\["/],
      [['sync', 'site', 'wcs://test/x/', '--max-delete', '-1'], 2, /--max-delete must be a whole number, 0 or more \(got "-1"\)/],
      [['sync', 'site', 'wcs://test/x/', '--max-delete', 'lots'], 2, /--max-delete must be a whole number/],
      [['sync', 'site', 'wcs://test/x/', '--transfers', '0'], 2, /--transfers must be a whole number of at least 1/],
      [['sync', 'site', 'wcs://test/x/', '--bwlimit', 'fast'], 2, /--bwlimit must be a size such as/],
      [['sync', 'site', 'wcs://test/x/', '--bwlimit', '-5M'], 2, /--bwlimit must be a size such as/],
      [['sync', 'wcs://test/x/', 'copy'], 2, /--download-url/],
      [['sync', 'site', 'wcs://test/x/', '--state-dir', 'a-file'], 2, /cannot use the sync state folder .*a-file/],
    ];
    for (const [args, code, message] of cases) {
      const r = await run(args, box);
      expect({ args, code: r.code, lines: lines(r.stderr).length }).toEqual({ args, code, lines: 1 });
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    }
    expect(mutating(server.requestLog())).toEqual([]);
  });

  it('a second sync on the same destination exits 1 while the first holds the lock', async () => {
    writeTree(box.path('slow'), Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`s${i}`, `slow ${i}`])));
    // 1 s per upload keeps the first sync busy for up to 30 s, however slowly a loaded machine
    // starts the second; once the second is done the latency goes, and the first finishes quickly.
    server.setFaults({ rules: [{ endpoint: 'upload', latencyMs: 1000 }] });
    try {
      const first = start(['sync', 'slow', 'wcs://test/slow/', '--transfers', '1'], box);
      while (!server.requestLog().some((e) => e.endpoint === 'upload' || e.endpoint === 'list')) await sleep(20);
      await sleep(100);
      const second = await run(['sync', 'slow', 'wcs://test/slow/'], box);
      const stillRunning = first.child.exitCode === null;
      server.setFaults({ rules: [] });
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(/another sync \(process \d+\) is running on wcs:\/\/test\/slow\/: wait for it to finish/);
      const done = await first.done;
      expect({ code: done.code, stderr: done.stderr.split('\n').filter((l) => !l.startsWith('progress: ')).join('\n'), stillRunning }).toEqual({ code: 0, stderr: '', stillRunning: true });
    } finally {
      server.setFaults({ rules: [] });
    }
  });
});

describe('wcscmd sync: output closed early', () => {
  it('a reader that goes away (| head -1) stops the sync with exit 1 and a line saying so, not 0', async () => {
    writeTree(box.path('piped'), Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`p${i}`, `piped ${i}`])));
    // 500 ms per upload: the sync is still running (for up to 10 s) when the reader goes away.
    server.setFaults({ rules: [{ endpoint: 'upload', latencyMs: 500 }] });
    try {
      const { child, done } = start(['sync', 'piped', 'wcs://test/piped/', '--transfers', '1'], box);
      await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
      child.stdout!.destroy(); // as `| head -1` does after its line
      const r = await done;
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('wcscmd: sync piped wcs://test/piped/ stopped before it finished: its output was closed; run it again to finish.');
    } finally {
      server.setFaults({ rules: [] });
    }
  });
});

describe('wcscmd sync: unreadable files and directories', () => {
  it('are reported as failed, the rest is uploaded, --delete is disabled for the run, exit 1', async () => {
    // Root reads mode-000 files anyway (and CI runs as root), so as root the sync runs as
    // `nobody` (65534) in a world-writable sandbox. If `nobody` cannot reach this checkout
    // (a clone under a 0700 directory), the unreadable entry is a symbolic link loop followed
    // with --follow-symlinks instead: the same walk error, as root.
    const asRoot = process.getuid?.() === 0;
    const nobody = { uid: 65534, gid: 65534 };
    const reachable = asRoot && spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(BIN)}, 4)`], nobody).status === 0;
    const sandbox = new Sandbox('wcscmd-sync-perm-');
    try {
      chmodSync(sandbox.dir, 0o777);
      sandbox.write('.wcscfg', pythonWcscfg({ putUrl: server.putUrl, mgrUrl: server.mgrUrl }));
      chmodSync(sandbox.path('.wcscfg'), 0o644);
      writeTree(sandbox.path('tree'), { 'ok/a.txt': 'a', 'ok/b.txt': 'b', 'locked/c.txt': 'c', 'secret.txt': 's' });
      const user = asRoot && reachable ? nobody : {};
      execFileSync('chmod', ['-R', 'a+rwX', sandbox.dir]);
      expect((await runAs(['sync', 'tree', 'wcs://test/perm/'], sandbox, user)).code).toBe(0);
      writeFileSync(sandbox.path('tree/ok/a.txt'), 'a2');
      rmSync(sandbox.path('tree/ok/b.txt'));
      const args = ['sync', 'tree', 'wcs://test/perm/', '--delete'];
      let r;
      if (!asRoot || reachable) {
        chmodSync(sandbox.path('tree/locked'), 0o000);
        writeFileSync(sandbox.path('tree/secret.txt'), 'changed, then unreadable');
        chmodSync(sandbox.path('tree/secret.txt'), 0o000);
        r = await runAs(args, sandbox, user);
        expect(r.stderr).toMatch(/failed: walk locked: cannot read: .*\/tree\/locked: permission denied/i);
        expect(r.stderr).toMatch(/failed: upload secret\.txt: /);
        chmodSync(sandbox.path('tree/locked'), 0o755);
      } else {
        symlinkSync(sandbox.path('tree'), sandbox.path('tree/ok/loop'));
        r = await run([...args, '--follow-symlinks'], sandbox);
        expect(r.stderr).toMatch(/failed: walk ok\/loop: .*loop/);
      }
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('uploaded ok/a.txt → wcs://test/perm/ok/a.txt (2 B)');
      expect(r.stderr).toMatch(/--delete disabled for this run/);
      expect(r.stdout).not.toMatch(/^deleted /m);
      expect((await fetch(server.objectUrl('test', 'perm/ok/b.txt'))).status).toBe(200);
    } finally {
      execFileSync('chmod', ['-R', 'u+rwX', sandbox.dir]);
      sandbox.cleanup();
    }
  });
});

/** `run` as another user (uid/gid), for the permission cases. */
function runAs(args: string[], sandbox: Sandbox, user: { uid?: number; gid?: number }): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: sandbox.dir, env: sandbox.env(), stdio: ['ignore', 'pipe', 'pipe'], ...user });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      capturedOutput.push(stdout, stderr);
      resolve({ code, stdout, stderr });
    });
  });
}
