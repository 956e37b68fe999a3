// Benchmark 2: start-up cost. Median wall time from spawn to exit of `wcs-etag` on a 1-byte
// file, against `node -e 0` measured in the same run, interleaved so drift hits both equally.
// Target: ratio ≤ 2×.
// Usage: node bench/etag/startup.mjs [--runs N]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DATA_DIR, ETAG_BIN, fmt, median, requireBuilt, timeSpawn } from './common.mjs';

requireBuilt();
const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' } } });
const runs = Number(values.runs);
mkdirSync(DATA_DIR, { recursive: true });
const file = join(DATA_DIR, 'one-byte.bin');
writeFileSync(file, 'x');

// One untimed run of each so the binaries and node itself are in the page cache.
await timeSpawn(process.execPath, ['-e', '0']);
await timeSpawn(process.execPath, [ETAG_BIN, file]);

const nodeMs = [];
const cliMs = [];
for (let i = 0; i < runs; i++) {
  nodeMs.push((await timeSpawn(process.execPath, ['-e', '0'])).ms);
  const { ms, stdout } = await timeSpawn(process.execPath, [ETAG_BIN, file]);
  // 0x16 || SHA1('x'), §3.1.
  if (!stdout.startsWith('FhH2rY7FKimEq6r9fDtRZQN4XCBy  ')) throw new Error(`unexpected output: ${stdout}`);
  cliMs.push(ms);
}
const n = median(nodeMs);
const c = median(cliMs);
console.log(`start-up, median of ${runs} runs (spawn to exit)`);
console.log(`  node -e 0               ${fmt(n)} ms`);
console.log(`  wcs-etag 1-byte file    ${fmt(c)} ms   ${fmt(c / n, 2)}× node -e 0   (target ≤ 2×)`);
