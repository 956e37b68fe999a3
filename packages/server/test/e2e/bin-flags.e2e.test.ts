import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { b64u, manageToken, uploadToken } from '../helpers/sign.js';
import { RequestLog } from '../helpers/wire.js';

const bin = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wcs-bin-flags-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Running {
  child: ChildProcessWithoutNullStreams;
  urls: { putUrl: string; mgrUrl: string; downloadUrl: string };
  /** Everything printed so far, once the .wcscfg snippet is out. */
  out: string;
  stop(): Promise<number | null>;
}

async function start(args: string[]): Promise<Running> {
  const child = spawn(process.execPath, [bin, ...args]);
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = once(child, 'exit');
  while (!out.includes('mgr_url')) {
    const what = await Promise.race([once(child.stdout, 'data').then(() => 'data'), exited.then(() => 'exit')]);
    if (what === 'exit') throw new Error(`wcs-server exited early: ${err}`);
  }
  const first = out.split('\n')[0] as string;
  const urls = JSON.parse(first.slice('WCS_SERVER_READY '.length)) as Running['urls'];
  return {
    child, urls, out,
    stop: async () => {
      child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      return code;
    },
  };
}

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
}

describe('wcs-server --help', () => {
  it('documents every flag with an example, and the control endpoint', () => {
    const r = run(['--help']);
    expect(r.status).toBe(0);
    const flags = [
      'port', 'mgr-port', 'download-port', 'host', 'data', 'bucket', 'block-ttl', 'access-key', 'secret-key', 'credentials',
      'job-delay', 'faults', 'seed', 'request-log', 'request-log-size', 'help',
    ];
    for (const f of flags) {
      expect([f, r.stdout.includes(`\n  --${f} `) || r.stdout.includes(`, --${f} `)]).toEqual([f, true]);
      expect([f, new RegExp(`e\\.g\\. --${f}\\b`).test(r.stdout)]).toEqual([f, true]);
    }
    expect(r.stdout).toContain('GET /_wcs/faults');
    expect(r.stdout).toContain('PUT /_wcs/faults');
    expect(r.stdout).toContain('GET /_wcs/requests?since=N');
  });
});

describe('the printed .wcscfg snippet', () => {
  it('never prints a secret key given with --secret-key; it says where the key came from', async () => {
    const secret = 'sk-distinctive-7f3a9c';
    const s = await start(['--access-key', 'ak', '--secret-key', secret]);
    expect(await s.stop()).toBe(0);
    expect(s.out).not.toContain(secret);
    expect(s.out).toContain('access_key = ak');
    expect(s.out).toMatch(/--secret-key/);
    expect(s.out).toContain('secret_key = <secret key>');
  });

  it('never prints a secret key read from --credentials', async () => {
    const file = join(dir, 'keys.json');
    await writeFile(file, JSON.stringify({ accessKey: 'ak-file', secretKey: 'sk-from-file-55e1' }));
    const s = await start(['--credentials', file]);
    expect(await s.stop()).toBe(0);
    expect(s.out).not.toContain('sk-from-file-55e1');
    expect(s.out).toContain(file);
  });

  it('prints the built-in development key, which is public', async () => {
    const s = await start([]);
    expect(await s.stop()).toBe(0);
    expect(s.out).toContain('secret_key = wcs-local-secret-key');
  });
});

describe('--faults', () => {
  it.each([
    ['a wrong status', JSON.stringify({ rules: [{ endpoint: 'bput', status: 502 }] }), /rules\[0\]\.status/],
    ['an unknown endpoint', JSON.stringify({ rules: [{ endpoint: 'mkblk' }, { endpoint: 'nope' }] }), /rules\[1\]\.endpoint/],
    ['a misspelt field', JSON.stringify({ rules: [{ endpoint: 'bput', latency: 5 }] }), /rules\[0\]\.latency: unknown field/],
    ['text that is not JSON', '{"rules": [', /not valid JSON/],
  ])('refuses a file with %s: exit 2, one line naming the file and the field', (_name, text, message) => {
    const file = join(dir, `faults-${Math.random().toString(16).slice(2)}.json`);
    spawnSync('sh', ['-c', `cat > '${file}'`], { input: text });
    const r = run(['--faults', file]);
    expect(r.status).toBe(2);
    const line = r.stderr.split('\n')[0] as string;
    expect(line).toContain(`--faults ${file}: `);
    expect(line).toMatch(message);
  });

  it('refuses a missing file with exit 2', () => {
    const r = run(['--faults', join(dir, 'missing.json')]);
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(/--faults .*missing\.json: cannot read it/);
  });
});

