#!/usr/bin/env node
// Runs jest for one tier ("unit", "integration" or "e2e") of the package in the current
// directory, with ESM enabled, and writes jest's JSON result to .jest/<tier>.json so that
// scripts/run-tests.mjs can count passes and failures across the whole workspace.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const [tier, ...rest] = process.argv.slice(2);
if (!['unit', 'integration', 'e2e'].includes(tier ?? '')) {
  console.error('usage: node scripts/jest.mjs unit|integration|e2e [jest args...]');
  process.exit(2);
}
// jest ignores testTimeout inside `projects` entries, so each tier's budget is set here.
const TIMEOUT_MS = { unit: 30_000, integration: 120_000, e2e: 300_000 };
const require = createRequire(import.meta.url);
const jestBin = join(require.resolve('jest/package.json'), '..', 'bin', 'jest.js');
const outDir = join(process.cwd(), '.jest');
const outFile = join(outDir, `${tier}.json`);
mkdirSync(outDir, { recursive: true });
rmSync(outFile, { force: true });
const result = spawnSync(
  process.execPath,
  [
    '--experimental-vm-modules',
    '--no-warnings=ExperimentalWarning',
    jestBin,
    '--selectProjects',
    tier,
    '--passWithNoTests',
    `--testTimeout=${TIMEOUT_MS[tier]}`,
    '--json',
    `--outputFile=${outFile}`,
    ...rest,
  ],
  { stdio: ['ignore', 'ignore', 'inherit'] },
);
process.exit(result.status ?? 1);
