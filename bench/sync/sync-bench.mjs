// Benchmark of `wcscmd sync` (the BUILT binary) against a local in-memory @wcs/server started in
// this process. Prints figures and the ratios measured in the same run:
//   1. 10,000 files of 4 KiB, first sync: files/s, peak RSS, requests by endpoint;
//      baseline: one `wcscmd put` process per file (what scripts around the Python tool do),
//      timed on a sample of --put-sample files (10,000 processes would take most of an hour),
//      files/s extrapolated from the sample. Target: sync ≥ 20× the baseline.
//   2. no-op re-sync of the same 10,000 files: time and requests (target: only list requests).
//   3. 200,000 zero-byte files: peak RSS of the first sync (target < 256 MiB) and the time of
//      the no-op re-sync. Skipped with --skip-200k.
// Peak RSS is VmHWM of the sync process, read by a preload (peak-rss.mjs) as it exits.
// Usage: node bench/sync/sync-bench.mjs [--files 10000] [--put-sample 200] [--big-files 200000] [--skip-200k]
//   WCSCMD_BIN=path/to/bin.js runs another build of wcscmd (default apps/wcscmd/dist/bin.js).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const BIN = process.env.WCSCMD_BIN ?? here('../../apps/wcscmd/dist/bin.js');
const SERVER = here('../../packages/server/dist/index.js');
for (const f of [BIN, SERVER]) {
  if (!existsSync(f)) {
    console.error(`missing ${f}\nbuild first: npx -y pnpm@10.34.9 build`);
    process.exit(1);
  }
}
const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '10000' },
    'put-sample': { type: 'string', default: '200' },
    'big-files': { type: 'string', default: '200000' },
    'skip-200k': { type: 'boolean', default: false },
  },
});
const FILES = Number(values.files);
const SAMPLE = Number(values['put-sample']);
const BIG = Number(values['big-files']);

const { startWcsServer } = await import(SERVER);
const server = await startWcsServer({ accessKey: 'ak-bench', secretKey: 'sk-bench', buckets: ['bench'] });
const data = here('../.data/sync');
const home = join(data, 'home');
rmSync(home, { recursive: true, force: true });
mkdirSync(home, { recursive: true });
writeFileSync(
  join(home, '.wcscfg'),
  `[default]\naccess_key = ak-bench\nsecret_key = sk-bench\nput_url = ${server.putUrl}\nmgr_url = ${server.mgrUrl}\ntmp_record_folder = ${join(home, 'records')}\noverwrite = 1\n`,
);

/** A tree of `count` files of `size` bytes, 100 per directory; reused when already there. */
function makeTree(name, count, size) {
  const root = join(data, name);
  const marker = join(root, '.complete');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === `${count} ${size}`) return root;
  rmSync(root, { recursive: true, force: true });
  const body = Buffer.alloc(size, 97);
  for (let i = 0; i < count; i++) {
    const dir = join(root, `d${Math.floor(i / 100)}`);
    if (i % 100 === 0) mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `f${i}.txt`), body);
  }
  writeFileSync(marker, `${count} ${size}`);
  return root;
}

function wcscmd(args, { rss = false } = {}) {
  const rssFile = join(home, `rss-${process.hrtime.bigint()}`);
  const node = rss ? ['--import', here('./peak-rss.mjs')] : [];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...node, BIN, ...args], {
      env: { ...process.env, HOME: home, WCS_PEAK_RSS_FILE: rssFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) return reject(new Error(`wcscmd ${args.join(' ')} exited ${code}: ${stderr.slice(-500)}`));
      const [peakKiB, cpuMs] = rss && existsSync(rssFile) ? readFileSync(rssFile, 'utf8').split(' ').map(Number) : [];
      resolve({ ms, stdout, stderr, peakMiB: peakKiB === undefined ? undefined : peakKiB / 1024, cpuMs });
    });
  });
}

const byEndpoint = () => {
  const counts = {};
  for (const e of server.requestLog()) counts[e.endpoint] = (counts[e.endpoint] ?? 0) + 1;
  return counts;
};
const syncArgs = (tree, prefix) => ['sync', tree, `wcs://bench/${prefix}`, '--quiet', '--transfers', '8', '--exclude', '.complete', '--state-dir', join(home, 'state')];

try {
  console.log(`machine: ${(await import('node:os')).cpus().length} cpus, node ${process.version}, load ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const tree = makeTree('tree-4k', FILES, 4096);
  // The marker is a dot file in the tree: left out so the figures count exactly FILES files.

  server.clearRequestLog();
  const first = await wcscmd(syncArgs(tree, 'sync/'), { rss: true });
  const firstRequests = byEndpoint();
  const syncRate = FILES / (first.ms / 1000);
  console.log(`first sync of ${FILES} × 4 KiB: ${(first.ms / 1000).toFixed(1)} s, ${syncRate.toFixed(0)} files/s, peak RSS ${first.peakMiB?.toFixed(0)} MiB, sync process CPU ${(first.cpuMs / 1000).toFixed(1)} s, requests ${JSON.stringify(firstRequests)}`);

  server.clearRequestLog();
  const noop = await wcscmd(syncArgs(tree, 'sync/'), { rss: true });
  console.log(`no-op re-sync of ${FILES}: ${(noop.ms / 1000).toFixed(2)} s, CPU ${(noop.cpuMs / 1000).toFixed(1)} s, requests ${JSON.stringify(byEndpoint())}`);

  const sample = Math.min(SAMPLE, FILES);
  const started = performance.now();
  for (let i = 0; i < sample; i++) await wcscmd(['put', `wcs://bench/put/f${i}.txt`, join(tree, `d${Math.floor(i / 100)}`, `f${i}.txt`), '--quiet']);
  const putRate = sample / ((performance.now() - started) / 1000);
  console.log(`one \`wcscmd put\` process per file (sample of ${sample}): ${putRate.toFixed(1)} files/s → ${FILES} files would take ${(FILES / putRate).toFixed(0)} s`);
  console.log(`ratio sync / put-per-file: ${(syncRate / putRate).toFixed(1)}× (target ≥ 20×)`);

  if (!values['skip-200k']) {
    const big = makeTree('tree-0b', BIG, 0);
    server.clearRequestLog();
    const bigFirst = await wcscmd(syncArgs(big, 'zero/'), { rss: true });
    console.log(`first sync of ${BIG} zero-byte files: ${(bigFirst.ms / 1000).toFixed(0)} s, peak RSS ${bigFirst.peakMiB?.toFixed(0)} MiB (target < 256 MiB)`);
    server.clearRequestLog();
    const bigNoop = await wcscmd(syncArgs(big, 'zero/'), { rss: true });
    console.log(`no-op re-sync of ${BIG}: ${(bigNoop.ms / 1000).toFixed(1)} s, peak RSS ${bigNoop.peakMiB?.toFixed(0)} MiB, requests ${JSON.stringify(byEndpoint())}`);
  }
} finally {
  await server.close();
}