describe('flags for tests, driven from outside the process', () => {
  it('--faults, --request-log, --request-log-size and --job-delay take effect; the control endpoint drives the child', async () => {
    const faults = join(dir, 'faults.json');
    await writeFile(faults, JSON.stringify({ rules: [{ endpoint: 'mkblk', status: 503, times: 1 }] }));
    const logFile = join(dir, 'requests.jsonl');
    const s = await start([
      '--access-key', 'ak', '--secret-key', 'sk', '--faults', faults, '--request-log', logFile, '--request-log-size', '2',
      '--job-delay', '600000', '--block-ttl', '30m',
    ]);
    const control = async (method: 'GET' | 'PUT', path: string, body = ''): Promise<{ status: number; json: unknown }> => {
      const res = await fetch(`${s.urls.mgrUrl}${path}`, { method, ...(method === 'PUT' ? { body } : {}), headers: { Authorization: manageToken('ak', 'sk', path, body) } });
      return { status: res.status, json: await res.json() };
    };
    try {
      const token = uploadToken('ak', 'sk', { scope: 'test:k' });
      const mkblk = (): Promise<Response> => fetch(`${s.urls.putUrl}/mkblk/5/0`, { method: 'POST', body: 'hello', headers: { Authorization: token } });
      expect((await mkblk()).status).toBe(503); // the --faults file
      expect((await mkblk()).status).toBe(200);
      expect(await control('GET', '/_wcs/faults')).toEqual({ status: 200, json: { rules: [{ endpoint: 'mkblk', status: 503, times: 1 }] } });
      expect((await control('PUT', '/_wcs/faults', JSON.stringify({ rules: [{ endpoint: 'mkblk', status: 429 }] }))).status).toBe(200);
      expect((await mkblk()).status).toBe(429);
      expect((await control('GET', '/_wcs/faults', '')).status).toBe(200);
      expect((await fetch(`${s.urls.mgrUrl}/_wcs/requests?since=0`)).status).toBe(401);

      // --job-delay 600000: a job is still pending or processing long after the default 50 ms.
      const body = `fops=bucket/${b64u('test')}/key/${b64u('none')}`;
      const submit = await fetch(`${s.urls.mgrUrl}/fmgr/delete`, { method: 'POST', body, headers: { Authorization: manageToken('ak', 'sk', '/fmgr/delete', body) } });
      const { persistentId } = (await submit.json()) as { persistentId: string };
      await new Promise((r) => setTimeout(r, 300));
      const status = (await (await fetch(`${s.urls.mgrUrl}/fmgr/status?persistentId=${persistentId}`)).json()) as { code: number };
      expect(status.code).toBeLessThan(3);

      const requests = await control('GET', '/_wcs/requests?since=0');
      // --request-log-size 2: only the newest two requests are kept (mkblk 429 and fmgr delete; then the status call).
      const log = RequestLog.parse(requests.json);
      expect(log.entries.map((e) => e.seq)).toEqual([log.last - 1, log.last]);
      expect(log.last).toBe(5);
    } finally {
      expect(await s.stop()).toBe(0);
    }
    const lines = (await readFile(logFile, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l) as { seq: number; endpoint: string; status: number });
    expect(lines.map((l) => [l.endpoint, l.status])).toEqual([['mkblk', 503], ['mkblk', 200], ['mkblk', 429], ['fmgr', 200], ['fmgrStatus', 200]]);
  });

  it.each([
    ['--block-ttl', '24'], ['--block-ttl', '0s'], ['--job-delay', '-1'], ['--request-log-size', '0'], ['--seed', 'x'],
  ])('refuses %s %s with exit 2 naming the flag', (flag, value) => {
    const r = run([flag, value]);
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toContain(flag);
  });
});
