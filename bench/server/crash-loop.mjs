// Long kill -9 soak: the integration test crash-recovery.int.test.ts with more cycles (default
// 500; the test tier runs 50). Needs the built server (npx -y pnpm@10.34.9 build).
// Usage: node bench/server/crash-loop.mjs [cycles] [seed]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const [cycles = '500', seed] = process.argv.slice(2);
const serverDir = fileURLToPath(new URL('../../packages/server', import.meta.url));
const env = { ...process.env, WCS_CRASH_CYCLES: cycles, ...(seed !== undefined ? { WCS_CRASH_SEED: seed } : {}) };
const r = spawnSync(process.execPath, ['../../scripts/jest.mjs', 'integration', '--', 'crash-recovery', '--verbose'], { cwd: serverDir, env, stdio: 'inherit' });
console.log(r.status === 0 ? `crash loop: ${cycles} cycles, every check passed` : `crash loop FAILED (exit ${r.status}); see the output above`);
process.exit(r.status ?? 1);
