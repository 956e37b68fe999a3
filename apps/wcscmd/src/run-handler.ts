import type { CliDeps } from './cli-deps.js';
import type { ExitCode } from './exit-codes.js';

/** What the funnel needs to word a failure. */
export interface FailureContext {
  /** The action as the user typed it, e.g. `stat wcs://b/k`. */
  action: string;
  /** The host setting the action talks to, named in network errors (`mgr_url`, `put_url`, `URL`). */
  host?: { setting: string; value: string; /** Where the setting came from, for the hint. */ source?: string } | undefined;
  /** The config file in use, named in hints. */
  configFile?: string | undefined;
  /** Where the access and secret key came from (file or environment variables), named in the 401 hint. */
  credentials?: string | undefined;
  /** What to do next, known only to the handler (e.g. the --upload-id to resume with); ends the line. */
  hint?: string | undefined;
  verbose: boolean;
}

/**
 * The one error funnel (STYLE.md item 10): runs a handler and turns anything it throws into ONE
 * line on stderr — what failed, the service's message and request id, what to do — and an exit
 * code (describe-failure.ts). `--verbose` adds the stack and the cause chain. Every printed text
 * goes through core's `redactText` with the secrets seen so far, so no secret key or token leaks.
 */
export async function runHandler(
  deps: Pick<CliDeps, 'stderr' | 'secrets'>,
  context: () => FailureContext,
  handler: () => Promise<ExitCode>,
): Promise<ExitCode> {
  try {
    return await handler();
  } catch (error) {
    // Loaded only on failure: it pulls in @wcs/core (and with it got and zod), which a
    // successful `--help` or usage error should not pay for at start-up.
    const { reportFailure } = await import('./describe-failure.js');
    return reportFailure(error, context(), deps);
  }
}
