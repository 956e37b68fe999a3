// Makes apps/wcscmd/dist-nohash: a copy of the built wcscmd whose multipart upload skips its
// integrity work (the SHA-1 etag of every byte, the CRC-32 of every chunk, and both checks
// against the service's answers), to measure what that work costs, in the same run:
//   node bench/cli/nohash-build.mjs
//   node bench/cli/vs-python.mjs --only multiput --floor --baseline apps/wcscmd/dist-nohash/bin.js
// For measurement only: the copy uploads without checking anything. Delete it afterwards.
import { cpSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './common.mjs';

const from = join(ROOT, 'apps/wcscmd/dist');
const to = join(ROOT, 'apps/wcscmd/dist-nohash');
rmSync(to, { recursive: true, force: true });
cpSync(from, to, { recursive: true });
// Each function of the bundle that does (or checks) the work returns at once.
const patches = [
  [/async function hashWhileSending\(([^)]*)\) \{/, (m) => `${m}\n  return 0;`],
  [/function checkChunkCrc\(([^)]*)\) \{/, (m) => `${m}\n  return;`],
  [/function checkReportedHash\(([^)]*)\) \{/, (m) => `${m}\n  return;`],
];
const applied = new Set();
for (const file of readdirSync(join(to, 'chunks'))) {
  const path = join(to, 'chunks', file);
  let text = readFileSync(path, 'utf8');
  for (const [re, edit] of patches) {
    if (re.test(text)) {
      text = text.replace(re, edit);
      applied.add(re.source);
    }
  }
  writeFileSync(path, text);
}
if (applied.size !== patches.length) {
  rmSync(to, { recursive: true, force: true });
  throw new Error(`the build no longer has ${patches.filter(([re]) => !applied.has(re.source)).map(([re]) => re.source).join(', ')}: update this script`);
}
console.log(`wrote ${to} (multipart without hashing or checks; measurement only)`);
