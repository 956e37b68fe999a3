// Benchmark 1: etag of a 1 GiB page-cached file.
//   wcs-etag (spawned, end to end, parallel workers) vs a plain single-threaded block-hash loop
//   (in process: fs read 4 MiB blocks + crypto SHA-1) over the same file, in the same run.
//   Targets: ratio ≥ 1.7× on a 2-core machine; wcs-etag peak RSS < 100 MiB.
//   Also: the same loop spawned as its own program (plain-loop.mjs), interleaved with the wcs-etag
//   runs, so that end to end both pay Node's start-up (like for like).
// Usage: node bench/etag/etag-throughput.mjs [--size-mib N] [--runs N]
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DATA_DIR, ETAG_BIN, ETAG_LIB, TIME_BIN, fmt, median, requireBuilt, timeSpawn } from './common.mjs';

requireBuilt();
const { values } = parseArgs({ options: { 'size-mib': { type: 'string', default: '1024' }, runs: { type: 'string', default: '5' } } });
const sizeMiB = Number(values['size-mib']);
const runs = Number(values.runs);
const BLOCK = 4 * 1024 * 1024;
const size = sizeMiB * 1024 * 1024;
const file = join(DATA_DIR, `etag-${sizeMiB}mib.bin`);

function createDataFile() {
  mkdirSync(DATA_DIR, { recursive: true });
  if (existsSync(file) && statSync(file).size === size) return;
  console.log(`creating ${file} (${sizeMiB} MiB)…`);
  // Pseudo-random bytes (a 4 MiB SHA-1 chain pattern), so nothing compresses or dedupes.
  const block = Buffer.alloc(BLOCK);
  let seed = createHash('sha1').update('wcs-etag bench').digest();
  for (let i = 0; i < BLOCK; i += 20) {
    seed = createHash('sha1').update(seed).digest();
    seed.copy(block, i);
  }
  const fd = openSync(file, 'w');
  for (let written = 0, n = 0; written < size; n++) {
    block.writeUInt32LE(n, 0);
    written += writeSync(fd, block, 0, Math.min(BLOCK, size - written));
  }
  closeSync(fd);
}

/** The baseline: what a straightforward single-threaded implementation does. */
function singleThreadedEtag(path) {
  const fd = openSync(path, 'r');
  const buffer = Buffer.allocUnsafe(BLOCK);
  const digests = [];
  try {
    for (;;) {
      const n = readSync(fd, buffer, 0, BLOCK, null);
      if (n === 0) break;
      digests.push(createHash('sha1').update(buffer.subarray(0, n)).digest());
    }
  } finally {
    closeSync(fd);
  }
  const tag =
    digests.length <= 1
      ? Buffer.concat([Buffer.from([0x16]), digests[0] ?? createHash('sha1').digest()])
      : Buffer.concat([Buffer.from([0x96]), createHash('sha1').update(Buffer.concat(digests)).digest()]);
  return tag.toString('base64url');
}

createDataFile();
// Warm the page cache with one full read, in a child: after a heavy in-process loop, this
// parent's V8 background threads (GC of the freed read buffers) measurably slowed the
// wcs-etag children on 2 cores (~450 ms vs ~550 ms). The in-process loop runs after them.
const baselineEtag = (await timeSpawn(process.execPath, [ETAG_BIN, file])).stdout.split('  ')[0];

// Timed runs spawn node directly; peak RSS comes from one extra run under `/usr/bin/time -v`,
// so the wrapper's own exec does not count in the timings.
const cliMs = [];
const loopSpawnMs = [];
const PLAIN_LOOP = new URL('./plain-loop.mjs', import.meta.url).pathname;
for (let i = 0; i < runs; i++) {
  const { ms, stdout } = await timeSpawn(process.execPath, [ETAG_BIN, file]);
  cliMs.push(ms);
  const etag = stdout.split('  ')[0];
  if (etag !== baselineEtag) throw new Error(`etag changed between runs: ${etag} vs ${baselineEtag}`);
  const loop = await timeSpawn(process.execPath, [PLAIN_LOOP, file]);
  loopSpawnMs.push(loop.ms);
  if (loop.stdout.trim() !== baselineEtag) throw new Error(`plain loop etag ${loop.stdout.trim()} vs ${baselineEtag}`);
}
const hasTime = existsSync(TIME_BIN);
const rssKiB = [];
if (hasTime) {
  const { stderr } = await timeSpawn(TIME_BIN, ['-v', process.execPath, ETAG_BIN, file]);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  if (rss) rssKiB.push(Number(rss[1]));
}

const crcMs = [];
for (let i = 0; i < Math.min(runs, 3); i++) crcMs.push((await timeSpawn(process.execPath, [ETAG_BIN, '--crc64', file])).ms);

const baselineMs = [];
for (let i = 0; i < runs; i++) {
  const start = performance.now();
  const etag = singleThreadedEtag(file);
  baselineMs.push(performance.now() - start);
  if (etag !== baselineEtag) throw new Error(`etag mismatch: loop ${etag} vs wcs-etag ${baselineEtag}`);
}

const { etagOfFile } = await import(ETAG_LIB);
const libMs = [];
for (let i = 0; i < runs; i++) {
  const start = performance.now();
  const etag = await etagOfFile(file);
  libMs.push(performance.now() - start);
  if (etag !== baselineEtag) throw new Error('etagOfFile mismatch');
}

const mb = size / 1e6;
const base = median(baselineMs);
const cli = median(cliMs);
const lib = median(libMs);
const crc = median(crcMs);
const loopSpawn = median(loopSpawnMs);
console.log(`etag of a ${sizeMiB} MiB page-cached file, ${availableParallelism()} CPUs, median of ${runs} runs`);
console.log(`  single-threaded loop (in process)   ${fmt(base)} ms   ${fmt(mb / (base / 1000), 0)} MB/s`);
console.log(`  etagOfFile (in process, parallel)   ${fmt(lib)} ms   ${fmt(mb / (lib / 1000), 0)} MB/s   ${fmt(base / lib, 2)}× the loop`);
console.log(`  wcs-etag (spawned, end to end)      ${fmt(cli)} ms   ${fmt(mb / (cli / 1000), 0)} MB/s   ${fmt(base / cli, 2)}× the loop   (target ≥ 1.7×)`);
console.log(`  single-threaded loop (spawned)      ${fmt(loopSpawn)} ms   ${fmt(mb / (loopSpawn / 1000), 0)} MB/s`);
console.log(`  wcs-etag vs the spawned loop        ${fmt(loopSpawn / cli, 2)}× (both end to end, like for like)`);
console.log(`  wcs-etag --crc64 (spawned)          ${fmt(crc)} ms   ${fmt(mb / (crc / 1000), 0)} MB/s`);
if (rssKiB.length) {
  console.log(`  wcs-etag peak RSS                   ${fmt(Math.max(...rssKiB) / 1024)} MiB (target < 100 MiB)`);
} else {
  console.log(`  wcs-etag peak RSS                   not measured (${TIME_BIN} not found)`);
}
