// Benchmark: client CPU and wall time per request of candidate HTTP clients on the upload hot
// path (POST /mkblk with a body) against @wcs/server, to choose @wcs/core's transport.
// Each client runs in its own process (so its CPU is its own, the server runs here); the clients
// take turns run by run, and the medians over the runs are printed with ratios to `got`.
//   small: 1,000 sequential POSTs of 4 KiB; large: 256 sequential POSTs of 4 MiB.
// Usage: node bench/cli/transport.mjs [--runs 5] [--clients got,http,fetch,core] [--keep-alive both|on|off]
//        [--small-count 1000] [--large-count 256]
// Build first: npx -y pnpm@10.34.9 turbo run build --filter=@wcs/core --filter=@wcs/auth --filter=@wcs/server
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const lib = (name) => fileURLToPath(new URL(`../../packages/${name}/dist/index.js`, import.meta.url));
for (const name of ['core', 'auth', 'server']) {
  if (!existsSync(lib(name))) {
    console.error(`missing ${lib(name)}\nbuild first: npx -y pnpm@10.34.9 turbo run build --filter=@wcs/core --filter=@wcs/auth --filter=@wcs/server`);
    process.exit(1);
  }
}
const { startWcsServer } = await import(lib('server'));
const { createUploadToken } = await import(lib('auth'));

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    clients: { type: 'string', default: 'got,http,fetch,core' },
    'keep-alive': { type: 'string', default: 'both' },
    'small-count': { type: 'string', default: '1000' },
    'large-count': { type: 'string', default: '256' },
  },
});
const runs = Number(values.runs);
const clients = values.clients.split(',');
const keepAlives = values['keep-alive'] === 'both' ? [false, true] : [values['keep-alive'] === 'on'];
const workloads = [
  { name: `${values['small-count']} × 4 KiB`, size: 4096, count: Number(values['small-count']), warmup: 50 },
  { name: `${values['large-count']} × 4 MiB`, size: 4 * 1024 * 1024, count: Number(values['large-count']), warmup: 4 },
];

const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function runClient(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(new URL('./transport-client.mjs', import.meta.url)), JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1))) : reject(new Error(`client ${args.client} exited ${code}`))));
  });
}

console.log(`transport benchmark: ${runs} runs per cell, clients take turns; node ${process.version}; ${new Date().toISOString()}`);
for (const workload of workloads) {
  for (const keepAlive of keepAlives) {
    const results = Object.fromEntries(clients.map((c) => [c, []]));
    for (let run = 0; run < runs; run++) {
      for (const client of run % 2 ? [...clients].reverse() : clients) {
        // A fresh server per run: unmerged blocks stay on its temporary disk until it closes.
        const server = await startWcsServer({ buckets: ['test'] });
        const token = createUploadToken({ scope: 'test:bench' }, { credentials: { accessKey: server.accessKey, secretKey: server.secretKey }, deadlineSeconds: 3600 });
        try {
          const { size, count, warmup } = workload;
          results[client].push(await runClient({ client, keepAlive, putUrl: server.putUrl, token, size, count, warmup }));
        } finally {
          await server.close();
        }
      }
    }
    console.log(`\n${workload.name}, keep-alive ${keepAlive ? 'on' : 'off'} (medians of ${runs})`);
    console.log('client  wall ms/req  cpu ms/req (user+sys)  wall vs got  cpu vs got');
    const cpuOf = (r) => r.userMs + r.sysMs;
    const base = results.got ? { wall: median(results.got.map((r) => r.wallMs)), cpu: median(results.got.map(cpuOf)) } : undefined;
    for (const client of clients) {
      const wall = median(results[client].map((r) => r.wallMs));
      const cpu = median(results[client].map(cpuOf));
      const n = workload.count;
      console.log(
        `${client.padEnd(7)} ${(wall / n).toFixed(3).padStart(11)}  ${(cpu / n).toFixed(3).padStart(21)}  ${base ? (wall / base.wall).toFixed(2).padStart(11) : '-'}  ${base ? (cpu / base.cpu).toFixed(2).padStart(10) : '-'}`,
      );
    }
  }
}
