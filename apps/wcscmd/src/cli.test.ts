/* eslint-disable @typescript-eslint/require-await --
   the fakes implement CliClient's Promise-returning methods: an async function is the plain way to write one */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WcsNetworkError, WcsServiceError } from '@wcs/core';
import type { CliClient } from './cli-client.js';
import { runCli } from './cli.js';
import { fakeCli } from './fake-cli.test-helper.js';

// Handlers run in-process with a plain-object client (STYLE.md item 11): this checks parsing and
// the mapping onto client calls; the e2e suite checks the real thing against @wcs/server.
const SECRET = 'sk-unit-secret-value';

const harness = (client: Partial<CliClient>) => fakeCli(client, { now: () => new Date(2024, 4, 10, 12).getTime(), version: '1.2.3' }, SECRET);

describe('runCli with a fake client', () => {
  it('setdeadline accepts -1 as DAYS (not an option)', async () => {
    const calls: unknown[][] = [];
    const h = harness({ setDeadline: async (...a: unknown[]) => (calls.push(a), { requestId: 'r' }) });
    expect(await runCli(['setdeadline', 'wcs://test/x', '-1'], h.deps)).toBe(0);
    expect(calls).toEqual([[{ bucket: 'test', key: 'x', days: -1 }]]);
    expect(h.stdout()).toBe('set deadline of wcs://test/x: no expiry\n');
  });

  it('keeps keys and ids as text (no number parsing)', async () => {
    const calls: unknown[][] = [];
    const h = harness({ fmgrStatus: async ({ persistentId }) => (calls.push([persistentId]), { persistentId, code: 3, desc: 'ok', items: [] }) });
    expect(await runCli(['fmgrStatus', '007'], h.deps)).toBe(0);
    expect(calls).toEqual([['007']]);
    expect(h.stdout()).toContain('status: done (3)');
  });

  it('fopsStatus of a job that finished with failed commands: says so, names each error, exit 1', async () => {
    const status = {
      persistentId: 'P1',
      code: 3,
      desc: 'done',
      items: [
        { cmd: 'vframe/jpg/offset/1', code: 2, desc: 'failed', error: 'vframe is not supported', key: 'a.mp4' },
        { cmd: 'avinfo', code: 3, desc: 'ok', error: null, key: 'b.mp4' },
      ],
    };
    const h = harness({ fopsStatus: async () => status });
    expect(await runCli(['fopsStatus', 'P1'], h.deps)).toBe(1);
    expect(h.stdout()).toContain('status: done (3), 1 of 2 commands failed\n');
    expect(h.stdout()).toContain('vframe is not supported');
    expect(h.stderr()).toBe('wcscmd: fopsStatus P1: 1 of 2 commands failed: #1 (a.mp4): vframe is not supported.\n');

    const json = harness({ fmgrStatus: async () => status });
    expect(await runCli(['fmgrStatus', 'P1', '--json'], json.deps)).toBe(1);
    expect(JSON.parse(json.stdout())).toEqual(status);
  });

  it('fopsStatus of a running job says it is not finished; exit 0', async () => {
    const h = harness({ fopsStatus: async () => ({ persistentId: 'P2', code: 1, desc: 'processing', items: [{ code: 1, desc: 'processing' }] }) });
    expect(await runCli(['fopsStatus', 'P2'], h.deps)).toBe(0);
    expect(h.stdout()).toContain('status: processing (1), not finished yet\n');
    expect(h.stderr()).toBe('');
  });

  it('mv with an empty destination object keeps the source key; move is an alias', async () => {
    const calls: unknown[][] = [];
    const h = harness({ moveObject: async (...a: unknown[]) => (calls.push(a), { requestId: 'r' }) });
    expect(await runCli(['move', 'wcs://a/dir/k', 'wcs://b'], h.deps)).toBe(0);
    expect(calls).toEqual([[{ from: { bucket: 'a', key: 'dir/k' }, to: { bucket: 'b', key: 'dir/k' } }]]);
    expect(h.stdout()).toBe('moved wcs://a/dir/k to wcs://b/dir/k\n');
  });

  it('list maps --limit/--prefix/--mode/--marker and writes RESFILE as JSON', async () => {
    const calls: unknown[][] = [];
    const page = { marker: 'next', commonPrefixes: ['d/'], items: [{ key: 'k', hash: 'h', fsize: 3, mimeType: 'text/plain', putTime: 1 }] };
    const h = harness({ listObjects: async (...a: unknown[]) => (calls.push(a), page) });
    expect(await runCli(['list', 'wcs://test', 'out.json', '--limit', '4', '--prefix', 'p', '--mode', '1', '--marker', 'm'], h.deps)).toBe(0);
    expect(calls).toEqual([[{ bucket: 'test', limit: 4, prefix: 'p', mode: 1, marker: 'm' }]]);
    expect(JSON.parse(readFileSync(join(h.dir, 'out.json'), 'utf8'))).toEqual(page);
    expect(h.stdout()).toContain('1 object written to out.json');
    expect(h.stdout()).toContain('more objects: continue with --marker next');
  });

  it('list --mode 3 is "not set" (Python default): accepted, no mode sent; --mode 2 is a usage error', async () => {
    const calls: unknown[][] = [];
    const h = harness({ listObjects: async (...a: unknown[]) => (calls.push(a), { marker: undefined, commonPrefixes: [], items: [] }) });
    expect(await runCli(['list', 'wcs://test', 'out.json', '--mode', '3'], h.deps)).toBe(0);
    expect(calls).toEqual([[{ bucket: 'test', limit: 1000, prefix: undefined, mode: undefined, marker: undefined }]]);
    const bad = harness({});
    expect(await runCli(['list', 'wcs://test', 'out.json', '--mode', '2'], bad.deps)).toBe(2);
    expect(bad.stderr()).toContain('--mode must be 0 (files first), 1 (folders first) or 3 (not set, flat), got "2".');
  });

  it('listall stops with a clear error when the service repeats a marker, and writes no file', async () => {
    let calls = 0;
    const item = { key: 'k', hash: 'h', fsize: 1, mimeType: 'text/plain', putTime: 1 };
    const h = harness({
      listObjects: async (options) => {
        calls += 1;
        if (calls > 10) throw new Error('listed forever');
        // First page gives marker A; every later page answers A again.
        return { marker: 'A', commonPrefixes: [], items: [item], requestId: options.marker ? 'REQ-REPEAT' : 'REQ-1' };
      },
    });
    expect(await runCli(['listall', 'wcs://test', 'all.jsonl'], h.deps)).toBe(1);
    expect(calls).toBe(2);
    expect(h.stderr().split('\n').filter((l) => l.startsWith('wcscmd:'))).toEqual([
      'wcscmd: listall wcs://test failed: the service returned the same marker again on page 2 (request id REQ-REPEAT); stopped instead of listing forever, all.jsonl was not written. This is a service fault: report the request id.',
    ]);
    expect(existsSync(join(h.dir, 'all.jsonl'))).toBe(false);
  });

  it('listall follows changing markers to the end', async () => {
    const pages: Record<string, { marker: string | undefined; n: number }> = { start: { marker: 'A', n: 2 }, A: { marker: 'B', n: 2 }, B: { marker: undefined, n: 1 } };
    const h = harness({
      listObjects: async (options) => {
        const p = pages[options.marker ?? 'start']!;
        return { marker: p.marker, commonPrefixes: [], items: Array.from({ length: p.n }, (_, i) => ({ key: `${options.marker ?? 's'}${i}`, hash: 'h', fsize: 1, mimeType: 't', putTime: 1 })) };
      },
    });
    expect(await runCli(['listall', 'wcs://test', 'all.jsonl'], h.deps)).toBe(0);
    expect(readFileSync(join(h.dir, 'all.jsonl'), 'utf8').trimEnd().split('\n')).toHaveLength(5);
  });

  it('bucketstat defaults to yesterday..today (local dates)', async () => {
    const calls: unknown[][] = [];
    const h = harness({ bucketStat: async (...a: unknown[]) => (calls.push(a), { buckets: [{ name: 'a', detail: [{ date: '2024-05-09', storageMb: 1.5 }] }] }) });
    expect(await runCli(['bucketstat', 'a|b'], h.deps)).toBe(0);
    expect(calls).toEqual([[{ buckets: ['a', 'b'], startDate: '2024-05-09', endDate: '2024-05-10', isListDetails: false }]]);
    expect(h.stdout()).toContain('1.500');
  });

  it('a service error is one line with message, status, request id and a hint; exit 1', async () => {
    const h = harness({
      statObject: async () => {
        throw new WcsServiceError({ statusCode: 404, requestId: 'REQ1', serviceMessage: 'file not exist', fault: 'client', retryable: false, method: 'GET', url: 'http://x/stat/abc' });
      },
    });
    expect(await runCli(['stat', 'wcs://b/k'], h.deps)).toBe(1);
    expect(h.stderr()).toBe('wcscmd: stat wcs://b/k failed: file not exist (404, request id REQ1). Check the bucket and key.\n');
  });

  it('401 names where the keys came from: the config file, -c FILE, or the WCS_* variables', async () => {
    const unauthorized = {
      listBuckets: async () => {
        throw new WcsServiceError({ statusCode: 401, requestId: 'R', serviceMessage: 'bad token', fault: 'client', retryable: false, method: 'GET', url: 'http://x/bucket/list' });
      },
    };
    const fromFile = harness(unauthorized);
    expect(await runCli(['listbucket'], fromFile.deps)).toBe(1);
    expect(fromFile.stderr()).toBe(`wcscmd: listbucket failed: bad token (401, request id R). Check access_key and secret_key in ${join(fromFile.dir, '.wcscfg')}.\n`);

    const named = harness(unauthorized);
    const other = join(named.dir, 'other.cfg');
    writeFileSync(other, `[default]\naccess_key = ak\nsecret_key = ${SECRET}\nput_url = h\nmgr_url = h\n`);
    expect(await runCli(['-c', other, 'listbucket'], named.deps)).toBe(1);
    expect(named.stderr()).toContain(`Check access_key and secret_key in ${other}.\n`);

    const fromEnv = harness(unauthorized);
    fromEnv.deps.env = { ...fromEnv.deps.env, WCS_ACCESS_KEY: 'env-ak', WCS_SECRET_KEY: 'env-sk-secret' };
    expect(await runCli(['listbucket'], fromEnv.deps)).toBe(1);
    expect(fromEnv.stderr()).toBe('wcscmd: listbucket failed: bad token (401, request id R). Check the environment variables WCS_ACCESS_KEY and WCS_SECRET_KEY.\n');

    const mixed = harness(unauthorized);
    mixed.deps.env = { ...mixed.deps.env, WCS_SECRET_KEY: 'env-sk-secret' };
    expect(await runCli(['listbucket'], mixed.deps)).toBe(1);
    expect(mixed.stderr()).toContain(`Check access_key in ${join(mixed.dir, '.wcscfg')} and the environment variable WCS_SECRET_KEY.\n`);
  });

  it('a refused connection names the host setting and the config file', async () => {
    const h = harness({
      listBuckets: async () => {
        throw new WcsNetworkError('GET http://127.0.0.1:2/bucket/list failed (ECONNREFUSED)', { syscallCode: 'ECONNREFUSED' });
      },
    });
    expect(await runCli(['listbucket'], h.deps)).toBe(1);
    expect(h.stderr()).toBe(`wcscmd: listbucket failed: cannot reach mgr_url http://127.0.0.1:2 (ECONNREFUSED). Check mgr_url in ${join(h.dir, '.wcscfg')} and that the service is reachable.\n`);
  });

  it('--verbose adds the stack and cause chain, with the secret redacted', async () => {
    const h = harness({
      deleteObject: async () => {
        throw new Error(`boom with ${SECRET}`, { cause: new Error('root cause') });
      },
    });
    expect(await runCli(['del', 'wcs://b/k', '--verbose'], h.deps)).toBe(1);
    expect(h.stderr()).toContain('wcscmd: del wcs://b/k failed: boom with ****');
    expect(h.stderr()).toContain('Caused by: Error: root cause');
    expect(h.stderr()).not.toContain(SECRET);
  });

  it('--json prints one document', async () => {
    const h = harness({ listBuckets: async () => ({ buckets: ['a', 'b'] }) });
    expect(await runCli(['listbucket', '--json'], h.deps)).toBe(0);
    expect(JSON.parse(h.stdout())).toEqual({ buckets: [{ name: 'a' }, { name: 'b' }] });
  });
});

describe('unknown options', () => {
  it('names the option wherever it stands, before the next word can be taken as its value', async () => {
    for (const argv of [['--bogus', 'stat', 'wcs://b/k'], ['stat', 'wcs://b/k', '--bogus=1'], ['stat', '-Z', 'wcs://b/k']]) {
      const h = harness({});
      expect(await runCli(argv, h.deps)).toBe(2);
      expect(h.stderr()).toMatch(/^wcscmd: unknown option "(--bogus|-Z)"\. Run "wcscmd stat --help" for the options\.\n$/);
    }
  });
});
