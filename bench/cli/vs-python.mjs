// Benchmark: our wcscmd against the vendor's Python wcscmd 5.0.36, same local @wcs/server (its own
// process), same .wcscfg, runs alternated tool by tool, medians and ratios (ours / Python):
//   stat     `wcscmd stat wcs://bench/KEY`, whole process (spawn to exit)
//   put      a loop of --puts one-file `wcscmd put` processes of 4 KiB files: time per file
//   multiput --size-mib (256) MiB, block 4 MiB, bput 4 MiB and 512 KiB, --concurrency (4):
//            wall, client CPU (user+sys of the tool's process), peak RSS
// Every upload is checked afterwards (size and hash via our `stat`): the Python tool exits 0 even
// when it failed.
// With --baseline PATH (the bin.js of another build of wcscmd, e.g. a copy of apps/wcscmd/dist
// made before a change, kept inside apps/wcscmd so its external packages resolve), that build
// runs in the same rotation and its figures and ratios are printed too: before and after in one run.
// With --floor, multiput also runs floor-client.mjs in the rotation: a client that only reads and
// sends the bytes (no hashing, no checks, no records, keep-alive). Its wall time is about the least
// any client can take against this server on this machine; the server's CPU per upload is printed
// for every tool, to show when the server, not the client, sets the pace.
// Usage: node bench/cli/vs-python.mjs [--runs 5] [--puts 200] [--size-mib 256] [--concurrency 4]
//        [--only stat,put,multiput] [--keepalive] [--floor] [--baseline apps/wcscmd/dist-base/bin.js]
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ACCESS_KEY, MiB, ROOT, SECRET_KEY, cleanPythonRecords, fmt, median, requireTools, startServer, statObject, timed, toolCommand, writeConfig } from './common.mjs';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    puts: { type: 'string', default: '200' },
    'size-mib': { type: 'string', default: '256' },
    concurrency: { type: 'string', default: '4' },
    only: { type: 'string', default: 'stat,put,multiput' },
    keepalive: { type: 'boolean', default: false },
    baseline: { type: 'string' },
    floor: { type: 'boolean', default: false },
  },
});
requireTools();
const runs = Number(values.runs);
const only = new Set(values.only.split(','));
const concurrency = Number(values.concurrency);
const baseline = values.baseline === undefined ? undefined : resolve(values.baseline);
const TOOLS = baseline ? ['ours', 'py', 'base'] : ['ours', 'py'];
const FLOOR_CLIENT = join(ROOT, 'bench/cli/floor-client.mjs');
const { createUploadToken } = await import(join(ROOT, 'packages/auth/dist/index.js'));
const floorToken = createUploadToken({ scope: 'bench', overwrite: 1 }, { credentials: { accessKey: ACCESS_KEY, secretKey: SECRET_KEY } });
const dir = mkdtempSync(join(tmpdir(), 'wcs-bench-cli-'));
const server = await startServer();
const cleanup = async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
  cleanPythonRecords();
};
process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));

/** Runs `args` with each tool in turn (the order swaps every run), `runs` times. */
async function alternate(label, n, run, tools = TOOLS) {
  const results = Object.fromEntries(tools.map((tool) => [tool, []]));
  for (let i = 0; i < n; i++) {
    for (const tool of i % 2 ? [...tools].reverse() : tools) results[tool].push(await run(tool, i));
  }
  return results;
}
const ratioLine = (what, ours, py, unit = 'ms', digits = 0, base = undefined) =>
  console.log(
    `${what.padEnd(52)} ours ${fmt(ours, digits).padStart(7)} ${unit}   python ${fmt(py, digits).padStart(7)} ${unit}   ours/python ${(ours / py).toFixed(2)}` +
      (base === undefined ? '' : `   baseline ${fmt(base, digits)} ${unit}, baseline/python ${(base / py).toFixed(2)}`),
  );
/** Median of one figure per tool, as ratioLine's arguments (the baseline's last). */
const medians = (r, pick) => [median(r.ours.map(pick)), median(r.py.map(pick)), r.base ? median(r.base.map(pick)) : undefined];

