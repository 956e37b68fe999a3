import { describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWcsServer } from '../../src/index.js';

describe('request log bounds', () => {
  it('keeps only the newest requestLogSize entries in memory and every request in the JSON-lines file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wcs-reqlog-int-'));
    const file = join(dir, 'requests.jsonl');
    const server = await startWcsServer({ requestLogSize: 50, requestLogFile: file });
    try {
      for (let i = 0; i < 120; i++) expect((await fetch(`${server.downloadUrl}/test/k${i}`)).status).toBe(404);
      const log = server.requestLog();
      expect(log).toHaveLength(50);
      expect(log.map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => 71 + i));
      expect(log.at(-1)).toMatchObject({ path: '/test/k119', status: 404, endpoint: 'download' });
    } finally {
      await server.close();
    }
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l) as { seq: number; path: string; status: number });
    expect(lines).toHaveLength(120);
    expect(lines[0]).toMatchObject({ seq: 1, path: '/test/k0', status: 404 });
    await rm(dir, { recursive: true, force: true });
  });
});

describe('start-up checks', () => {
  it('refuses fault options that do not fit the schema, naming the field', async () => {
    await expect(startWcsServer({ faults: { rules: [{ endpoint: 'bput', fraction: 3 }] } })).rejects.toThrow(/^fault options: rules\[0\]\.fraction: /);
  });

  it('refuses a request log file it cannot open', async () => {
    await expect(startWcsServer({ requestLogFile: join(tmpdir(), 'no-such-dir-wcs', 'log.jsonl') })).rejects.toThrow(/ENOENT/);
  });
});
