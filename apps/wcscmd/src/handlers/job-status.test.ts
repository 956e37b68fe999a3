import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { CliClient } from '../cli-client.js';
import type { CliDeps } from '../cli-deps.js';
import { runCli } from '../cli.js';

// fopsStatus with a fake client whose answer carries fields of unexpected types: the table and
// the stderr line show them as JSON, never as "[object Object]".
function statusRun(status: Awaited<ReturnType<CliClient['fopsStatus']>>) {
  const dir = mkdtempSync(join(tmpdir(), 'wcscmd-job-status-'));
  writeFileSync(join(dir, '.wcscfg'), '[default]\naccess_key = ak\nsecret_key = sk\nput_url = 127.0.0.1:1\nmgr_url = 127.0.0.1:2\n');
  const out: string[] = [];
  const err: string[] = [];
  const client: Partial<CliClient> = { fopsStatus: () => Promise.resolve(status) };
  const deps: CliDeps = {
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => err.push(t) },
    stdin: Readable.from([]),
    stderrIsTTY: false,
    stdinIsTTY: false,
    env: { HOME: dir },
    cwd: dir,
    now: () => 0,
    version: '0',
    secrets: new Set(),
    failure: {},
    createClient: () => client as CliClient,
  };
  return { done: runCli(['fopsStatus', 'P1'], deps), stdout: () => out.join(''), stderr: () => err.join('') };
}

describe('fopsStatus output', () => {
  it('shows an item field that is an object as JSON', async () => {
    const r = statusRun({ persistentId: 'P1', code: 3, desc: 'done', items: [{ code: 2, key: 'a.mp4', error: { reason: 'codec' } }] });
    expect(await r.done).toBe(1);
    expect(r.stdout()).toContain('{"reason":"codec"}');
    expect(r.stderr()).toBe('wcscmd: fopsStatus P1: 1 of 1 commands failed: #1 (a.mp4): {"reason":"codec"}.\n');
    expect(r.stdout() + r.stderr()).not.toContain('[object Object]');
  });
});
