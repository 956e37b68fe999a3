// Benchmark: multipart upload (built @wcs/upload, concurrency 4) of a 1 GiB file to a local
// @wcs/server vs ONE curl upload of the same file to the same server, in the same run; plus the
// peak RSS of the uploading process, and of a 256 MiB simple upload.
//   curl baseline: `curl -X POST -T file -H 'Authorization: <upload token>'
//   -H 'Content-Type: application/octet-stream' <putUrl>/mkblk/<size>/0` — the whole file as one
//   block, legal because 1 GiB is a multiple of 4 MiB and the server accepts blocks up to 4 GiB.
//   `--data-binary @file` (the issue's wording) fails on 1 GiB with "option --data-binary: out of
//   memory" (curl loads the file into memory first); `-T file` sends the same raw bytes in one
//   stream with the same Content-Length, reading the file as it goes.
//   Targets: multipart ≥ curl; multipart peak RSS < 200 MiB; simple 256 MiB peak RSS < 100 MiB.
// Usage: node bench/upload/upload-throughput.mjs [--size-mib 1024] [--simple-mib 256] [--runs 3] [--memory]
//   --memory: in-memory server instead of a disk dataDir (use it if the disk is the bottleneck).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync, closeSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const lib = (name) => fileURLToPath(new URL(`../../packages/${name}/dist/index.js`, import.meta.url));
for (const name of ['core', 'auth', 'etag', 'upload', 'server']) {
  if (!existsSync(lib(name))) {
    console.error(`missing ${lib(name)}\nbuild first: npx -y pnpm@10.34.9 turbo run build --filter=@wcs/upload... --filter=@wcs/server`);
    process.exit(1);
  }
}
const { startWcsServer } = await import(lib('server'));
const { createUploadToken } = await import(lib('auth'));

const { values } = parseArgs({
  options: {
    'size-mib': { type: 'string', default: '1024' },
    'simple-mib': { type: 'string', default: '256' },
    runs: { type: 'string', default: '3' },
    memory: { type: 'boolean', default: false },
  },
});
const MiB = 1024 * 1024;
const size = Number(values['size-mib']) * MiB;
const simpleSize = Number(values['simple-mib']) * MiB;
const runs = Number(values.runs);
if (size % (4 * MiB) !== 0) throw new Error('--size-mib must be a multiple of 4 (one mkblk block for curl)');

const DATA = fileURLToPath(new URL('../.data/upload/', import.meta.url));
mkdirSync(DATA, { recursive: true });

/** Random (incompressible) content, written once and reused across runs. */
function ensureFile(name, bytes) {
  const path = join(DATA, name);
  if (existsSync(path) && statSync(path).size === bytes) return path;
  const fd = openSync(path, 'w');
  const piece = randomBytes(16 * MiB);
  for (let done = 0; done < bytes; done += piece.length) writeSync(fd, piece, 0, Math.min(piece.length, bytes - done));
  closeSync(fd);
  return path;
}

function runChild(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(new URL('./upload-child.mjs', import.meta.url)), JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1))) : reject(new Error(`upload child exited ${code}`))));
  });
}

/** One curl upload; async, because the server answering it runs in this process. */
function curlUpload(path, bytes, putUrl, token) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(
      'curl',
      ['-sS', '-X', 'POST', '-T', path, '-H', `Authorization: ${token}`, '-H', 'Content-Type: application/octet-stream', '-o', '/dev/null', '-w', '%{http_code}', `${putUrl}/mkblk/${bytes}/0`],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('exit', (code) => {
      const ms = performance.now() - started;
      if (code !== 0 || out !== '200') reject(new Error(`curl failed: exit ${code}, http ${out}, ${err}`));
      else resolve(ms);
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const mbps = (bytes, ms) => bytes / MiB / (ms / 1000);

const bigFile = ensureFile(`upload-${size / MiB}m.bin`, size);
const simpleFile = ensureFile(`upload-${simpleSize / MiB}m.bin`, simpleSize);
const dataDir = join(DATA, 'server-data');
rmSync(dataDir, { recursive: true, force: true });
const server = await startWcsServer({ accessKey: 'bench-ak', secretKey: 'bench-sk', buckets: ['bench'], ...(values.memory ? {} : { dataDir }) });
const base = { accessKey: 'bench-ak', secretKey: 'bench-sk', putUrl: server.putUrl, bucket: 'bench', recordFolder: join(DATA, 'records') };
const token = createUploadToken({ scope: 'bench' }, { credentials: { accessKey: 'bench-ak', secretKey: 'bench-sk' } });

console.log(`server: ${values.memory ? 'in-memory' : `disk dataDir ${dataDir}`}; file ${size / MiB} MiB; ${runs} runs; node ${process.version}`);
const multi = [];
const curl = [];
let rss = 0;
try {
  for (let i = 0; i < runs; i++) {
    const m = await runChild({ ...base, mode: 'multipart', path: bigFile, key: `multi-${i}`, concurrency: 4 });
    multi.push(m.ms);
    rss = Math.max(rss, m.maxRssKiB);
    curl.push(await curlUpload(bigFile, size, server.putUrl, token));
    console.log(`run ${i + 1}: multipart ${mbps(size, m.ms).toFixed(0)} MB/s (peak RSS ${(m.maxRssKiB / 1024).toFixed(0)} MiB), curl mkblk ${mbps(size, curl.at(-1)).toFixed(0)} MB/s`);
  }
  const simple = await runChild({ ...base, mode: 'simple', path: simpleFile, key: 'simple', concurrency: 4 });
  const m = mbps(size, median(multi));
  const c = mbps(size, median(curl));
  console.log('');
  console.log(`multipart upload, concurrency 4: ${m.toFixed(0)} MiB/s (median of ${runs})`);
  console.log(`curl -T, whole file as one mkblk: ${c.toFixed(0)} MiB/s (median of ${runs})`);
  console.log(`ratio multipart/curl:            ${(m / c).toFixed(2)}  (target ≥ 1.00)`);
  console.log(`multipart peak RSS:              ${(rss / 1024).toFixed(0)} MiB  (target < 200)`);
  console.log(`simple upload ${simpleSize / MiB} MiB: ${mbps(simpleSize, simple.ms).toFixed(0)} MiB/s, peak RSS ${(simple.maxRssKiB / 1024).toFixed(0)} MiB  (target < 100)`);
} finally {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
