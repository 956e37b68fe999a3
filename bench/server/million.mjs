// Benchmark: @wcs/server with 1,000,000 objects (figures from HTTP requests to a server process).
// Loads N objects through the store's bulk helper (SqliteStore.putMany, the public store API),
// then, against a server child on that data dir and on an empty data dir in the same run:
// list page of 1,000 at the start, middle and end of the key space; put and stat latency;
// server RSS; a full listAll through the built @wcs/manage; start-up time.
// Targets (issue 9): last page ≤ 1.5× first; put/stat with N objects ≤ 1.5× empty; RSS < 300 MiB.
// Usage: node bench/server/million.mjs [--objects 1000000] [--data DIR] [--reuse]
//   --reuse: keep DIR's objects from an earlier run (the load takes minutes).
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = fileURLToPath(new URL('.', import.meta.url));
const dist = (p) => fileURLToPath(new URL(`../../packages/${p}`, import.meta.url));
for (const p of ['server/dist/index.js', 'manage/dist/index.js', 'core/dist/index.js']) {
  if (!existsSync(dist(p))) {
    console.error(`missing ${dist(p)}\nbuild first: npx -y pnpm@10.34.9 build`);
    process.exit(1);
  }
}
const { values } = parseArgs({
  options: { objects: { type: 'string', default: '1000000' }, data: { type: 'string', default: join(here, '../.data/server') }, reuse: { type: 'boolean', default: false } },
});
const N = Number(values.objects);
const bigDir = join(values.data, 'million');
const emptyDir = join(values.data, 'empty');
const keyOf = (i) => `obj/${String(i).padStart(7, '0')}`;

const b64u = (v) => Buffer.from(v).toString('base64url');
const sign = (data) => b64u(createHmac('sha1', 'sk').update(data).digest('hex'));
const manageToken = (path) => `ak:${sign(`${path}\n`)}`;
const uploadToken = (key) => {
  const p = b64u(JSON.stringify({ scope: `bench:${key}`, deadline: Date.now() + 3_600_000, overwrite: 1 }));
  return `ak:${sign(p)}:${p}`;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p90 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)];
const ms = (x) => `${x.toFixed(2)} ms`;

