import { runCli } from './cli.js';

// Replaced at bundle time by build.mjs (esbuild `define`); the fallback covers running from source.
declare const WCS_ETAG_VERSION: string | undefined;
const version = typeof WCS_ETAG_VERSION === 'string' ? WCS_ETAG_VERSION : '0.0.0-dev';

// exitCode, not process.exit(): let stdout drain when it is a pipe.
process.exitCode = await runCli(process.argv.slice(2), process, { version });
