import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { startWcsServer, type WcsServer } from '@wcs/server';
import { ACCESS_KEY, BIN, SECRET_KEY, Sandbox, capturedOutput, pythonWcscfg, run } from './harness.js';

// The command line as Python's optparse reads it (issue 10 items 1-4): scripts written for the
// Python wcscmd must keep working. Run against the built binary and a real @wcs/server.
let server: WcsServer;
let box: Sandbox;
let cfg: string;

beforeAll(async () => {
  server = await startWcsServer({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, buckets: ['test'] });
  box = new Sandbox();
  // Not in HOME: every run names it with -c, the way the cases below spell it.
  cfg = box.write('parse.cfg', pythonWcscfg({ putUrl: server.putUrl, mgrUrl: server.mgrUrl, extra: { tmp_record_folder: box.path('records') } }));
  box.write('a.txt', 'hello parser\n');
});

afterAll(async () => {
  await server.close();
  for (const text of capturedOutput) expect(text).not.toContain(SECRET_KEY);
  box.cleanup();
});

const statJson = async (url: string) => {
  const r = await run(['-c', cfg, 'stat', url, '--json'], box);
  return { code: r.code, doc: r.code === 0 ? (JSON.parse(r.stdout) as Record<string, unknown>) : undefined };
};

describe('-- ends the options, wherever it stands', () => {
  it('wcscmd -c CFG -- put wcs://b/k FILE uploads (it used to exit 0 having done nothing)', async () => {
    const r = await run(['-c', cfg, '-q', '--', 'put', 'wcs://test/dashdash', 'a.txt'], box);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^uploaded a\.txt to wcs:\/\/test\/dashdash/);
    expect((await statJson('wcs://test/dashdash')).doc).toMatchObject({ fsize: 13 });
  });

  it('wcscmd -c CFG -- listbucket lists', async () => {
    const r = await run(['-c', cfg, '--', 'listbucket'], box);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toContain('test');
  });

  it('wcscmd stat -- wcs://b/k and setdeadline wcs://b/k -- -1', async () => {
    expect((await run(['-c', cfg, 'put', 'wcs://test/dl', 'a.txt'], box)).code).toBe(0);
    const stat = await run(['-c', cfg, 'stat', '--', 'wcs://test/dl'], box);
    expect(stat.code).toBe(0);
    expect(stat.stdout).toContain('size:');
    const three = await run(['-c', cfg, 'setdeadline', 'wcs://test/dl', '--', '3'], box);
    expect(three.code).toBe(0);
    expect((await statJson('wcs://test/dl')).doc?.['expirationDate']).toMatch(/^\d{14}$/);
    const forever = await run(['-c', cfg, 'setdeadline', 'wcs://test/dl', '--', '-1', '--json'], box);
    // After --, "--json" is a positional too: one argument too many.
    expect(forever.code).toBe(2);
    expect(forever.stderr).toBe('wcscmd: setdeadline: too many arguments ("--json"). Run "wcscmd setdeadline --help" for usage.\n');
    const ok = await run(['-c', cfg, '--json', 'setdeadline', 'wcs://test/dl', '--', '-1'], box);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ bucket: 'test', key: 'dl', days: -1 });
    expect((await statJson('wcs://test/dl')).doc?.['expirationDate']).toBeUndefined();
  });

  it('a key that starts with a dash, after --', async () => {
    const put = await run(['-c', cfg, 'put', '--', 'wcs://test/--weird', 'a.txt'], box);
    expect(put.code).toBe(0);
    const del = await run(['-c', cfg, 'del', '--', 'wcs://test/--weird'], box);
    expect(del.code).toBe(0);
    expect(del.stdout).toBe('deleted wcs://test/--weird\n');
  });

  it('-- with no command after it is a usage error, not a silent success', async () => {
    const r = await run(['-c', cfg, '--'], box);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('wcscmd: no command given.');
  });
});

