import type { CliDeps } from '../cli-deps.js';
import type { ExitCode } from '../exit-codes.js';
import type { GlobalArgs } from '../global-args.js';
import { runHandler } from '../run-handler.js';

/**
 * yargs context passed to every command (`parseAsync(argv, context)`): the injected deps and the
 * slot where the command leaves its exit code.
 */
export interface CommandContext {
  deps: CliDeps;
  result: { exitCode: ExitCode };
  /** The raw arguments, for the one option whose values' order matters (sync --include/--exclude). */
  argv?: readonly string[];
}

/** What a command handler receives from yargs: the globals and its own positionals and options. */
export type CommandArgs<T> = GlobalArgs & T;

/** The context yargs merged into the parsed arguments (cli.ts passes it to `parseAsync`). */
const contextOf = (args: object): CommandContext => (args as { wcscmd: CommandContext }).wcscmd;

/**
 * Runs a lazily imported handler through the error funnel and records its exit code. Command
 * modules only parse; the handler module (and the SDK behind it) loads only when the command runs.
 */
export async function dispatch<T>(
  args: CommandArgs<T>,
  action: string,
  load: () => Promise<(args: GlobalArgs & T, deps: CliDeps) => Promise<ExitCode>>,
): Promise<void> {
  const { deps, result } = contextOf(args);
  result.exitCode = await runHandler(
    deps,
    () => ({ action, host: deps.failure.host, configFile: deps.failure.configFile, credentials: deps.failure.credentials, hint: deps.failure.hint, verbose: args.verbose === true }),
    async () => (await load())(args, deps),
  );
}
