import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { lstatSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { ACCESS_KEY, SECRET_KEY, Sandbox, capturedOutput, pythonWcscfg, run } from './harness.js';

// Everything here runs without a server: help, version, usage errors, config handling, crc64.
let box: Sandbox;
beforeAll(() => {
  box = new Sandbox();
});
afterAll(() => {
  for (const text of capturedOutput) expect(text).not.toContain(SECRET_KEY);
  box.cleanup();
});

describe('help and version', () => {
  it('wcscmd --help lists every command with the Python argument shapes', async () => {
    const r = await run(['--help'], box);
    expect(r.code).toBe(0);
    for (const shape of [
      'list <bucketUrl> <resfile>',
      'listall <bucketUrl> <resfile>',
      'listbucket',
      'get <url> [file]',
      'del <url>',
      'mv <src> <dst>',
      'cp <src> <dst>',
      'setdeadline <url> <days>',
      'stat <url>',
      'put <url> <localfile>',
      'multiput <url> <localfile>',
      'deletePrefix <bucketUrl> <prefix>',
      'fops <url> <ops>',
      'fopsStatus <id>',
      'fmgrStatus <id>',
      'crc64 <file>',
      'bucketstat <buckets>',
    ]) {
      expect(r.stdout).toContain(`wcscmd ${shape}`);
    }
    for (const option of ['--configure', '--config', '--dump-config', '--ssl', '--upload-id', '--limit', '--prefix', '--mode', '--marker', '--overwrite', '--returnurl', '--returnbody', '--callbackurl', '--callbackbody', '--persistentops', '--persistentntyurl', '--contentdetect', '--detectntyurl', '--detectntyrule', '--hashalgorithm', '--notify', '--separate', '--force', '--deadline', '--traffic_limit', '--startdate', '--enddate', '--islistdetails', '--storagetype', '--relevance', '--output', '--debug', '--json', '--quiet', '--verbose', '--profile']) {
      expect(r.stdout).toContain(option);
    }
  });

  it('every command has help with an example', async () => {
    for (const [cmd, example] of [
      ['put', 'wcscmd put wcs://test/test-1k ./test-1k'],
      ['multiput', '--upload-id'],
      ['list', 'wcscmd list wcs://test ./result --limit 4'],
      ['setdeadline', 'wcscmd setdeadline wcs://test/test-100M 3'],
      ['move', 'wcscmd move wcs://srctest/test1 wcs://dsttest/test2'],
      ['copy', 'wcscmd copy wcs://srctest/test1 wcs://dsttest/test2'],
      ['deletePrefix', 'wcscmd deletePrefix wcs://test test-prefix'],
      ['stat', 'With --json'],
      ['get', 'wcscmd get http'],
    ] as const) {
      // Wide enough that yargs does not wrap an example inside its column.
      const r = await run([cmd, '--help'], box, { env: box.env({ COLUMNS: '200' }) });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Examples:');
      expect(r.stdout.replace(/\s+/g, ' ')).toContain(example);
    }
  });

  it('--version prints the package version', async () => {
    const r = await run(['--version'], box);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'))).toMatchObject({ version: r.stdout.trim() });
  });
});

describe('usage errors: one line on stderr, exit 2', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['unknown command', ['foo'], /^wcscmd: unknown command "foo"\. Run "wcscmd --help" to see the commands\.\n$/],
    ['unknown option', ['stat', 'wcs://b/k', '--bogus'], /^wcscmd: unknown option "--bogus"\. Run "wcscmd stat --help" for the options\.\n$/],
    ['unknown option before the command', ['--bogus', 'stat', 'wcs://b/k'], /^wcscmd: unknown option "--bogus"\. Run "wcscmd stat --help" for the options\.\n$/],
    ['missing argument', ['stat'], /^wcscmd: stat: missing arguments\. Usage: wcscmd stat <url>\./],
    ['too many arguments', ['stat', 'wcs://b/k', 'extra'], /^wcscmd: stat: too many arguments \("extra"\)/],
    ['malformed wcs:// URL', ['stat', 'test/k'], /^wcscmd: object "test\/k" is not a wcs:\/\/ URL: write it as wcs:\/\/BUCKET\/OBJECT\.\n$/],
    ['missing bucket', ['del', 'wcs:///k'], /has no bucket/],
    ['missing key', ['stat', 'wcs://test'], /has no object key: write it as wcs:\/\/test\/OBJECT/],
    ['object where a bucket is expected', ['list', 'wcs://test/x', 'out'], /must name a bucket only/],
    ['invalid --limit', ['list', 'wcs://test', 'out', '--limit', 'lots'], /--limit must be a whole number from 0 to 1000, got "lots"/],
    ['invalid --deadline', ['put', 'wcs://test/k', '/etc/hostname', '--deadline', '0'], /--deadline must be a whole number >= 1/],
    ['invalid DAYS', ['setdeadline', 'wcs://test/k', '-2'], /DAYS must be a whole number >= -1, got "-2"/],
    ['missing local file', ['put', 'wcs://test/k', 'no-such-file'], /^wcscmd: local file no-such-file does not exist\.\n$/],
    ['directory instead of file', ['put', 'wcs://test/k', '.'], /^wcscmd: local file \. is a directory: give a file\.\n$/],
    ['get into a missing directory', ['get', 'http://127.0.0.1:1/a.txt', 'no-dir/a.txt'], /^wcscmd: cannot write no-dir\/a\.txt: its directory does not exist\.\n$/],
    ['get of something that is not a URL', ['get', 'ftp://h/a.txt'], /is not an http:\/\/ or https:\/\/ URL/],
    ['bad bucketstat date', ['bucketstat', 'test', '--startdate', '2024-13-01'], /--startdate must be a date written yyyy-mm-dd/],
  ];
  it.each(cases)('%s', async (_name, args, message) => {
    const r = await run(args, box);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('no command prints help on stderr, exit 2', async () => {
    const r = await run([], box);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Commands:');
    expect(r.stderr).toContain('wcscmd: no command given.');
  });
});

describe('configuration errors', () => {
  it('a missing default config file says to run --configure (exit 2)', async () => {
    const r = await run(['stat', 'wcs://test/k'], box);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `wcscmd: Config file ${box.path('.wcscfg')} does not exist and access_key, secret_key and mgr_url are not set: run "wcscmd --configure" to create it, or pass -c FILE.\n`,
    );
  });

  it('a missing -c file is named', async () => {
    const r = await run(['-c', box.path('nope.cfg'), 'listbucket'], box);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`wcscmd: Config file ${box.path('nope.cfg')} does not exist: run "wcscmd --configure" to create it, or pass -c FILE.\n`);
  });

  it('missing keys in the config are named', async () => {
    const file = box.write('partial.cfg', '[default]\naccess_key = a\nsecret_key = \nput_url = 127.0.0.1:1\n');
    const put = await run(['-c', file, 'put', 'wcs://test/k', '/etc/hostname'], box);
    expect(put.code).toBe(2);
    expect(put.stderr).toBe(`wcscmd: secret_key is not set in ${file}: run "wcscmd --configure" or add it to the file.\n`);
    const stat = await run(['-c', file, 'stat', 'wcs://test/k'], box);
    expect(stat.stderr).toBe(`wcscmd: secret_key and mgr_url are not set in ${file}: run "wcscmd --configure" or add them to the file.\n`);
  });

  it('a file whose keys are under another section than [default] says so and names the section', async () => {
    // The Python tool read keys from any section; a hand-edited [wcs] file worked there.
    const file = box.write('wcs-section.cfg', pythonWcscfg({ putUrl: '127.0.0.1:1', mgrUrl: '127.0.0.1:1' }).replace('[default]', '[wcs]'));
    const r = await run(['-c', file, 'stat', 'wcs://test/k'], box);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `wcscmd: access_key, secret_key and mgr_url are not set in ${file}: it has no [default] section (sections found: wcs). Rename the section to [default], or pass --profile wcs.\n`,
    );
  });

  it('a block size that is not a multiple of 4 MiB is rejected', async () => {
    const file = box.write('bad-block.cfg', pythonWcscfg({ putUrl: '127.0.0.1:1', mgrUrl: '127.0.0.1:1', extra: { block_size: '1000000' } }));
    const r = await run(['-c', file, 'multiput', 'wcs://test/k', '/etc/hostname'], box);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^wcscmd: Invalid configuration: block_size in .* must be a multiple of 4194304 \(4 MiB\)\n$/);
  });

  it('an unknown profile is reported', async () => {
    const file = box.write('p.cfg', pythonWcscfg({ putUrl: 'h', mgrUrl: 'h' }));
    const r = await run(['-c', file, '--profile', 'nope', 'listbucket'], box);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Profile "nope" is not in/);
  });
});

