// wcscmd start-up (issue 11): median wall times of
//   node -e 0                       the floor: Node's own start-up
//   wcscmd --version                parsing only
//   wcscmd stat wcs://b/k           whole process, against a local wcs-server (a child process)
//   wcscmd stat: first request      spawn → the first byte of its request reaching the server
//   wcscmd put wcs://b/KEY FILE     a 4 KiB file, whole process, and its first request likewise
// interleaved run by run so drift hits all of them alike, with the ratios to `node -e 0`.
// With --python DIR (the vendor's SDK checked out as in ../shared/peer-python/README.md), the
// Python wcscmd's stat and put (and put's first request) are timed in the same rotation and the
// ratios ours / Python are printed.
// Targets: --version ≤ 1.5× node -e 0; first request ≤ ~1.5× node -e 0; stat and put ≤ 0.7× Python.
// Usage: node bench/cli/startup.mjs [--runs N] [--python DIR]
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const WCSCMD = fileURLToPath(new URL('../../apps/wcscmd/dist/bin.js', import.meta.url));
const SERVER = fileURLToPath(new URL('../../packages/server/dist/bin.js', import.meta.url));
for (const file of [WCSCMD, SERVER]) {
  if (!existsSync(file)) {
    console.error(`missing ${file}\nbuild first: npx -y pnpm@10.34.9 build`);
    process.exit(1);
  }
}
const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' }, python: { type: 'string' } } });
const runs = Number(values.runs);
const python = values.python;
// The Debian interpreter, as bench/cli/common.mjs runs the Python tool.
const PYTHON = '/usr/bin/python3';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Spawns and resolves with the wall time (spawn to exit) in ms; rejects on a non-zero exit. */
function timeSpawn(command, args, env = process.env) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve({ start, ms: performance.now() - start }) : reject(new Error(`${args.join(' ')} exited ${code}: ${out}`))));
  });
}

