import type { WcsConfig } from '@wcs/core';
import type { CliClient } from './cli-client.js';
import type { TextSink } from './output.js';

/**
 * Everything a handler touches outside its arguments, injected so handlers can be run with plain
 * objects in tests (STYLE.md item 11) and so nothing reads `process` below bin.ts/cli.ts.
 */
export interface CliDeps {
  stdout: TextSink;
  stderr: TextSink;
  stdin: NodeJS.ReadableStream;
  /** True when stderr is a terminal: progress is then a redrawn bar instead of log lines. */
  stderrIsTTY: boolean;
  /** True when stdin is a terminal (interactive `--configure`). */
  stdinIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Clock in ms. */
  now: () => number;
  /** Version of wcscmd. */
  version: string;
  /**
   * Secrets seen while running (the secret key once the config is loaded). The error funnel
   * removes them from every message it prints.
   */
  secrets: Set<string>;
  /** Set by the signal handler of bin.ts: aborts transfers on Ctrl-C / SIGTERM. */
  signal?: AbortSignal | undefined;
  /** Filled in by handlers as they learn it, so the error funnel can name the host and config file. */
  /** Builds the service client; default: the `@wcs/sdk` adapter. Tests pass plain objects. */
  createClient?: ((config: WcsConfig) => CliClient | Promise<CliClient>) | undefined;
  failure: {
    host?: { setting: string; value: string; /** Where the setting came from, for the hint. */ source?: string } | undefined;
    configFile?: string | undefined;
    /** Where the keys came from (config file or WCS_* variables), named by the 401 hint. */
    credentials?: string | undefined;
    hint?: string | undefined;
    /**
     * Set while a command whose results are written as it goes (sync) is still working: a reader
     * that goes away then cuts the work short, so the exit status must say so (1), not 0.
     */
    unfinished?: string | undefined;
  };
}
