// Starts the built @wcs/server for the CLI benchmarks, in its own process so that the tools'
// CPU figures are their own, and prints one line `READY {"putUrl","mgrUrl","downloadUrl"}`.
// Every request waits `latencyMs` first (the server's latency fault), to simulate a distant
// service. A line `log` on stdin prints `LOG <json>` (the request log since the last one, with
// arrival times in ms) and clears it. Stops on SIGTERM/SIGINT.
// Usage: node server.mjs '<json {host?, latencyMs?, dataDir?, accessKey, secretKey}>'
import { fileURLToPath } from 'node:url';

const args = JSON.parse(process.argv[2] ?? '{}');
const { startWcsServer } = await import(fileURLToPath(new URL('../../packages/server/dist/index.js', import.meta.url)));
const server = await startWcsServer({
  host: args.host ?? '127.0.0.1',
  accessKey: args.accessKey,
  secretKey: args.secretKey,
  buckets: ['bench'],
  ...(args.dataDir ? { dataDir: args.dataDir } : {}),
  ...(args.latencyMs ? { faults: { rules: [{ endpoint: '*', latencyMs: args.latencyMs }] } } : {}),
});
process.stdout.write(`READY ${JSON.stringify({ putUrl: server.putUrl, mgrUrl: server.mgrUrl, downloadUrl: server.downloadUrl })}\n`);
let pending = '';
process.stdin.setEncoding('utf8').on('data', (d) => {
  pending += d;
  for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n')) {
    const line = pending.slice(0, nl).trim();
    pending = pending.slice(nl + 1);
    if (line === 'log') {
      process.stdout.write(`LOG ${JSON.stringify(server.requestLog())}\n`);
      server.clearRequestLog();
    }
  }
});
const stop = () => void server.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