async function load() {
  if (values.reuse && existsSync(join(bigDir, 'wcs.sqlite'))) return undefined;
  rmSync(bigDir, { recursive: true, force: true });
  mkdirSync(bigDir, { recursive: true });
  const { SqliteStore } = await import(dist('server/dist/store/sqlite-store.js'));
  const store = new SqliteStore({ dataDir: bigDir });
  await store.init();
  store.addBucket('bench');
  // Random insertion order (a fixed permutation), as real buckets fill.
  const order = Array.from({ length: N }, (_, i) => i);
  let s = 12345;
  for (let i = N - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const t0 = performance.now();
  const BATCH = 5000;
  for (let b = 0; b < N; b += BATCH) {
    const batch = order.slice(b, b + BATCH).map((i) => ({
      meta: { bucket: 'bench', key: keyOf(i), fsize: 8, hash: 'FhY8Xq9iNDMdSclb2Qlu0kiB3v0I', mimeType: 'application/octet-stream', putTime: Date.now(), expiresAt: null, type: 'Normal' },
      content: Buffer.from(String(i).padStart(8, '0')),
    }));
    await store.putMany(batch);
    if ((b / BATCH) % 40 === 0) process.stderr.write(`loaded ${b + batch.length} of ${N} (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
  }
  await store.close();
  return (performance.now() - t0) / 1000;
}

async function startServer(dataDir) {
  const t0 = performance.now();
  const proc = spawn(process.execPath, [join(here, 'server-child.mjs'), dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const info = await new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (c) => {
      out += c;
      if (out.includes('\n')) resolve(JSON.parse(out.slice(0, out.indexOf('\n'))));
    });
    proc.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  info.spawnMs = performance.now() - t0;
  info.proc = proc;
  info.rss = () => {
    const st = readFileSync(`/proc/${proc.pid}/status`, 'utf8');
    const kb = (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(st)[1]) / 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  };
  info.stop = () => new Promise((resolve) => { proc.on('exit', resolve); proc.kill('SIGTERM'); });
  return info;
}

async function timed(fn) {
  const t0 = performance.now();
  const r = await fn();
  return [performance.now() - t0, r];
}

async function listPage(s, afterKey) {
  const marker = afterKey === undefined ? '' : `&marker=${b64u(JSON.stringify({ g: 0, k: afterKey }))}`;
  const path = `/list?bucket=bench&limit=1000${marker}`;
  const res = await fetch(`${s.mgrUrl}${path}`, { headers: { Authorization: manageToken(path) } });
  const j = await res.json();
  if (res.status !== 200) throw new Error(`list ${res.status}`);
  return j.items.length;
}

async function put(s, key) {
  const boundary = 'bench-boundary';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="token"\r\n\r\n${uploadToken(key)}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f"\r\n\r\n`),
    Buffer.alloc(1024, 7),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await fetch(`${s.putUrl}/file/upload`, { method: 'POST', body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`put ${res.status}`);
}

async function stat(s, key) {
  const path = `/stat/${b64u(`bench:${key}`)}`;
  const res = await fetch(`${s.mgrUrl}${path}`, { headers: { Authorization: manageToken(path) } });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`stat ${res.status}`);
}

const loadS = await load();
rmSync(emptyDir, { recursive: true, force: true });
mkdirSync(emptyDir, { recursive: true });
const load1 = (await import('node:os')).loadavg()[0];

// Both servers run side by side and requests alternate between them (and between the page
// positions), so that the load of the shared machine, which changes from minute to minute,
// falls on both sides of every ratio alike.
const empty = await startServer(emptyDir);
for (let i = 0; i < 500; i++) await put(empty, keyOf(i));
const big = await startServer(bigDir);
const positions = { start: undefined, middle: keyOf(Math.floor(N / 2)), end: keyOf(N - 1001) };
const pageTimes = { start: [], middle: [], end: [] };
for (const after of Object.values(positions)) await listPage(big, after);
for (let i = 0; i < 30; i++) {
  for (const [name, after] of Object.entries(positions)) {
    const [d, n] = await timed(() => listPage(big, after));
    if (n !== 1000) throw new Error(`page ${name} has ${n} items`);
    pageTimes[name].push(d);
  }
}
const pages = Object.fromEntries(Object.entries(pageTimes).map(([k, v]) => [k, median(v)]));
const emptyLat = { puts: [], stats: [] };
const bigLat = { puts: [], stats: [] };
const runId = Date.now().toString(36);
for (let i = 0; i < 200; i++) {
  emptyLat.puts.push((await timed(() => put(empty, `put-${runId}/${i}`)))[0]);
  bigLat.puts.push((await timed(() => put(big, `put-${runId}/${i}`)))[0]);
}
for (let i = 0; i < 500; i++) {
  emptyLat.stats.push((await timed(() => stat(empty, keyOf((i * 7919) % 500))))[0]);
  bigLat.stats.push((await timed(() => stat(big, keyOf((i * 7919 * 131) % N))))[0]);
}
const emptyRss = empty.rss();
await empty.stop();
const { createWcsContext, parseConfig } = await import(dist('core/dist/index.js'));
const { listAll } = await import(dist('manage/dist/index.js'));
const ctx = createWcsContext(parseConfig({ accessKey: 'ak', secretKey: 'sk', putUrl: big.putUrl, mgrUrl: big.mgrUrl }));
const [listAllMs, count] = await timed(async () => {
  let n = 0;
  for await (const _ of listAll(ctx, { bucket: 'bench' })) n++;
  return n;
});
const bigRss = big.rss();
await big.stop();
// Start-up, alternating too: three restarts of each, median.
const starts = { empty: [], big: [] };
for (let i = 0; i < 3; i++) {
  for (const [name, dir] of [['empty', emptyDir], ['big', bigDir]]) {
    const s = await startServer(dir);
    starts[name].push([s.spawnMs, s.startMs]);
    await s.stop();
  }
}
const emptyStart = { spawnMs: median(starts.empty.map((x) => x[0])), startMs: median(starts.empty.map((x) => x[1])) };
const bigStart = { spawnMs: median(starts.big.map((x) => x[0])), startMs: median(starts.big.map((x) => x[1])) };
const load2 = (await import('node:os')).loadavg()[0];

const out = [
  `objects: ${N}${loadS === undefined ? ' (reused data dir)' : `, bulk load ${loadS.toFixed(0)} s`}; load average ${load1.toFixed(1)} → ${load2.toFixed(1)} (2 cores)`,
  `list page of 1000 (median of 30): start ${ms(pages.start)}, middle ${ms(pages.middle)}, end ${ms(pages.end)}; end/start ${(pages.end / pages.start).toFixed(2)}× (target ≤ 1.5×)`,
  `put 1 KiB (median/p90 of 200): empty ${ms(median(emptyLat.puts))}/${ms(p90(emptyLat.puts))}, ${N} objects ${ms(median(bigLat.puts))}/${ms(p90(bigLat.puts))}; ratio ${(median(bigLat.puts) / median(emptyLat.puts)).toFixed(2)}× (target ≤ 1.5×)`,
  `stat (median/p90 of 500): empty ${ms(median(emptyLat.stats))}/${ms(p90(emptyLat.stats))}, ${N} objects ${ms(median(bigLat.stats))}/${ms(p90(bigLat.stats))}; ratio ${(median(bigLat.stats) / median(emptyLat.stats)).toFixed(2)}× (target ≤ 1.5×)`,
  `server RSS: empty ${emptyRss.rss.toFixed(0)} MiB (peak ${emptyRss.hwm.toFixed(0)}), ${N} objects after all of this ${bigRss.rss.toFixed(0)} MiB (peak ${bigRss.hwm.toFixed(0)}) (target < 300 MiB)`,
  `listAll through @wcs/manage: ${count} objects in ${(listAllMs / 1000).toFixed(1)} s`,
  `start-up (spawn → listening / startWcsServer alone): empty ${ms(emptyStart.spawnMs)} / ${ms(emptyStart.startMs)}, ${N} objects ${ms(bigStart.spawnMs)} / ${ms(bigStart.startMs)}`,
];
console.log(out.join('\n'));