// The server runs as its own process so its work does not share the benchmark's event loop.
const dir = mkdtempSync(join(tmpdir(), 'wcs-bench-startup-'));
const server = spawn(process.execPath, [SERVER, '--port', '0', '--mgr-port', '0', '--access-key', 'ak-bench', '--secret-key', 'sk-bench', '--bucket', 'b', '--data', join(dir, 'data')], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const urls = await new Promise((resolve, reject) => {
  let text = '';
  server.stdout.on('data', (d) => {
    text += d;
    const m = /WCS_SERVER_READY (\{.*\})/.exec(text);
    if (m) resolve(JSON.parse(m[1]));
  });
  server.on('exit', (code) => reject(new Error(`wcs-server exited ${code}`)));
});
// A forwarder in front of each host notes when the first byte of a request arrives.
let firstByteAt;
async function forwarderTo(url) {
  const port = Number(new URL(url).port);
  const forwarder = createServer((socket) => {
    socket.once('data', () => (firstByteAt ??= performance.now()));
    const upstream = connect(port, '127.0.0.1');
    socket.pipe(upstream).pipe(socket);
    const close = () => {
      socket.destroy();
      upstream.destroy();
    };
    socket.on('error', close);
    upstream.on('error', close);
  });
  await new Promise((resolve) => forwarder.listen(0, '127.0.0.1', resolve));
  return { forwarder, url: `http://127.0.0.1:${forwarder.address().port}` };
}
const mgr = await forwarderTo(urls.mgrUrl);
const put = await forwarderTo(urls.putUrl);

// A full .wcscfg, as the Python tool writes it, so both tools read the same file.
const cfg = join(dir, 'wcscfg');
writeFileSync(
  cfg,
  `[default]\naccess_key = ak-bench\nsecret_key = sk-bench\nput_url = ${put.url}\nmgr_url = ${mgr.url}\nblock_size = 4194304\nbput_size = 4194304\n` +
    'bput_retries = 3\nconcurrency = 4\nconnection_retries = 3\nconnection_timeout = 40\nmkblk_retries = 3\nmkfile_retries = 3\n' +
    `tmp_record_folder = ${join(dir, 'records')}\nishttps = False\nisverify = True\nkeepalive = False\nmode = 3\nlimit = 1000\n` +
    'deadline = 7200\ntraffic_limit = 0\noverwrite = 0\nseparate = 0\nforce = 0\nprefix = \nmarker = \nupload_id = \noutput = \n' +
    'returnUrl = \nreturnBody = \ncallbackUrl = \ncallbackBody = \npersistentOps = \npersistentNotifyUrl = \ncontentDetect = \n' +
    'detectNotifyURL = \ndetectNotifyRule = \nhashAlgorithm = \nnotifyurl = \n',
);
const file = join(dir, 'k.txt');
writeFileSync(file, 'start-up benchmark object\n');
const small = join(dir, 'small.bin');
writeFileSync(small, randomBytes(4096));
// Each put gets its own key: the config has overwrite = 0, as the Python tool writes it.
let putCount = 0;
/** Runs a put and adds the time from spawn to its request's first byte. */
const timedPut = async (command, args, spawnEnv) => {
  firstByteAt = undefined;
  const r = await timeSpawn(command, [...args, '-c', cfg, 'put', `wcs://b/put-${putCount++}`, small], spawnEnv);
  return { ...r, firstRequestMs: firstByteAt - r.start };
};
const env = { ...process.env, HOME: dir };
for (const k of Object.keys(env)) if (k.startsWith('WCS_')) delete env[k];
await timeSpawn(process.execPath, [WCSCMD, '-c', cfg, '-q', 'put', 'wcs://b/k', file], env);

const cases = {
  node: () => timeSpawn(process.execPath, ['-e', '0'], env),
  version: () => timeSpawn(process.execPath, [WCSCMD, '--version'], env),
  stat: async () => {
    firstByteAt = undefined;
    const r = await timeSpawn(process.execPath, [WCSCMD, '-c', cfg, 'stat', 'wcs://b/k'], env);
    return { ...r, firstRequestMs: firstByteAt - r.start };
  },
  put: () => timedPut(process.execPath, [WCSCMD], env),
  ...(python
    ? {
        python: () => timeSpawn(PYTHON, [join(python, 'wcscmd'), '-c', cfg, 'stat', 'wcs://b/k'], { ...env, PYTHONPATH: python }),
        pythonPut: () => timedPut(PYTHON, [join(python, 'wcscmd')], { ...env, PYTHONPATH: python }),
      }
    : {}),
};
const times = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
const firstRequest = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
try {
  for (const run of Object.values(cases)) await run(); // warm the page cache
  for (let i = 0; i < runs; i++) {
    for (const [name, run] of Object.entries(cases)) {
      const r = await run();
      times[name].push(r.ms);
      if (r.firstRequestMs !== undefined) firstRequest[name].push(r.firstRequestMs);
    }
  }
} finally {
  mgr.forwarder.close();
  put.forwarder.close();
  server.kill();
  rmSync(dir, { recursive: true, force: true });
}

const n = median(times.node);
const row = (label, ms, extra = '') => console.log(`  ${label.padEnd(34)}${ms.toFixed(1).padStart(7)} ms  ${(ms / n).toFixed(2)}× node -e 0${extra}`);
console.log(`wcscmd start-up, medians of ${runs} interleaved runs (spawn to exit unless said)`);
row('node -e 0', n);
row('wcscmd --version', median(times.version), '   (target ≤ 1.5×)');
row('wcscmd stat: first request sent', median(firstRequest.stat), '   (target ≤ ~1.5×)');
const stat = median(times.stat);
const putMs = median(times.put);
const putFirst = median(firstRequest.put);
if (python) {
  const py = median(times.python);
  row('wcscmd stat', stat, `   ${(stat / py).toFixed(2)}× Python (target ≤ 0.7×)`);
  row('Python wcscmd stat', py);
  const pyPut = median(times.pythonPut);
  const pyPutFirst = median(firstRequest.pythonPut);
  row('wcscmd put 4 KiB: first request', putFirst, `   ${(putFirst / pyPutFirst).toFixed(2)}× Python`);
  row('Python wcscmd put: first request', pyPutFirst);
  row('wcscmd put 4 KiB', putMs, `   ${(putMs / pyPut).toFixed(2)}× Python (target ≤ 0.7×)`);
  row('Python wcscmd put 4 KiB', pyPut);
} else {
  row('wcscmd stat', stat, '   (add --python DIR for the ratio to the Python tool)');
  row('wcscmd put 4 KiB: first request', putFirst);
  row('wcscmd put 4 KiB', putMs);
}
