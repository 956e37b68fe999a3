// One client process of transport.mjs: sends `count` sequential POST /mkblk/<size>/0 requests
// with one HTTP client and prints a JSON line with wall time and this process's user+sys CPU for
// the measured loop (after a warm-up). Run by transport.mjs; not meant to be run by hand.
//   clients: got (got 14 configured as @wcs/core configured it when it used got), http (plain
//   node:http + Agent), fetch (Node's built-in fetch, i.e. undici), core (@wcs/core's
//   createHttpClient as built now).
import { readdirSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const args = JSON.parse(process.argv[2]);
const coreDir = fileURLToPath(new URL('../../packages/core/', import.meta.url));
const body = Buffer.alloc(args.size, 7);
const url = `${args.putUrl}/mkblk/${args.size}/0`;
const headers = { authorization: args.token, 'content-type': 'application/octet-stream', 'user-agent': 'bench' };
if (!args.keepAlive) headers.connection = 'close';

/** got 14 from the workspace (@wcs/core no longer depends on it; wcscmd or the pnpm store still has it). */
function findGot() {
  for (const from of ['packages/core', 'apps/wcscmd', '.']) {
    try {
      return createRequire(fileURLToPath(new URL(`../../${from}/package.json`, import.meta.url))).resolve('got');
    } catch {
      // try the next place
    }
  }
  const store = fileURLToPath(new URL('../../node_modules/.pnpm/', import.meta.url));
  const dir = readdirSync(store).filter((d) => d.startsWith('got@')).sort().at(-1);
  if (!dir) throw new Error('got is not installed anywhere in this workspace; drop it from --clients');
  return createRequire(`${store}${dir}/node_modules/got/package.json`).resolve('got');
}

async function makeClient(kind) {
  if (kind === 'http') {
    const agent = new Agent({ keepAlive: args.keepAlive });
    const u = new URL(url);
    return () =>
      new Promise((resolve, reject) => {
        const req = request(u, { method: 'POST', agent, headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`status ${res.statusCode}`))));
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end(body);
      });
  }
  if (kind === 'fetch') {
    return async () => {
      const res = await fetch(url, { method: 'POST', headers, body });
      const buf = Buffer.from(await res.arrayBuffer());
      if (res.status !== 200) throw new Error(`status ${res.status}`);
      return buf;
    };
  }
  if (kind === 'got') {
    const { default: got } = await import(pathToFileURL(findGot()).href);
    const agent = new Agent({ keepAlive: args.keepAlive });
    const instance = got.extend({
      agent: { http: agent },
      headers,
      timeout: { lookup: 40_000, connect: 40_000, secureConnect: 40_000, socket: 40_000, response: 40_000 },
      retry: { limit: 0 },
      throwHttpErrors: false,
      followRedirect: false,
      responseType: 'buffer',
      hooks: { beforeRequest: [(o) => void (o.headers.authorization = args.token)] },
    });
    return async () => {
      const res = await instance(url, { method: 'POST', body });
      if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}`);
      return res.rawBody;
    };
  }
  if (kind === 'core') {
    const { createHttpClient } = await import(pathToFileURL(`${coreDir}dist/index.js`).href);
    const http = createHttpClient({ keepAlive: args.keepAlive, userAgent: 'bench' });
    return async () => (await http.request({ method: 'POST', url, headers: { authorization: args.token, 'content-type': 'application/octet-stream' }, body })).body;
  }
  throw new Error(`unknown client ${kind}`);
}

const send = await makeClient(args.client);
for (let i = 0; i < args.warmup; i++) await send();
const cpu0 = process.cpuUsage();
const t0 = performance.now();
for (let i = 0; i < args.count; i++) await send();
const wallMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
process.stdout.write(`${JSON.stringify({ wallMs, userMs: cpu.user / 1000, sysMs: cpu.system / 1000 })}\n`);
process.exit(0);
