/* eslint-disable @typescript-eslint/require-await --
   the fakes implement CliClient's Promise-returning methods: an async function is the plain way to write one */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CliClient, ListPage } from '../cli-client.js';
import { fakeCli } from '../fake-cli.test-helper.js';
import { runListAll } from './list.js';

// listall's progress (issue 10 item 9), with a fake client and a clock the test moves: each page
// takes `msPerPage`, so the number of progress lines depends on time alone, not on the machine.
function listAllWith(pages: number, msPerPage: number, options: { isTTY?: boolean; quiet?: boolean } = {}) {
  let t = 1_000_000;
  const client: Partial<CliClient> = {
    listObjects: async ({ marker }): Promise<ListPage> => {
      t += msPerPage;
      const n = marker === undefined ? 0 : Number(marker);
      const key = `k${n}`;
      return { marker: n + 1 < pages ? String(n + 1) : undefined, commonPrefixes: [], items: [{ key, hash: 'h', fsize: 1, putTime: 0, mimeType: 'x' }] };
    },
  };
  const h = fakeCli(client, { stderrIsTTY: options.isTTY ?? false, now: () => t });
  const done = runListAll({ bucketUrl: 'wcs://b', resfile: 'all.jsonl', quiet: options.quiet, limit: '1' }, h.deps);
  return { done, stderr: h.stderr, stdout: h.stdout, file: join(h.dir, 'all.jsonl') };
}

describe('listall progress', () => {
  it('in a log, prints at most one line every 3 s, not one per page', async () => {
    const r = listAllWith(9, 100);
    expect(await r.done).toBe(0);
    expect(r.stderr()).toBe('');
    expect(r.stdout()).toBe('9 objects written to all.jsonl\n');
    expect(readFileSync(r.file, 'utf8').trim().split('\n')).toHaveLength(9);
  });

  it('a slow listing gets a line every 3 s, counted in the right number', async () => {
    const r = listAllWith(9, 1000);
    expect(await r.done).toBe(0);
    expect(r.stderr()).toBe('listall wcs://b: 3 objects so far\nlistall wcs://b: 6 objects so far\n');
  });

  it('says "1 object", not "1 objects"', async () => {
    const r = listAllWith(2, 3000);
    expect(await r.done).toBe(0);
    expect(r.stderr()).toBe('listall wcs://b: 1 object so far\n');
    expect(r.stdout()).toBe('2 objects written to all.jsonl\n');
    const one = listAllWith(1, 10);
    expect(await one.done).toBe(0);
    expect(one.stdout()).toBe('1 object written to all.jsonl\n');
  });

  it('on a terminal the count is redrawn on one line, ended before the result', async () => {
    const r = listAllWith(3, 200, { isTTY: true });
    expect(await r.done).toBe(0);
    expect(r.stderr()).toBe('\rlistall wcs://b: 1 object so far\x1b[K\rlistall wcs://b: 2 objects so far\x1b[K\n');
  });

  it('--quiet prints no progress', async () => {
    const r = listAllWith(9, 3000, { quiet: true });
    expect(await r.done).toBe(0);
    expect(r.stderr()).toBe('');
  });
});
