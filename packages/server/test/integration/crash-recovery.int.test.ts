import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCrashCycles } from '../helpers/crash-cycles.js';

const childScript = fileURLToPath(new URL('../fixtures/server-child.mjs', import.meta.url));
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('kill -9 at random moments (child server on a data dir)', () => {
  it('after every restart each key is one complete version (the acknowledged one or the one in flight), stat/list/download agree, no orphaned blob, no 5xx', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'wcs-crash-'));
    dirs.push(dataDir);
    const seed = Number(process.env.WCS_CRASH_SEED ?? Date.now() % 1_000_000);
    // bench/server/crash-loop.mjs runs the long version through WCS_CRASH_CYCLES.
    const cycles = Number(process.env.WCS_CRASH_CYCLES ?? 50);
    const log = process.env.WCS_CRASH_CYCLES !== undefined ? { log: (l: string) => console.log(l) } : {};
    const report = await runCrashCycles({ childScript, dataDir, cycles, seed, ...log });
    // Printed so a failure can be replayed with WCS_CRASH_SEED.
    if (report.failures.length > 0) console.error(`crash test seed ${seed}:\n${report.failures.slice(0, 20).join('\n')}`);
    expect(report.failures).toEqual([]);
    expect(report.cycles).toBe(cycles);
    // The kills landed while changes were in flight, and changes were acknowledged in between.
    expect(report.inFlightAtKill).toBeGreaterThan(cycles / 2);
    expect(report.acknowledged).toBeGreaterThan(cycles * 2);
  }, Number(process.env.WCS_CRASH_CYCLES ?? 50) * 12_000);
});
