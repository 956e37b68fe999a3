// Benchmark of the multipart upload hot path (issue 11): wall time and CLIENT CPU (user + system
// of the uploading process only) of multipartUpload of a 256 MiB file to a local @wcs/server,
// concurrency 4, chunk (bput) sizes 4 MiB and 512 KiB; this build against a baseline build of
// @wcs/upload, runs alternated, medians, ratios from the same run.
// Usage:
//   node bench/upload/multipart-hot-path.mjs --save-baseline      # copy today's packages/upload/dist as the baseline
//   node bench/upload/multipart-hot-path.mjs [--size-mib 256] [--runs 5] [--memory]
// The baseline lives in packages/upload/node_modules/.bench-baseline (ignored by git; from there
// it still resolves @wcs/core, @wcs/auth, @wcs/etag). Build first (npx -y pnpm@10.34.9 build).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, cpSync, existsSync, mkdirSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const lib = (name) => here(`../../packages/${name}/dist/index.js`);
const baselineDir = here('../../packages/upload/node_modules/.bench-baseline');
const { values } = parseArgs({
  options: {
    'size-mib': { type: 'string', default: '256' },
    runs: { type: 'string', default: '5' },
    memory: { type: 'boolean', default: false },
    'save-baseline': { type: 'boolean', default: false },
  },
});
if (values['save-baseline']) {
  rmSync(baselineDir, { recursive: true, force: true });
  cpSync(here('../../packages/upload/dist'), join(baselineDir, 'dist'), { recursive: true });
  cpSync(here('../../packages/upload/package.json'), join(baselineDir, 'package.json'));
  console.log(`baseline saved: ${baselineDir}`);
  process.exit(0);
}
const baseline = existsSync(join(baselineDir, 'dist/index.js')) ? join(baselineDir, 'dist/index.js') : undefined;
if (!baseline) console.log('no baseline saved (--save-baseline on the old build): measuring this build only');

const MiB = 1024 * 1024;
const size = Number(values['size-mib']) * MiB;
const runs = Number(values.runs);
const DATA = here('../.data/upload/');
mkdirSync(DATA, { recursive: true });
const path = join(DATA, `hot-${size / MiB}m.bin`);
if (!existsSync(path) || statSync(path).size !== size) {
  const fd = openSync(path, 'w');
  const piece = randomBytes(16 * MiB);
  for (let done = 0; done < size; done += piece.length) writeSync(fd, piece, 0, Math.min(piece.length, size - done));
  closeSync(fd);
}

const { startWcsServer } = await import(lib('server'));
const dataDir = join(DATA, 'hot-server-data');
rmSync(dataDir, { recursive: true, force: true });
const server = await startWcsServer({ accessKey: 'bench-ak', secretKey: 'bench-sk', buckets: ['bench'], ...(values.memory ? {} : { dataDir }) });

function runChild(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [here('./upload-child.mjs'), JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1))) : reject(new Error(`upload child exited ${code}`))));
  });
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const variants = baseline ? [['baseline', baseline], ['this build', undefined]] : [['this build', undefined]];
console.log(`file ${size / MiB} MiB, concurrency 4, ${runs} runs per case, server ${values.memory ? 'in memory' : 'on disk'}, node ${process.version}`);
try {
  for (const chunk of [4 * MiB, 512 * 1024]) {
    const results = new Map(variants.map(([name]) => [name, { ms: [], cpu: [] }]));
    let n = 0;
    for (let i = 0; i < runs; i++) {
      // Alternate which variant goes first, so drift on the machine hits both alike.
      const order = i % 2 === 0 ? variants : [...variants].reverse();
      for (const [name, uploadModule] of order) {
        const r = await runChild({
          mode: 'multipart', accessKey: 'bench-ak', secretKey: 'bench-sk', putUrl: server.putUrl, bucket: 'bench',
          key: `hot-${n++}`, path, concurrency: 4, chunkSizeBytes: chunk, recordFolder: join(DATA, 'hot-records'),
          ...(uploadModule ? { uploadModule } : {}),
        });
        results.get(name).ms.push(r.ms);
        results.get(name).cpu.push(r.cpuMs);
      }
    }
    console.log(`\nbput ${chunk >= MiB ? `${chunk / MiB} MiB` : `${chunk / 1024} KiB`}:`);
    for (const [name] of variants) {
      const r = results.get(name);
      console.log(`  ${name.padEnd(10)} wall ${(median(r.ms) / 1000).toFixed(2)} s, client CPU ${(median(r.cpu) / 1000).toFixed(2)} s (medians of ${runs})`);
    }
    if (baseline) {
      const b = results.get('baseline');
      const t = results.get('this build');
      console.log(`  ratio this/baseline: wall ${(median(t.ms) / median(b.ms)).toFixed(2)}, client CPU ${(median(t.cpu) / median(b.cpu)).toFixed(2)}`);
    }
  }
} finally {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
