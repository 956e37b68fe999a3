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

describe('put --returnurl (item 5)', () => {
  it('shows the 303 Location in the text and --json output', async () => {
    box.write('ret-src', 'returned');
    const text = await run(['put', 'wcs://test/ret-1', 'ret-src', '--returnurl', 'http://example.com/done', '--returnbody', 'bucket=$(bucket)&key=$(key)'], box);
    expect(text.code).toBe(0);
    const [summary, location, ...rest] = text.stdout.split('\n');
    expect(summary).toMatch(/^uploaded ret-src to wcs:\/\/test\/ret-1: 8 B, hash (\S+)$/);
    const hash = /hash (\S+)$/.exec(summary!)![1]!;
    expect(location).toBe(`location: http://example.com/done?bucket=test&key=ret-1&hash=${hash}`);
    expect(rest).toEqual(['']);

    const json = await run(['put', 'wcs://test/ret-2', 'ret-src', '--returnurl', 'http://example.com/done', '--json'], box);
    expect(json.code).toBe(0);
    const doc = jsonOf(json.stdout);
    expect(doc).toMatchObject({ bucket: 'test', key: 'ret-2', fsize: 8, hash });
    expect(doc.location).toMatch(/^http:\/\/example\.com\/done\?/);
    expect(doc.location).toContain(`hash=${hash}`);
  });

  it('without --returnurl there is no location', async () => {
    const r = await run(['put', 'wcs://test/ret-3', 'ret-src', '--json'], box);
    expect(r.code).toBe(0);
    expect(jsonOf(r.stdout)).not.toHaveProperty('location');
  });
});

describe('setdeadline range (item 6)', () => {
  it('refuses days past 9999-12-31 as a usage error, naming the range, before any request', async () => {
    box.write('dl-src', 'deadline');
    expect((await run(['put', 'wcs://test/dl', 'dl-src'], box)).code).toBe(0);
    server.clearRequestLog();
    const r = await run(['setdeadline', 'wcs://test/dl', '99999999'], box);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^wcscmd: DAYS must be a whole number from -1 to (\d+), got 99999999: more days would put the expiry past 9999-12-31 \(0 = delete as soon as possible, -1 = keep forever\)\.\n$/,
    );
    expect(server.requestLog()).toEqual([]);
    const max = Number(/from -1 to (\d+)/.exec(r.stderr)![1]);
    expect(max).toBeGreaterThan(2_900_000);
    // The last day of the range is accepted and stored as an expiry in 9999.
    const ok = await run(['setdeadline', 'wcs://test/dl', String(max)], box);
    expect(ok.code).toBe(0);
    const stat = jsonOf((await run(['stat', 'wcs://test/dl', '--json'], box)).stdout);
    expect(String(stat.expirationDate)).toMatch(/^9999/);
  });
});

describe('listall progress (item 9)', () => {
  it('with --limit 1 and stderr not a terminal, no line per page: at most one every 3 s', async () => {
    box.write('la-src', 'x');
    for (let i = 0; i < 9; i += 1) expect((await run(['put', `wcs://test/la/${i}`, 'la-src'], box)).code).toBe(0);
    const started = Date.now();
    const r = await run(['listall', 'wcs://test', 'la.jsonl', '--prefix', 'la/', '--limit', '1'], box);
    const elapsedMs = Date.now() - started;
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('9 objects written to la.jsonl\n');
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    // The bound follows from the run's own duration, so a slow machine cannot fail it.
    expect(lines.length).toBeLessThanOrEqual(Math.floor(elapsedMs / 3000));
    for (const line of lines) expect(line).toMatch(/^listall wcs:\/\/test: (1 object|[02-9] objects) so far$/);
  });
});
