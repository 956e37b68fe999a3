import { describe, expect, it, beforeEach, afterEach } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync, chmodSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { WcsConfigError } from '../errors.js';
import { loadConfig, parseWcscfg, writeConfigFile } from './load-config.js';
import { defaultRecordFolder, parseConfig } from './schema.js';
import { redactConfig } from './redact.js';

// What `wcscmd --configure` of the Python tool 5.0.36 writes: [default], ASCII key order,
// True/False, empty values as "key = ".
const PYTHON_WCSCFG = `[default]
access_key = ak-example
block_size = 4194304
bput_retries = 3
bput_size = 4194304
callbackBody = 
callbackUrl = 
concurrency = 4
connection_retries = 3
connection_timeout = 40
contentDetect = 
deadline = 7200
detectNotifyRule = 
detectNotifyURL = 
force = 0
hashAlgorithm = 
ishttps = False
isverify = True
keepalive = False
limit = 1000
marker = 
mgr_url = apitestuser.mgr0.v1.wcsapi.com
mkblk_retries = 3
mkfile_retries = 3
mode = 3
notifyurl = 
output = 
overwrite = 0
persistentNotifyUrl = 
persistentOps = 
prefix = 
put_url = apitestuser.up0.v1.wcsapi.com
returnBody = 
returnUrl = 
secret_key = sk-example
separate = 0
tmp_record_folder = /tmp/multipart/
traffic_limit = 0
upload_id = 
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wcs-core-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};

describe('loadConfig', () => {
  it('loads a file written by the Python tool unchanged, with its defaults', () => {
    const file = write('.wcscfg', PYTHON_WCSCFG);
    const { config, fileFound, warnings } = loadConfig({ configFile: file, env: {} });
    expect(fileFound).toBe(true);
    expect(warnings).toEqual([]);
    expect(config.accessKey).toBe('ak-example');
    expect(config.secretKey).toBe('sk-example');
    expect(config.putUrl).toBe('apitestuser.up0.v1.wcsapi.com');
    expect(config.useHttps).toBe(false);
    expect(config.verifyTls).toBe(true);
    expect(config.blockSizeBytes).toBe(4194304);
    expect(config.listMode).toBe(3);
    expect(config.recordFolder).toBe('/tmp/multipart/');
    expect(config.returnBody).toBe('');
    // Every other value is also our default, except the record folder (the Python tool's is shared by all
    // users) and concurrency (8 here, 4 there: see schema.ts).
    expect(config).toEqual(
      parseConfig({ accessKey: 'ak-example', secretKey: 'sk-example', putUrl: 'apitestuser.up0.v1.wcsapi.com', mgrUrl: 'apitestuser.mgr0.v1.wcsapi.com', recordFolder: '/tmp/multipart/', concurrency: 4 }),
    );
  });

  it('defaults the resume record folder to a per-user ~/.wcs/multipart, also for an empty tmp_record_folder', () => {
    expect(parseConfig({}).recordFolder).toBe(join(homedir(), '.wcs', 'multipart'));
    expect(defaultRecordFolder()).toBe(join(homedir(), '.wcs', 'multipart'));
    expect(parseConfig({ recordFolder: '' }).recordFolder).toBe(join(homedir(), '.wcs', 'multipart'));
    expect(parseConfig({ recordFolder: '~/records' }).recordFolder).toBe(join(homedir(), 'records'));
  });

  it('keeps ; # and quotes inside values whole, as the Python parser does', () => {
    const file = write(
      'cfg',
      '[default]\npersistentOps = avthumb/mp4;vframe/jpg/offset/1\nreturnUrl = http://example.com/done#frag\nreturnBody = "key=$(key)&hash=$(hash)"\ncallbackBody = a\\b\n',
    );
    const { config } = loadConfig({ configFile: file, env: {} });
    expect(config.persistentOps).toBe('avthumb/mp4;vframe/jpg/offset/1');
    expect(config.returnUrl).toBe('http://example.com/done#frag');
    expect(config.returnBody).toBe('key=$(key)&hash=$(hash)');
    expect(config.callbackBody).toBe('a\\b');
  });

  it('accepts every boolean spelling of the Python tool, case-insensitively', () => {
    for (const [word, value] of [['True', true], ['yes', true], ['ON', true], ['1', true], ['False', false], ['no', false], ['off', false], ['0', false]] as const) {
      const file = write('b', `[default]\nishttps = ${word}\n`);
      expect(loadConfig({ configFile: file, env: {} }).config.useHttps).toBe(value);
    }
  });

  it('ignores unknown keys and junk lines with a warning (py3 warns about both), and comments silently', () => {
    const file = write('u', '# comment\n; other\n[default]\nfoo_bar = 1\njunk line\naccess_key = x\n');
    const { config, warnings } = loadConfig({ configFile: file, env: {} });
    expect(config.accessKey).toBe('x');
    expect(warnings).toEqual([`${file}: line 5 is not "key = value" nor a [section], ignored`, `${file}: unknown setting "foo_bar" ignored`]);
  });

  it('warns about a "key: value" line (ConfigParser syntax the Python tool does not read), never quoting it', () => {
    const file = write('colon', '[default]\naccess_key = ak\nsecret_key: the-secret-value\n');
    const { config, warnings } = loadConfig({ configFile: file, env: {} });
    expect(config.secretKey).toBe('');
    expect(warnings).toEqual([`${file}: line 3 is not "key = value" nor a [section], ignored`]);
    expect(warnings.join('\n')).not.toContain('the-secret-value');
  });

  it('applies precedence flags > env > file > defaults', () => {
    const file = write('p', '[default]\naccess_key = from-file\nput_url = file-host\nlimit = 10\n');
    const { config } = loadConfig({
      configFile: file,
      env: { WCS_PUT_URL: 'env-host', WCS_LIMIT: '20' },
      overrides: { listLimit: 30, mgrUrl: undefined },
    });
    expect(config.accessKey).toBe('from-file');
    expect(config.putUrl).toBe('env-host');
    expect(config.listLimit).toBe(30);
    expect(config.mgrUrl).toBe('');
    expect(loadConfig({ configFile: file, env: { WCS_PUT_URL: 'env-host', WCS_LIMIT: '20' }, overrides: { listLimit: 30 } }).origins).toEqual({
      accessKey: { from: 'file', name: 'access_key' },
      putUrl: { from: 'env', name: 'WCS_PUT_URL' },
      listLimit: { from: 'option', name: 'limit' },
    });
  });

  it('selects a profile section; a missing profile names the sections found', () => {
    const file = write('prof', '[default]\naccess_key = a\n[staging]\naccess_key = b\n[my.team]\naccess_key = c\n');
    expect(loadConfig({ configFile: file, env: {} }).config.accessKey).toBe('a');
    expect(loadConfig({ configFile: file, env: {}, profile: 'staging' }).config.accessKey).toBe('b');
    expect(loadConfig({ configFile: file, env: { WCS_PROFILE: 'my.team' } }).config.accessKey).toBe('c');
    expect(() => loadConfig({ configFile: file, env: {}, profile: 'prod' })).toThrow(
      /Profile "prod" is not in .* \(sections found: default, staging, my.team\)/,
    );
  });

  it('treats an absent default file as empty, but a named missing file as an error with a hint', () => {
    const home = join(dir, 'home');
    mkdirSync(home);
    const loaded = loadConfig({ env: { HOME: home } });
    expect(loaded.fileFound).toBe(false);
    expect(loaded.file).toBe(join(home, '.wcscfg'));
    expect(() => loadConfig({ configFile: join(dir, 'nope'), env: {} })).toThrow(/does not exist: run "wcscmd --configure"/);
    expect(() => loadConfig({ env: { WCS_CONFIG: join(dir, 'nope') } })).toThrow(WcsConfigError);
    expect(() => loadConfig({ configFile: dir, env: {} })).toThrow(/is a directory/);
  });

  it('names the key and the file of a bad value, never the value', () => {
    const file = write('bad', '[default]\nsecret_key = sk-very-secret\nblock_size = 1000\nconcurrency = many\nishttps = maybe\n');
    let error: unknown;
    try {
      loadConfig({ configFile: file, env: {} });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WcsConfigError);
    const message = (error as Error).message;
    expect(message).toContain(`block_size in ${file} must be a multiple of 4194304`);
    expect(message).toContain(`concurrency in ${file} must be a whole number`);
    expect(message).toContain(`ishttps in ${file} must be one of`);
    expect(message).not.toContain('sk-very-secret');
    expect(message).not.toContain('many');
    expect((error as WcsConfigError).issues).toHaveLength(3);
  });

  it('names the environment variable when the bad value came from there', () => {
    expect(() => loadConfig({ configFile: write('e', ''), env: { WCS_LIMIT: '5000' } })).toThrow(
      'environment variable WCS_LIMIT must be at most 1000',
    );
  });
});

describe('writeConfigFile', () => {
  it('writes the Python format with mode 0600 and reads back the same config', () => {
    const file = join(dir, 'out.wcscfg');
    const config = parseConfig({ accessKey: 'ak-example', secretKey: 'sk-example', putUrl: 'apitestuser.up0.v1.wcsapi.com', mgrUrl: 'apitestuser.mgr0.v1.wcsapi.com', concurrency: 4 });
    writeConfigFile(file, config);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // Byte for byte the Python tool's file, except that the record folder written is our per-user default.
    expect(readFileSync(file, 'utf8')).toBe(PYTHON_WCSCFG.replace('tmp_record_folder = /tmp/multipart/', `tmp_record_folder = ${join(homedir(), '.wcs', 'multipart')}`));
    expect(loadConfig({ configFile: file, env: {} }).config).toEqual(config);
  });

  it('keeps other profiles, keys before any section, and tightens the mode of an existing file', () => {
    const file = write('multi', 'connection_timeout = 90\n[default]\naccess_key = a\n[staging]\naccess_key = b\n');
    chmodSync(file, 0o644);
    writeConfigFile(file, parseConfig({ accessKey: 'new' }), 'default');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const parsed = parseWcscfg(readFileSync(file, 'utf8'));
    expect(parsed.sections.get('default')?.['access_key']).toBe('new');
    expect(parsed.sections.get('staging')?.['access_key']).toBe('b');
    expect(parsed.topLevel).toEqual({ connection_timeout: '90' });
    expect(loadConfig({ configFile: file, env: {}, profile: 'staging' }).config.connectionTimeoutSeconds).toBe(90);
  });
});

describe('redactConfig', () => {
  it('masks the secret key and nothing else', () => {
    const redacted = redactConfig(parseConfig({ accessKey: 'ak', secretKey: 'sk-secret' }));
    expect(redacted.secretKey).toBe('****');
    expect(redacted.accessKey).toBe('ak');
    expect(JSON.stringify(redacted)).not.toContain('sk-secret');
    expect(redactConfig(parseConfig({})).secretKey).toBe('');
  });
});
