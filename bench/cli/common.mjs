// Shared helpers of the CLI benchmarks: the two tools, the local server, the .wcscfg both read,
// timing through /usr/bin/time (wall, user and sys CPU, peak RSS of the whole process).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const OUR_BIN = join(ROOT, 'apps/wcscmd/dist/bin.js');
export const PY_DIR = process.env.WCS_PYSDK ?? '/tmp/pysdk';
export const PYTHON = '/usr/bin/python3';
export const TIME_BIN = '/usr/bin/time';
export const ACCESS_KEY = 'bench-ak';
export const SECRET_KEY = 'bench-sk';
export const MiB = 1024 * 1024;

/** Exits with what to do when something the benchmark needs is missing. */
export function requireTools({ python = true } = {}) {
  const missing = [];
  if (!existsSync(OUR_BIN) || !existsSync(join(ROOT, 'packages/server/dist/index.js'))) {
    missing.push('build first: npx -y pnpm@10.34.9 build');
  }
  if (!existsSync(TIME_BIN)) missing.push(`${TIME_BIN} is needed for CPU and peak RSS (apt-get install time)`);
  if (python && !existsSync(join(PY_DIR, 'wcscmd'))) {
    missing.push(`the Python wcscmd is not at ${PY_DIR}: see /work/shared/peer-python/README.md (or set WCS_PYSDK)`);
  }
  if (missing.length) {
    console.error(missing.join('\n'));
    process.exit(1);
  }
}

/**
 * The command line of one tool: `ours` (built wcscmd), `py` (the vendor's wcscmd 5.0.36), or
 * `base`: another build of wcscmd (`baseline`, its bin.js), to compare two builds in one run.
 */
export function toolCommand(tool, cfg, args, baseline) {
  if (tool === 'base') return [process.execPath, [baseline, '-c', cfg, ...args]];
  return tool === 'ours' ? [process.execPath, [OUR_BIN, '-c', cfg, ...args]] : [PYTHON, [join(PY_DIR, 'wcscmd'), '-c', cfg, ...args]];
}

/** Environment for both tools: the Python SDK on its path; nothing from the user's WCS_* variables. */
export function toolEnv() {
  const env = { ...process.env, PYTHONPATH: PY_DIR };
  for (const k of Object.keys(env)) if (k.startsWith('WCS_')) delete env[k];
  return env;
}

/**
 * Runs a command under /usr/bin/time and resolves with wall ms (measured here, spawn to exit),
 * user and sys CPU ms and peak RSS KiB of the process tree, and its output.
 */
export function timed(command, args, { cwd = '/tmp', env = toolEnv() } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(TIME_BIN, ['-f', 'TIME %U %S %M', command, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      const at = stderr.lastIndexOf('TIME ');
      const line = at < 0 ? '' : stderr.slice(at).trimEnd();
      const m = /^TIME ([\d.]+) ([\d.]+) (\d+)$/.exec(line);
      if (!m) return reject(new Error(`no timing from ${command} ${args.join(' ')}: ${stderr}`));
      const [userMs, sysMs] = [Number(m[1]) * 1000, Number(m[2]) * 1000];
      resolve({ code, wallMs, userMs, sysMs, cpuMs: userMs + sysMs, maxRssKiB: Number(m[3]), stdout, stderr: at < 0 ? stderr : stderr.slice(0, at) });
    });
  });
}

/** user+sys CPU ms of a live process, from /proc (clock ticks of 10 ms); undefined off Linux. */
export function processCpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** Starts bench/cli/server.mjs in its own process; resolves with its URLs and `stop()`. */
export function startServer({ latencyMs = 0, host = '127.0.0.1', dataDir, wrap = [] } = {}) {
  return new Promise((resolve, reject) => {
    const args = [fileURLToPath(new URL('./server.mjs', import.meta.url)), JSON.stringify({ latencyMs, host, dataDir, accessKey: ACCESS_KEY, secretKey: SECRET_KEY })];
    const [cmd, cmdArgs] = wrap.length ? [wrap[0], [...wrap.slice(1), process.execPath, ...args]] : [process.execPath, args];
    const child = spawn(cmd, cmdArgs, { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    let ready = false;
    const logWaiters = [];
    child.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
      for (let m = /^LOG (.*)\n/m.exec(out); m; m = /^LOG (.*)\n/m.exec(out)) {
        out = out.slice(0, m.index) + out.slice(m.index + m[0].length);
        logWaiters.shift()?.(JSON.parse(m[1]));
      }
      const m = /^READY (.*)$/m.exec(out);
      if (m && !ready) {
        ready = true;
        const urls = JSON.parse(m[1]);
        resolve({
          ...urls,
          /** CPU (user+sys ms) the server process has used so far; undefined where /proc is not readable. */
          cpuMs: () => processCpuMs(child.pid),
          /** The server's request log since the last call (and clears it). */
          log: () =>
            new Promise((done) => {
              logWaiters.push(done);
              child.stdin.write('log\n');
            }),
          stop: () =>
            new Promise((done) => {
              child.once('exit', done);
              child.stdin.end();
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.on('exit', (code) => {
      if (!ready) reject(new Error(`server exited ${code} before it was ready`));
    });
  });
}

/** A .wcscfg both tools read (the Python tool needs every multipart knob spelled out). */
export function writeConfig(dir, server, { blockSize = 4 * MiB, bputSize = 4 * MiB, concurrency = 4, keepalive = false } = {}) {
  const path = join(dir, `wcscfg-${bputSize}-${concurrency}`);
  const records = join(dir, 'records');
  mkdirSync(records, { recursive: true });
  writeFileSync(
    path,
    [
      '[default]',
      `access_key = ${ACCESS_KEY}`,
      `secret_key = ${SECRET_KEY}`,
      `put_url = ${server.putUrl}`,
      `mgr_url = ${server.mgrUrl}`,
      `block_size = ${blockSize}`,
      `bput_size = ${bputSize}`,
      `concurrency = ${concurrency}`,
      `keepalive = ${keepalive ? 'True' : 'False'}`,
      'overwrite = 1',
      `tmp_record_folder = ${records}`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  return path;
}

/** The Python tool keeps resume records in /tmp/multipart whatever the config says. */
export function cleanPythonRecords() {
  rmSync('/tmp/multipart', { recursive: true, force: true });
}

/** Our wcscmd's `stat` of an object: its JSON, or undefined when it is not there. */
export function statObject(cfg, bucket, key) {
  const r = spawnSync(process.execPath, [OUR_BIN, '-c', cfg, 'stat', `wcs://${bucket}/${key}`, '--json'], { encoding: 'utf8', env: toolEnv() });
  if (r.status !== 0) return undefined;
  try {
    return JSON.parse(r.stdout);
  } catch {
    return r.stdout;
  }
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const fmt = (n, digits = 0) => n.toFixed(digits);