try {
  console.log(`wcscmd vs Python wcscmd 5.0.36 — node ${process.version}, ${new Date().toISOString()}, ${runs} runs, keepalive ${values.keepalive}${baseline ? `, baseline ${baseline}` : ''}`);
  const cfg = writeConfig(dir, server, { concurrency, keepalive: values.keepalive });
  const small = join(dir, 'small.bin');
  writeFileSync(small, randomBytes(4096));

  if (only.has('stat')) {
    for (const tool of TOOLS) {
      const [cmd, args] = toolCommand(tool, cfg, ['put', 'wcs://bench/stat-me', small], baseline);
      await timed(cmd, args);
    }
    const r = await alternate('stat', Math.max(runs, 11), async (tool) => {
      const [cmd, args] = toolCommand(tool, cfg, ['stat', 'wcs://bench/stat-me'], baseline);
      const res = await timed(cmd, args);
      if (res.code !== 0 || !/4096/.test(res.stdout + res.stderr)) throw new Error(`${tool} stat failed: ${res.stdout}${res.stderr}`);
      return res;
    });
    const [wo, wp, wb] = medians(r, (x) => x.wallMs);
    ratioLine('stat, whole process (wall)', wo, wp, 'ms', 0, wb);
    const [co, cp, cb] = medians(r, (x) => x.cpuMs);
    ratioLine('stat, whole process (CPU user+sys)', co, cp, 'ms', 0, cb);
  }

  if (only.has('put')) {
    const puts = Number(values.puts);
    const files = Array.from({ length: puts }, (_, i) => {
      const f = join(dir, `put-${i}.bin`);
      writeFileSync(f, randomBytes(4096));
      return f;
    });
    // One file per process, tools alternating file by file: 2 (or 3) × puts processes.
    const r = await alternate('put', puts, async (tool, i) => {
      const [cmd, args] = toolCommand(tool, cfg, ['put', `wcs://bench/put-${tool}-${i}`, files[i]], baseline);
      return timed(cmd, args);
    });
    for (const tool of TOOLS) {
      for (const i of [0, puts - 1]) {
        const s = statObject(cfg, 'bench', `put-${tool}-${i}`);
        if (s?.fsize !== 4096) throw new Error(`${tool} put of file ${i} did not store it`);
      }
    }
    const [po, pp, pb] = medians(r, (x) => x.wallMs);
    ratioLine(`put of a 4 KiB file, one process per file (${puts})`, po, pp, 'ms/file', 0, pb);
    const [qo, qp, qb] = medians(r, (x) => x.cpuMs);
    ratioLine(`put of a 4 KiB file, CPU user+sys per file`, qo, qp, 'ms/file', 0, qb);
  }

  if (only.has('multiput')) {
    const size = Number(values['size-mib']) * MiB;
    const big = join(dir, 'big.bin');
    const fd = openSync(big, 'w');
    const piece = randomBytes(16 * MiB);
    for (let done = 0; done < size; done += piece.length) writeSync(fd, piece, 0, Math.min(piece.length, size - done));
    closeSync(fd);
    for (const bput of [4 * MiB, 512 * 1024]) {
      const bcfg = writeConfig(dir, server, { bputSize: bput, concurrency, keepalive: values.keepalive });
      let expectedHash;
      const tools = values.floor ? [...TOOLS, 'floor'] : TOOLS;
      const r = await alternate('multiput', runs, async (tool, i) => {
        cleanPythonRecords();
        const key = `multi-${tool}-${bput}-${i}`;
        const [cmd, args] =
          tool === 'floor'
            ? [process.execPath, [FLOOR_CLIENT, server.putUrl, floorToken, big, key, String(bput), String(concurrency)]]
            : toolCommand(tool, bcfg, ['multiput', `wcs://bench/${key}`, big], baseline);
        const serverBefore = server.cpuMs();
        const res = await timed(cmd, args);
        res.serverCpuMs = server.cpuMs() - serverBefore;
        const s = statObject(bcfg, 'bench', key);
        if (s?.fsize !== size) throw new Error(`${tool} multiput did not store ${key}: ${res.stderr.slice(-500)}`);
        expectedHash ??= s.hash;
        if (s.hash !== expectedHash) throw new Error(`${tool} multiput stored ${key} with hash ${s.hash}, expected ${expectedHash}`);
        return res;
      }, tools);
      const label = `multiput ${values['size-mib']} MiB, bput ${bput >= MiB ? `${bput / MiB} MiB` : `${bput / 1024} KiB`}, c=${concurrency}`;
      ratioLine(`${label} wall`, ...medians(r, (x) => x.wallMs).slice(0, 2), 'ms', 0, medians(r, (x) => x.wallMs)[2]);
      ratioLine(`${label} CPU user+sys`, ...medians(r, (x) => x.cpuMs).slice(0, 2), 'ms', 0, medians(r, (x) => x.cpuMs)[2]);
      const [ro, rp, rb] = medians(r, (x) => x.maxRssKiB / 1024);
      ratioLine(`${label} peak RSS`, ro, rp, 'MiB', 0, rb);
      const [so, sp] = medians(r, (x) => x.serverCpuMs);
      ratioLine(`${label} server CPU`, so, sp, 'ms');
      if (r.floor) {
        const fw = median(r.floor.map((x) => x.wallMs));
        const pw = medians(r, (x) => x.wallMs)[1];
        console.log(
          `${`${label} floor client`.padEnd(52)} wall ${fmt(fw).padStart(7)} ms, floor/python ${(fw / pw).toFixed(2)}; ` +
            `CPU ${fmt(median(r.floor.map((x) => x.cpuMs)))} ms; server CPU ${fmt(median(r.floor.map((x) => x.serverCpuMs)))} ms`,
        );
      }
    }
  }
} finally {
  await cleanup();
}
