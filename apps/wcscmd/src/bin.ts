import { isatty } from 'node:tty';
import { runCli } from './cli.js';
import type { CliDeps } from './cli-deps.js';
import { EXIT_FAILURE } from './exit-codes.js';

// Replaced by esbuild (build.mjs) with the package version.
declare const WCSCMD_VERSION: string | undefined;
const version = typeof WCSCMD_VERSION === 'string' ? WCSCMD_VERSION : '0.0.0-dev';

// Ctrl-C / SIGTERM abort the transfer in progress (temp files are removed, resume records kept);
// a second signal exits at once.
const controller = new AbortController();
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  });
}

// A reader that goes away (`wcscmd listbucket | head -1`) ends the command quietly, as it ends
// `ls | head`: no unhandled EPIPE and stack trace. Results are written last, so the command's work
// is done by then, except for sync, which writes as it goes: it is stopped mid-run, and says so.
// A closed stderr only loses progress and notes; the command carries on.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  if (deps.failure.unfinished !== undefined && process.exitCode === undefined) {
    process.stderr.write(`wcscmd: ${deps.failure.unfinished} stopped before it finished: its output was closed; run it again to finish.\n`);
    process.exit(EXIT_FAILURE);
  }
  process.exit(process.exitCode ?? 0);
});
process.stderr.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

const deps: CliDeps = {
  stdout: process.stdout,
  stderr: process.stderr,
  // A getter: touching process.stdin opens it, which only --configure needs.
  get stdin() {
    return process.stdin;
  },
  // isatty, not process.stdin.isTTY: touching process.stdin would open it (see above).
  stderrIsTTY: isatty(2),
  stdinIsTTY: isatty(0),
  env: process.env,
  cwd: process.cwd(),
  now: Date.now,
  version,
  secrets: new Set(),
  signal: controller.signal,
  failure: {},
};

try {
  process.exitCode = await runCli(process.argv.slice(2), deps);
} catch (error) {
  // Only a bug in wcscmd itself gets here: every handler runs inside the error funnel.
  process.stderr.write(`wcscmd: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = EXIT_FAILURE;
}
