import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Packs wcscmd and wcs-etag the way they would be published and installs them with
// `npm install -g` into a temp prefix: proves the bundle is self-contained (@wcs/* inlined) and
// that the external deps (got, zod, ini) are declared. Needs the npm registry.
const APPS = fileURLToPath(new URL('../../../', import.meta.url));
let dir: string;
let prefix: string;

const pack = (app: string): string => {
  execFileSync('npx', ['-y', 'pnpm@10.34.9', 'pack', '--pack-destination', dir], { cwd: join(APPS, app), stdio: 'pipe' });
  const tgz = readdirSync(dir).find((f) => f.startsWith(`${app}-`) && f.endsWith('.tgz'));
  if (!tgz) throw new Error(`pnpm pack produced no tarball for ${app}`);
  return join(dir, tgz);
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wcscmd-install-'));
  prefix = join(dir, 'prefix');
  const tarballs = [pack('wcscmd'), pack('wcs-etag')];
  execFileSync('npm', ['install', '-g', '--prefix', prefix, ...tarballs], { stdio: 'pipe', timeout: 240_000 });
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm install -g of the packed tarballs', () => {
  const elsewhere = () => mkdtempSync(join(tmpdir(), 'wcscmd-cwd-'));

  it('installs a working wcscmd (--help, --version, crc64) runnable from any directory', () => {
    const cwd = elsewhere();
    const help = execFileSync(join(prefix, 'bin', 'wcscmd'), ['--help'], { cwd, encoding: 'utf8' });
    expect(help).toContain('wcscmd multiput <url> <localfile>');
    const version = execFileSync(join(prefix, 'bin', 'wcscmd'), ['--version'], { cwd, encoding: 'utf8' });
    expect(version.trim()).toMatch(/^\d+\.\d+\.\d+/);
    writeFileSync(join(cwd, 'check.txt'), '123456789');
    const crc = execFileSync(join(prefix, 'bin', 'wcscmd'), ['crc64', 'check.txt'], { cwd, encoding: 'utf8' });
    expect(crc.trim()).toBe(BigInt('0x995dc9bbdf1939fa').toString());
    rmSync(cwd, { recursive: true, force: true });
  });

  it('installs a working wcs-etag', () => {
    const cwd = elsewhere();
    writeFileSync(join(cwd, 'empty.bin'), '');
    const out = execFileSync(join(prefix, 'bin', 'wcs-etag'), ['empty.bin'], { cwd, encoding: 'utf8' });
    // The etag of empty input (wcs-api.md §3.1): 0x16 followed by SHA-1 of nothing.
    expect(out.trim()).toBe('Fto5o-5ea0sNMlW_75VgGJCv2AcJ  empty.bin');
    rmSync(cwd, { recursive: true, force: true });
  });
});