describe('--dump-config', () => {
  it('prints the effective config in .wcscfg format with the secret key masked', async () => {
    const file = box.write('dump.cfg', pythonWcscfg({ putUrl: 'up.example.com', mgrUrl: 'mgr.example.com' }));
    const r = await run(['-c', file, '--dump-config', '--limit', '7'], box);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('[default]\naccess_key = ak-e2e-wcscmd\n');
    expect(r.stdout).toContain('secret_key = ****\n');
    expect(r.stdout).toContain('limit = 7\n');
    expect(r.stdout).toContain('put_url = up.example.com\n');
    expect(r.stdout).not.toContain(SECRET_KEY);
    const json = await run(['-c', file, '--dump-config', '--json'], box);
    expect(JSON.parse(json.stdout)).toMatchObject({ config: { secret_key: '****' } });
  });

  it('shows the selected profile (--profile and WCS_PROFILE)', async () => {
    const file = box.write('profiles.cfg', `${pythonWcscfg({ putUrl: 'up-default', mgrUrl: 'mgr-default' })}\n[staging]\naccess_key = ak-staging\nsecret_key = sk-staging-secret\nput_url = up-staging\nmgr_url = mgr-staging\n`);
    const flag = await run(['-c', file, '--profile', 'staging', '--dump-config'], box);
    expect(flag.stdout).toContain('[staging]\naccess_key = ak-staging\n');
    expect(flag.stdout).toContain('put_url = up-staging\n');
    expect(flag.stdout).not.toContain('sk-staging-secret');
    const env = await run(['-c', file, '--dump-config'], box, { env: box.env({ WCS_PROFILE: 'staging' }) });
    expect(env.stdout).toContain('mgr_url = mgr-staging\n');
  });
});

