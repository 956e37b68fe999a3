// The in-process CLI of the unit tests (STYLE.md item 11): a temp HOME with a `.wcscfg`, captured
// stdout and stderr, and a plain-object client. Not a test file itself (jest runs *.test.ts).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { CliClient } from './cli-client.js';
import type { CliDeps } from './cli-deps.js';

export interface FakeCli {
  /** The temp dir: HOME and cwd, holding `.wcscfg`. */
  dir: string;
  deps: CliDeps;
  stdout: () => string;
  stderr: () => string;
}

/** `deps` for runCli or a handler; `overrides` replace single fields (clock, version, TTY...). */
export function fakeCli(client: Partial<CliClient>, overrides: Partial<CliDeps> = {}, secretKey = 'sk'): FakeCli {
  const dir = mkdtempSync(join(tmpdir(), 'wcscmd-unit-'));
  writeFileSync(join(dir, '.wcscfg'), `[default]\naccess_key = ak\nsecret_key = ${secretKey}\nput_url = 127.0.0.1:1\nmgr_url = 127.0.0.1:2\n`);
  const out: string[] = [];
  const err: string[] = [];
  const deps: CliDeps = {
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => err.push(t) },
    stdin: Readable.from([]),
    stderrIsTTY: false,
    stdinIsTTY: false,
    env: { HOME: dir },
    cwd: dir,
    now: () => 0,
    version: '0',
    secrets: new Set(),
    failure: {},
    createClient: () => client as CliClient,
    ...overrides,
  };
  return { dir, deps, stdout: () => out.join(''), stderr: () => err.join('') };
}
