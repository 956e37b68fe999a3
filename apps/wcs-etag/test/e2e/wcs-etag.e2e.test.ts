import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));

// wcs-api.md §3.1 / §3.2 worked examples.
const HELLO_ETAG = 'Fqr0xh3cxeii2r7eDztILNmuqUNN';
const HELLO_CRC = '11177612005948864433';
const EMPTY_ETAG = 'Fto5o-5ea0sNMlW_75VgGJCv2AcJ';
const ZERO_4MIB_PLUS_1_ETAG = 'lhCFgki5yzon0rjN9uJusf6qtsF6';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], options: SpawnSyncOptions = {}, bin = BIN): Run {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: dir, ...options });
  return { status: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
}

let dir: string;
let hello: string;
let empty: string;
let zeros: string;

beforeAll(async () => {
  if (!existsSync(BIN)) {
    throw new Error(`${BIN} is missing: build the app first (turbo runs "build" before "test:e2e"; by hand: node build.mjs)`);
  }
  dir = await mkdtemp(join(tmpdir(), 'wcs-etag-e2e-'));
  // World-traversable so the unprivileged-user test below can reach its files.
  await chmod(dir, 0o755);
  hello = join(dir, 'hello.txt');
  empty = join(dir, 'empty');
  zeros = join(dir, 'zeros.bin');
  await writeFile(hello, 'hello');
  await writeFile(empty, '');
  await writeFile(zeros, Buffer.alloc(4 * 1024 * 1024 + 1));
  await mkdir(join(dir, 'subdir'));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('wcs-etag', () => {
  it('prints ETAG  PATH per file, in argument order', () => {
    const r = run([hello, empty, zeros]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${HELLO_ETAG}  ${hello}\n${EMPTY_ETAG}  ${empty}\n${ZERO_4MIB_PLUS_1_ETAG}  ${zeros}\n`);
  });

  it('accepts the Python tool form `wcs-etag etag FILE...` with the same output', () => {
    const r = run(['etag', hello, empty]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(run([hello, empty]).stdout);
  });

  it('treats "etag" after -- as a file name', () => {
    const r = run(['--', 'etag']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('wcs-etag: etag: no such file\n');
  });

  it('reads standard input for -', () => {
    const r = run(['-'], { input: 'hello' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${HELLO_ETAG}  -\n`);
  });

  it('adds the CRC-64 column with --crc64, for files and stdin', () => {
    const r = run(['--crc64', hello, '-'], { input: 'hello' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${HELLO_ETAG}  ${HELLO_CRC}  ${hello}\n${HELLO_ETAG}  ${HELLO_CRC}  -\n`);
  });

  it('prints one JSON array with --json, errors included', () => {
    const missing = join(dir, 'missing');
    const r = run(['--json', hello, missing]);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual([
      { path: hello, etag: HELLO_ETAG },
      { path: missing, error: 'no such file' },
    ]);
    const withCrc = run(['--json', '--crc64', hello]);
    expect(withCrc.status).toBe(0);
    expect(JSON.parse(withCrc.stdout)).toEqual([{ path: hello, etag: HELLO_ETAG, crc64: HELLO_CRC }]);
  });

  it('reports a missing file in one line, keeps going, exits 1', () => {
    const missing = join(dir, 'missing');
    const r = run([missing, hello]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`wcs-etag: ${missing}: no such file\n`);
    expect(r.stdout).toBe(`${HELLO_ETAG}  ${hello}\n`);
  });

  it('reports a directory in one line, keeps going, exits 1', () => {
    const sub = join(dir, 'subdir');
    const r = run([sub, hello]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`wcs-etag: ${sub}: is a directory\n`);
    expect(r.stdout).toBe(`${HELLO_ETAG}  ${hello}\n`);
  });

  it('reports an unreadable file in one line, keeps going, exits 1', async () => {
    const secret = join(dir, 'secret');
    await writeFile(secret, 'x');
    await chmod(secret, 0o000);
    await chmod(hello, 0o644);
    // Root reads mode-000 files anyway, and the tests run as root in CI; so as root, run the
    // binary as the unprivileged `nobody` (65534), for whom the file really is unreadable.
    // `nobody` may not be able to reach the checkout (a clone under a 0700 directory), so it runs
    // a copy of the bundle, a single self-contained file, from this test's world-readable folder.
    const asRoot = process.getuid?.() === 0;
    const bin = asRoot ? join(dir, 'wcs-etag.mjs') : BIN;
    if (asRoot) await copyFile(BIN, bin);
    const r = run([secret, hello], asRoot ? { uid: 65534, gid: 65534 } : {}, bin);
    expect(r.stderr).toBe(`wcs-etag: ${secret}: permission denied\n`);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(`${HELLO_ETAG}  ${hello}\n`);
  });

  it('shows a stack trace only with --verbose', () => {
    const missing = join(dir, 'missing');
    expect(run([missing]).stderr).not.toMatch(/\n\s+at /);
    const verbose = run(['--verbose', missing]);
    expect(verbose.status).toBe(1);
    expect(verbose.stderr.startsWith(`wcs-etag: ${missing}: no such file\n`)).toBe(true);
    expect(verbose.stderr).toMatch(/ENOENT/);
  });

  it('prints usage on stderr and exits 2 without arguments', () => {
    const r = run([]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Usage: wcs-etag/);
    expect(run(['etag']).status).toBe(2);
  });

  it('rejects an unknown option in one line with exit 2', () => {
    const r = run(['--bogus', hello]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("wcs-etag: unknown option '--bogus' (see wcs-etag --help)\n");
  });

  it('has --help and --version', () => {
    for (const flag of ['-h', '--help']) {
      const r = run([flag]);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^Usage: wcs-etag/);
    }
    const v = run(['--version']);
    expect(v.status).toBe(0);
    expect(v.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });
});
