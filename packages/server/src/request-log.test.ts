import { describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_REQUEST_LOG_SIZE, RequestLog, type NewRequestLogEntry } from './request-log.js';

const entry = (i: number): NewRequestLogEntry => ({ method: 'GET', host: 'download', path: `/b/${i}`, endpoint: 'download', status: 200, bytesIn: 0, bytesOut: i, time: i });

describe('RequestLog', () => {
  it('keeps the newest 10,000 of 40,000 entries by default, numbered from 1', async () => {
    const log = await RequestLog.open();
    for (let i = 1; i <= 40_000; i++) log.add(entry(i));
    const all = log.entries();
    expect(DEFAULT_REQUEST_LOG_SIZE).toBe(10_000);
    expect(all).toHaveLength(10_000);
    expect(all[0]?.seq).toBe(30_001);
    expect(all.at(-1)?.seq).toBe(40_000);
    expect(all.at(-1)?.path).toBe('/b/40000');
    expect(log.last).toBe(40_000);
  });

  it('answers since=N with the kept entries numbered above N, and keeps numbering after clear', async () => {
    const log = await RequestLog.open(3);
    for (let i = 1; i <= 5; i++) log.add(entry(i));
    expect(log.entries(3).map((e) => e.seq)).toEqual([4, 5]);
    expect(log.entries(0).map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(log.entries(5)).toEqual([]);
    log.clear();
    expect(log.entries()).toEqual([]);
    expect(log.add(entry(6)).seq).toBe(6);
  });

  it('hands out copies: a reader cannot change the log', async () => {
    const log = await RequestLog.open(2);
    log.add(entry(1));
    (log.entries()[0] as { status: number }).status = 999;
    expect(log.entries()[0]?.status).toBe(200);
  });

  it('appends finished entries to the file as JSON lines', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wcs-reqlog-'));
    try {
      const file = join(dir, 'requests.jsonl');
      const log = await RequestLog.open(2, file);
      for (let i = 1; i <= 4; i++) {
        const e = log.add({ ...entry(i), status: 0 });
        e.status = 200 + i;
        log.finish(e);
      }
      await log.close();
      const lines = (await readFile(file, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l) as { seq: number; status: number });
      expect(lines.map((l) => [l.seq, l.status])).toEqual([[1, 201], [2, 202], [3, 203], [4, 204]]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a size that is not a positive integer and a file it cannot open', async () => {
    await expect(RequestLog.open(0)).rejects.toThrow(/positive integer/);
    await expect(RequestLog.open(10, join(tmpdir(), 'no-such-dir-wcs', 'x.jsonl'))).rejects.toThrow(/ENOENT/);
  });
});
