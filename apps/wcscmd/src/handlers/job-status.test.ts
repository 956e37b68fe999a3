import { describe, expect, it } from '@jest/globals';
import type { CliClient } from '../cli-client.js';
import { runCli } from '../cli.js';
import { fakeCli } from '../fake-cli.test-helper.js';

// fopsStatus with a fake client whose answer carries fields of unexpected types: the table and
// the stderr line show them as JSON, never as "[object Object]".
function statusRun(status: Awaited<ReturnType<CliClient['fopsStatus']>>) {
  const h = fakeCli({ fopsStatus: () => Promise.resolve(status) });
  return { done: runCli(['fopsStatus', 'P1'], h.deps), stdout: h.stdout, stderr: h.stderr };
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
