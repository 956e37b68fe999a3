import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { startWcsServer, type WcsServer } from '@wcs/server';
import { ACCESS_KEY, SECRET_KEY, Sandbox, capturedOutput, pythonWcscfg, run } from './harness.js';

// Issue 10, "Results" (items 5-10): what wcscmd prints and writes, through the built binary
// against the local @wcs/server. Faults the server cannot produce are in download.fault.test.ts.
let server: WcsServer;
let box: Sandbox;

const jsonOf = (stdout: string): Record<string, unknown> => JSON.parse(stdout) as Record<string, unknown>;

beforeAll(async () => {
  server = await startWcsServer({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, buckets: ['test'] });
  box = new Sandbox();
  box.write('.wcscfg', pythonWcscfg({ putUrl: server.putUrl, mgrUrl: server.mgrUrl }));
});

afterAll(async () => {
  await server.close();
  for (const text of capturedOutput) expect(text).not.toContain(SECRET_KEY);
  box.cleanup();
});

describe('get URL escaping (item 7)', () => {
  it('a raw % in the URL is sent as %25, so the object is found', async () => {
    box.write('pct-src', 'one hundred percent');
    expect((await run(['put', 'wcs://test/100%.bin', 'pct-src'], box)).code).toBe(0);
    const host = new URL(server.objectUrl('test', 'x')).origin;
    const r = await run(['get', `${host}/test/100%.bin`], box);
    expect(r.stderr).not.toContain('wcscmd:');
    expect(r.code).toBe(0);
    expect(readFileSync(box.path('100%.bin'), 'utf8')).toBe('one hundred percent');
    expect(r.stdout).toBe('downloaded 100%.bin: 19 B\n');
  });

  it('valid escapes are left alone', async () => {
    box.write('space-src', 'a space');
    expect((await run(['put', 'wcs://test/a b%.txt', 'space-src'], box)).code).toBe(0);
    const host = new URL(server.objectUrl('test', 'x')).origin;
    const r = await run(['get', `${host}/test/a%20b%.txt`, 'space-copy', '--json'], box);
    expect(r.code).toBe(0);
    expect(jsonOf(r.stdout)).toMatchObject({ file: 'space-copy', bytes: 7 });
    expect(readFileSync(box.path('space-copy'), 'utf8')).toBe('a space');
  });
});

describe('hints name what the user gave (item 10)', () => {
  it('an unreachable get URL points at the command line, not the config file', async () => {
    const r = await run(['get', 'http://127.0.0.1:1/x'], box);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'wcscmd: get http://127.0.0.1:1/x failed: cannot reach URL http://127.0.0.1:1 (ECONNREFUSED). Check the URL given on the command line and that the service is reachable.\n',
    );
    expect(r.stderr).not.toContain('.wcscfg');
  });

  it('get URL DIR where DIR is a directory names DIR, not a temporary file, and downloads nothing', async () => {
    box.write('dir-src', 'x');
    expect((await run(['put', 'wcs://test/dir-obj', 'dir-src'], box)).code).toBe(0);
    mkdirSync(box.path('adir'));
    server.clearRequestLog();
    const r = await run(['get', server.objectUrl('test', 'dir-obj'), 'adir'], box);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('wcscmd: cannot write adir: it is a directory. Give a file name, e.g. wcscmd get URL adir/NAME.\n');
    expect(server.requestLog()).toEqual([]);
    expect(readdirSync(box.path('adir'))).toEqual([]);
    expect(readdirSync(box.dir).filter((n) => n.includes('wcs-download'))).toEqual([]);
  });
});
