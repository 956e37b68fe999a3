import type { CliDeps } from './cli-deps.js';
import { commands } from './commands/index.js';
import { EXIT_OK, EXIT_USAGE, type ExitCode } from './exit-codes.js';
import type { GlobalArgs } from './global-args.js';
import { parseCommandLine, UsageError, type ParsedCommandLine } from './parse-args.js';
import { runHandler } from './run-handler.js';

const helpWidth = (deps: CliDeps): number => Math.min(200, Math.max(80, Number(deps.env['COLUMNS']) || 100));

/**
 * Parses `argv` (without node and script) and runs the command. Returns the exit code; never
 * calls process.exit, so tests can run it in-process. Start-up cost matters (every script run
 * pays it): parsing is table-driven with no library, help text is built only when asked for, and
 * a command's handler (with the SDK behind it) is imported only when that command runs.
 */
export async function runCli(argv: readonly string[], deps: CliDeps): Promise<ExitCode> {
  let parsed: ParsedCommandLine;
  try {
    parsed = parseCommandLine(argv, commands);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    deps.stderr.write(`${error.message}\n`);
    return EXIT_USAGE;
  }
  switch (parsed.kind) {
    case 'version':
      deps.stdout.write(`${deps.version}\n`);
      return EXIT_OK;
    case 'help': {
      const help = await import('./help.js');
      deps.stdout.write(parsed.command ? help.commandHelp(parsed.command, helpWidth(deps)) : help.globalHelp(commands, helpWidth(deps)));
      return EXIT_OK;
    }
    case 'none': {
      const help = await import('./help.js');
      deps.stderr.write(help.globalHelp(commands, helpWidth(deps)));
      deps.stderr.write('wcscmd: no command given.\n');
      return EXIT_USAGE;
    }
    case 'configure':
    case 'dump-config': {
      const { kind } = parsed;
      const args = parsed.args as GlobalArgs;
      return runHandler(
        deps,
        () => ({ action: kind, configFile: deps.failure.configFile, verbose: args.verbose === true }),
        async () =>
          kind === 'configure' ? (await import('./handlers/configure.js')).runConfigure(args, deps) : (await import('./handlers/dump-config.js')).runDumpConfig(args, deps),
      );
    }
    case 'command': {
      const { command } = parsed;
      const args = parsed.args as GlobalArgs;
      return runHandler(
        deps,
        () => ({
          action: command.action(args),
          host: deps.failure.host,
          configFile: deps.failure.configFile,
          credentials: deps.failure.credentials,
          hint: deps.failure.hint,
          verbose: args.verbose === true,
        }),
        async () => (await command.load())(args, deps),
      );
    }
  }
}
