// The measuring half of wan.sh (run it through wan.sh, which sets up the namespace and its link):
// multiput of --size-mib over the namespace's rate-limited loopback to a server that waits
// --latency-ms before every request. Prints, per bput size and tool, the median fraction of the
// link used by the whole command (size / wall / rate) and by the transfer phase (server side:
// first mkblk arrival to mkfile arrival, the same measure for both tools), and, for ours, the same
// for each --concurrency value (to choose the default).
// Without wan.sh (plain loopback, no rate limit) --rate-mbit only scales the fractions: a
// same-run concurrency sweep, e.g. --rate-mbit 1000 --latency-ms 0 --no-python --sweep 4,8,16.
// Usage (inside the namespace): node wan.mjs --rate-mbit 100 --latency-ms 25 [--size-mib 64]
//        [--runs 3] [--concurrency 4] [--sweep 2,4,8,16] [--bput 524288,4194304] [--no-python]
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { MiB, cleanPythonRecords, median, requireTools, startServer, statObject, timed, toolCommand, writeConfig } from './common.mjs';

const { values } = parseArgs({
  options: {
    'rate-mbit': { type: 'string' },
    'latency-ms': { type: 'string' },
    'size-mib': { type: 'string', default: '64' },
    runs: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '4' },
    sweep: { type: 'string', default: '' },
    bput: { type: 'string', default: `${512 * 1024},${4 * MiB}` },
    'no-python': { type: 'boolean', default: false },
    keepalive: { type: 'boolean', default: false },
  },
});
if (!values['rate-mbit'] || !values['latency-ms']) {
  console.error('usage: node wan.mjs --rate-mbit N --latency-ms N (run through bench/cli/wan.sh)');
  process.exit(2);
}
const python = !values['no-python'];
requireTools({ python });
const rateBytesPerMs = (Number(values['rate-mbit']) * 1e6) / 8 / 1000;
const latencyMs = Number(values['latency-ms']);
const size = Number(values['size-mib']) * MiB;
const runs = Number(values.runs);
const dir = mkdtempSync(join(tmpdir(), 'wcs-bench-wan-'));
const server = await startServer({ latencyMs });
try {
  const big = join(dir, 'big.bin');
  const fd = openSync(big, 'w');
  const piece = randomBytes(16 * MiB);
  for (let done = 0; done < size; done += piece.length) writeSync(fd, piece, 0, Math.min(piece.length, size - done));
  closeSync(fd);

  const linkMs = size / rateBytesPerMs;
  console.log(`link ${values['rate-mbit']} Mbit/s, ${latencyMs} ms per request, ${values['size-mib']} MiB (${(linkMs / 1000).toFixed(2)} s at link speed), ${runs} runs, keepalive ${values.keepalive}`);

  /** One multiput; resolves with the fractions of the link used. */
  const once = async (tool, bput, concurrency, i) => {
    cleanPythonRecords();
    const cfg = writeConfig(dir, server, { bputSize: bput, concurrency, keepalive: values.keepalive });
    const key = `wan-${tool}-${bput}-${concurrency}-${i}`;
    await server.log();
    const [cmd, args] = toolCommand(tool, cfg, ['multiput', `wcs://bench/${key}`, big]);
    const res = await timed(cmd, args);
    const log = await server.log();
    const s = statObject(cfg, 'bench', key);
    if (s?.fsize !== size) throw new Error(`${tool} multiput did not store ${key}: ${res.stderr.slice(-400)}`);
    const first = log.find((e) => e.endpoint === 'mkblk' || e.endpoint === 'bput');
    const mkfile = log.find((e) => e.endpoint === 'mkfile');
    const phaseMs = mkfile.time - first.time;
    return { whole: linkMs / res.wallMs, transfer: linkMs / phaseMs, wallMs: res.wallMs, cpuMs: res.cpuMs };
  };
  const label = (bput) => (bput >= MiB ? `${bput / MiB} MiB` : `${bput / 1024} KiB`);
  const show = (what, r) =>
    console.log(`${what.padEnd(40)} whole command ${median(r.map((x) => x.whole)).toFixed(2)}   transfer phase ${median(r.map((x) => x.transfer)).toFixed(2)}   wall ${(median(r.map((x) => x.wallMs)) / 1000).toFixed(2)} s   CPU ${(median(r.map((x) => x.cpuMs)) / 1000).toFixed(2)} s`);

  for (const bput of values.bput.split(',').map(Number)) {
    const concurrency = Number(values.concurrency);
    const tools = python ? ['ours', 'py'] : ['ours'];
    const results = { ours: [], py: [] };
    for (let i = 0; i < runs; i++) {
      for (const tool of i % 2 ? [...tools].reverse() : tools) results[tool].push(await once(tool, bput, concurrency, i));
    }
    show(`bput ${label(bput)}, c=${concurrency}, ours`, results.ours);
    if (python) show(`bput ${label(bput)}, c=${concurrency}, python`, results.py);
    // The sweep takes turns too (c1, c2, … then the other way round), so drift hits every value alike.
    const sweep = values.sweep ? values.sweep.split(',').map(Number) : [];
    const swept = new Map(sweep.map((c) => [c, []]));
    for (let i = 0; i < runs; i++) {
      for (const c of i % 2 ? [...sweep].reverse() : sweep) swept.get(c).push(await once('ours', bput, c, 100 + i));
    }
    for (const c of sweep) show(`bput ${label(bput)}, c=${c}, ours (sweep)`, swept.get(c));
  }
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
  cleanPythonRecords();
}
