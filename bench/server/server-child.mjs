// Server process for the benchmark: the BUILT @wcs/server on a data dir; prints one JSON line
// with its URLs and how long startWcsServer took. Argument: the data dir.
import { startWcsServer } from '../../packages/server/dist/index.js';

const started = performance.now();
const server = await startWcsServer({ accessKey: 'ak', secretKey: 'sk', dataDir: process.argv[2], buckets: ['bench'] });
process.stdout.write(`${JSON.stringify({ putUrl: server.putUrl, mgrUrl: server.mgrUrl, downloadUrl: server.downloadUrl, startMs: performance.now() - started })}\n`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