describe('--configure', () => {
  const answers = (values: string[]) => `${values.join('\n')}\n`;

  it('writes a new file from piped answers (mode 0600), keeping defaults on Enter', async () => {
    const file = box.path('configured.cfg');
    const r = await run(['--configure', '-c', file], box, {
      input: answers([ACCESS_KEY, SECRET_KEY, 'up.example.com', 'mgr.example.com', '', '', '', '', '', '', '', '', '8', 'y', '', '', '', '', '', 'y']),
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Configuration saved to '${file}'`);
    expect(r.stdout).toContain('Access key []: ');
    expect(r.stdout).toContain('Save settings? [y/N]');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(`access_key = ${ACCESS_KEY}\n`);
    expect(text).toContain(`secret_key = ${SECRET_KEY}\n`);
    expect(text).toContain('concurrency = 8\n');
    expect(text).toContain('ishttps = True\n');
    expect(text).toContain('block_size = 4194304\n');
  });

  it('shows current values (secret masked), keeps unanswered values and other profiles', async () => {
    const file = box.write(
      'existing.cfg',
      `${pythonWcscfg({ putUrl: 'up-old', mgrUrl: 'mgr-old', extra: { returnBody: 'key=$(key)', concurrency: '2' } })}\n[other]\naccess_key = ak-other\nsecret_key = sk-other\n`,
    );
    const r = await run(['--configure', '-c', file], box, { input: answers(['', '', 'up-new', ...Array<string>(16).fill(''), 'yes']) });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Access key [${ACCESS_KEY}]: `);
    expect(r.stdout).toContain('Secret key [****]: ');
    expect(r.stdout).toContain('Use https for hosts without a scheme [No]: ');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('put_url = up-new\n');
    expect(text).toContain('mgr_url = mgr-old\n');
    expect(text).toContain(`secret_key = ${SECRET_KEY}\n`);
    expect(text).toContain('returnBody = key=$(key)\n');
    expect(text).toContain('concurrency = 2\n');
    expect(text).toContain('[other]\naccess_key = ak-other\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('re-asks an invalid number', async () => {
    const file = box.path('reask.cfg');
    const r = await run(['--configure', '-c', file], box, { input: answers(['a', 'b', 'u', 'm', '1000', '8388608', ...Array<string>(14).fill(''), 'y']) });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('block_size must be a multiple of 4194304 (4 MiB); try again.');
    expect(readFileSync(file, 'utf8')).toContain('block_size = 8388608\n');
  });

  it('EOF before saving: "changes were NOT saved", exit 1, file untouched', async () => {
    const file = box.write('eof.cfg', '[default]\naccess_key = keep-me\n');
    const r = await run(['--configure', '-c', file], box, { input: answers(['changed', 'x']) });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('wcscmd: configuration interrupted: changes were NOT saved.\n');
    expect(readFileSync(file, 'utf8')).toBe('[default]\naccess_key = keep-me\n');
  });

  it('answering no to save and to retry leaves the file alone', async () => {
    const file = box.write('no.cfg', '[default]\naccess_key = keep-me\n');
    const r = await run(['--configure', '-c', file], box, { input: answers(['changed', ...Array<string>(18).fill(''), 'n', 'n']) });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Changes were NOT saved.');
    expect(readFileSync(file, 'utf8')).toBe('[default]\naccess_key = keep-me\n');
  });

  it('a file in a folder that does not exist is refused before the questions (exit 2)', async () => {
    const r = await run(['--configure', '-c', box.path('no-such-folder', 'x.cfg')], box, { input: answers(['ak', 'sk']) });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`wcscmd: cannot write ${box.path('no-such-folder', 'x.cfg')}: the folder ${box.path('no-such-folder')} does not exist. Create it, or give another file with -c FILE.\n`);
    expect(r.stdout).not.toContain('Access key');
  });

  it('repairs a file with an invalid value instead of refusing to start', async () => {
    const file = box.write('bad.cfg', pythonWcscfg({ putUrl: 'up-b', mgrUrl: 'mgr-b', extra: { ishttps: 'maybe', limit: 'abc', concurrency: '2' } }));
    const r = await run(['--configure', '-c', file], box, { input: answers([...Array<string>(19).fill(''), 'y']) });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Note: the ishttps in ${file} is not valid; its default is shown below.`);
    expect(r.stdout).toContain(`Note: the limit in ${file} is not valid; its default is shown below.`);
    expect(r.stdout).toContain('Use https for hosts without a scheme [No]: ');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('ishttps = False\n');
    expect(text).toContain('limit = 1000\n');
    expect(text).toContain('concurrency = 2\n');
    expect(text).toContain('put_url = up-b\n');
    expect(text).toContain(`secret_key = ${SECRET_KEY}\n`);
    expect((await run(['-c', file, '--dump-config'], box)).code).toBe(0);
  });

  it('a config file that is a symbolic link (dotfiles) is written through: the link stays', async () => {
    const real = box.write('dotfiles-wcscfg', pythonWcscfg({ putUrl: 'up-l', mgrUrl: 'mgr-l' }));
    symlinkSync(real, box.path('linked.cfg'));
    const r = await run(['--configure', '-c', box.path('linked.cfg')], box, { input: answers(['', '', 'up-new', ...Array<string>(16).fill(''), 'y']) });
    expect(r.code).toBe(0);
    expect(lstatSync(box.path('linked.cfg')).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toContain('put_url = up-new\n');
  });

  it('--profile writes that section and keeps [default]', async () => {
    const file = box.write('prof.cfg', pythonWcscfg({ putUrl: 'up-d', mgrUrl: 'mgr-d' }));
    const r = await run(['--configure', '-c', file, '--profile', 'team'], box, { input: answers(['ak-team', 'sk-team', 'up-t', 'mgr-t', ...Array<string>(15).fill(''), 'y']) });
    expect(r.code).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('[default]\naccess_key = ak-e2e-wcscmd\n');
    expect(text).toContain('[team]\naccess_key = ak-team\n');
  });
});

describe('crc64', () => {
  it('prints the CRC-64/XZ of a file without any config', async () => {
    // "123456789" is the CRC-64/XZ check input: 0x995dc9bbdf1939fa.
    box.write('check.txt', '123456789');
    const r = await run(['crc64', 'check.txt'], box);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(BigInt('0x995dc9bbdf1939fa').toString());
    const json = await run(['crc64', 'check.txt', '--json'], box);
    expect(JSON.parse(json.stdout)).toEqual({ file: 'check.txt', crc64: BigInt('0x995dc9bbdf1939fa').toString() });
  });
});
