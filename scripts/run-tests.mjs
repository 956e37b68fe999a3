#!/usr/bin/env node
// The one test command (README, .ci/run): build, typecheck and run every jest tier of every
// package through turbo, then add up jest's JSON results and print one closing line
// "N passed, N failed". Exits non-zero if any test failed or any task (build, typecheck, a
// jest run that crashed before reporting) failed.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const turbo = join(root, 'node_modules', '.bin', 'turbo');
const projectDirs = ['packages', 'apps'].flatMap((group) =>
  readdirSync(join(root, group), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => join(root, group, d.name)),
);
for (const dir of projectDirs) rmSync(join(dir, '.jest'), { recursive: true, force: true });

const run = (args) =>
  spawnSync(turbo, args, { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' } })
    .status ?? 1;

const extra = process.argv.slice(2);
const buildStatus = run(['run', 'build', '--output-logs=errors-only', ...extra]);
// Two jest runs at a time: the machine has 2 cores, and the integration tests start servers.
const testStatus =
  buildStatus === 0
    ? run(['run', 'typecheck', 'test', 'test:int', 'test:e2e', '--continue', '--output-logs=errors-only', '--concurrency=2', ...extra])
    : 1;

let passed = 0;
let failed = 0;
let suitesFailed = 0;
for (const dir of projectDirs) {
  const jestDir = join(dir, '.jest');
  if (!existsSync(jestDir)) continue;
  for (const file of readdirSync(jestDir).filter((f) => f.endsWith('.json'))) {
    const r = JSON.parse(readFileSync(join(jestDir, file), 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    // A suite that failed to load (syntax error, throw in beforeAll) has no failed tests.
    suitesFailed += r.numRuntimeErrorTestSuites ?? 0;
    if (r.numRuntimeErrorTestSuites > 0) {
      console.error(`${join(dir, '.jest', file)}: ${r.numRuntimeErrorTestSuites} test file(s) failed to run`);
    }
  }
}
const tasksFailed = buildStatus !== 0 || testStatus !== 0;
if (tasksFailed && failed === 0 && suitesFailed === 0) {
  console.error('A build, typecheck or test task failed (see the log above).');
}
const ok = !tasksFailed && failed === 0 && suitesFailed === 0;
// Count suites that could not run, and failed non-jest tasks, so the line is never "0 failed"
// for a red run.
const failedCount = failed + suitesFailed + (!ok && failed + suitesFailed === 0 ? 1 : 0);
console.log(`${passed} passed, ${failedCount} failed`);
process.exit(ok ? 0 : 1);