describe('attached values and unique prefixes, as optparse', () => {
  it('-cFILE and --config=FILE', async () => {
    const attached = await run([`-c${cfg}`, 'listbucket'], box);
    expect(attached.stderr).toBe('');
    expect(attached.code).toBe(0);
    expect(attached.stdout.trim().split('\n')).toContain('test');
    expect((await run([`--config=${cfg}`, 'listbucket'], box)).code).toBe(0);
  });

  it('--pre for --prefix and --js for --json; --conf is ambiguous', async () => {
    expect((await run(['-c', cfg, 'put', 'wcs://test/pre/x', 'a.txt'], box)).code).toBe(0);
    expect((await run(['-c', cfg, 'put', 'wcs://test/other', 'a.txt'], box)).code).toBe(0);
    const r = await run(['--conf', cfg, 'list', 'wcs://test', 'out.json', '--pre', 'pre/', '--js'], box);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('wcscmd: option "--conf" is ambiguous: --config or --configure? Run "wcscmd list --help" for the options.\n');
    const ok = await run(['--config=' + cfg, 'list', 'wcs://test', 'out.json', '--pre', 'pre/', '--js'], box);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect((JSON.parse(ok.stdout) as { items: Array<{ key: string }> }).items.map((i) => i.key)).toEqual(['pre/x']);
  });

  it('an ambiguous prefix names every candidate (exit 2)', async () => {
    const r = await run(['-c', cfg, 'put', 'wcs://test/k', 'a.txt', '--re', 'x'], box);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('wcscmd: option "--re" is ambiguous: --relevance, --returnbody or --returnurl? Run "wcscmd put --help" for the options.\n');
  });

  it('short options cluster: -sq, -qc FILE', async () => {
    const r = await run(['-qc', cfg, '-s', '--dump-config'], box);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ishttps = True\n');
  });
});

describe('an option without its value is a usage error naming it', () => {
  it.each([
    [['list', 'wcs://test', 'out.json', '--prefix']],
    [['list', 'wcs://test', 'out.json', '--pre']],
    [['stat', 'wcs://test/k', '-c']],
  ])('%j', async (args) => {
    const r = await run(args, box);
    expect(r.code).toBe(2);
    const option = args[args.length - 1] === '-c' ? '-c' : '--prefix';
    expect(r.stderr).toBe(`wcscmd: option ${option} needs a value. Run "wcscmd ${args[0]} --help" for the options.\n`);
  });

  it('a flag given a value is refused', async () => {
    const r = await run(['stat', 'wcs://test/k', '--json=yes'], box);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('wcscmd: option --json takes no value (got "--json=yes"). Run "wcscmd stat --help" for the options.\n');
  });

  it('an option of another command is refused, naming the command it belongs to', async () => {
    const r = await run(['stat', 'wcs://test/k', '--wait'], box);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('wcscmd: option --wait is not used by stat (only by deletePrefix). Run "wcscmd stat --help" for the options.\n');
  });
});

describe('each command\'s --help lists only the options it uses', () => {
  const optionsIn = (help: string): string[] => [...new Set(help.match(/--[a-z][a-z_-]*/g) ?? [])];
  it.each([
    ['multiput', ['--upload-id', '--restart', '--overwrite', '--config', '--json'], ['--limit', '--prefix', '--notify', '--wait', '--startdate']],
    ['list', ['--limit', '--prefix', '--mode', '--marker'], ['--overwrite', '--upload-id', '--notify', '--restart']],
    ['deletePrefix', ['--notify', '--separate', '--force', '--wait'], ['--limit', '--overwrite', '--restart']],
    ['crc64', ['--json'], ['--config', '--profile', '--limit', '--overwrite']],
    ['bucketstat', ['--startdate', '--enddate', '--islistdetails', '--storagetype'], ['--limit', '--overwrite']],
  ])('%s', async (cmd, present, absent) => {
    const r = await run([cmd, '--help'], box);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain(`wcscmd ${cmd} `);
    const shown = optionsIn(r.stdout);
    for (const o of present) expect(shown).toContain(o);
    for (const o of absent) expect(shown).not.toContain(o);
  });

  it('--help wins over a bad option that follows it, as in optparse', async () => {
    const r = await run(['stat', '--help', '--bogus'], box);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('wcscmd stat <url>');
  });
});

describe('a closed stdout', () => {
  it('ends the command quietly: no EPIPE stack trace', async () => {
    for (const args of [['--help'], ['crc64', 'a.txt'], ['-c', cfg, 'listbucket']]) {
      const child = spawn(process.execPath, [BIN, ...args], { cwd: box.dir, env: box.env(), stdio: ['ignore', 'pipe', 'pipe'] });
      // Closed before wcscmd has started: its first write meets a pipe with no reader.
      child.stdout.destroy();
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
      expect({ args, stderr }).toEqual({ args, stderr: '' });
      expect(code).toBe(0);
    }
  });
});
