import yargs, { type Argv, type CommandModule } from 'yargs';
import type { CliDeps } from './cli-deps.js';
import { commands } from './commands/index.js';
import type { CommandContext } from './commands/command-args.js';
import { SYNC_OPTIONS } from './commands/sync.js';
import { EXIT_OK, EXIT_USAGE, type ExitCode } from './exit-codes.js';
import type { GlobalArgs } from './global-args.js';
import { runHandler } from './run-handler.js';

const GROUP_CONFIG = 'Configuration:';
const GROUP_LIST = 'List options (list, listall):';
const GROUP_POLICY = 'Upload policy (put, multiput):';
const GROUP_JOB = 'Jobs (deletePrefix, fops):';
const GROUP_STAT = 'bucketstat:';
const GROUP_OUTPUT = 'Output:';
const GROUP_COMPAT = 'Accepted for compatibility, no effect:';

/** The Python tool's global options (wcs-api.md §11.2) and ours. Numbers stay strings; config-overrides.ts validates them. */
function withGlobalOptions(y: Argv): Argv<GlobalArgs> {
  return y
    .option('configure', { type: 'boolean', group: GROUP_CONFIG, describe: 'create or update the config file interactively (answers may be piped on stdin)' })
    .option('config', { alias: 'c', type: 'string', requiresArg: true, group: GROUP_CONFIG, describe: 'config file (default $WCS_CONFIG or ~/.wcscfg)' })
    .option('profile', { type: 'string', requiresArg: true, group: GROUP_CONFIG, describe: 'config file section to use (default $WCS_PROFILE or "default")' })
    .option('dump-config', { type: 'boolean', group: GROUP_CONFIG, describe: 'print the effective config (.wcscfg format, secret key masked)' })
    .option('ssl', { alias: 's', type: 'boolean', group: GROUP_CONFIG, describe: 'use https for hosts given without a scheme (ishttps)' })
    .option('deadline', { type: 'string', requiresArg: true, group: GROUP_CONFIG, describe: 'upload token lifetime in seconds (deadline)' })
    .option('traffic_limit', { type: 'string', requiresArg: true, group: GROUP_CONFIG, describe: 'x-wos-traffic-limit value for uploads and downloads (0 = off)' })
    .option('upload-id', { type: 'string', requiresArg: true, group: GROUP_POLICY, describe: 'resume this multiput upload' })
    .option('overwrite', { type: 'string', requiresArg: true, group: GROUP_POLICY, describe: '1 = replace an existing object (overwrite)' })
    .option('returnurl', { type: 'string', requiresArg: true, group: GROUP_POLICY, describe: 'policy returnUrl' })
    .option('returnbody', { type: 'string', requiresArg: true, group: GROUP_POLICY, describe: 'policy returnBody' })
    .option('callbackurl', { type: 'string', requiresArg: true, group: GROUP_POLICY, describe: 'policy callbackUrl' })
    .option('callbackbody', { type: 'string', requiresArg: true, group: GROUP_POLICY, describe: 'policy callbackBody' })
    .option('persistentops', { type: 'string', requiresArg: true, group: GROUP_POLICY, describe: 'policy persistentOps' })
    .option('persistentntyurl', { type: 'string', requiresArg: true, group: GROUP_POLICY, describe: 'policy persistentNotifyUrl' })
    .option('contentdetect', { type: 'string', requiresArg: true, group: GROUP_POLICY, describe: 'policy contentDetect' })
    .option('detectntyurl', { type: 'string', requiresArg: true, group: GROUP_POLICY, describe: 'policy detectNotifyURL' })
    .option('detectntyrule', { type: 'string', requiresArg: true, group: GROUP_POLICY, describe: 'policy detectNotifyRule' })
    .option('hashalgorithm', { type: 'string', requiresArg: true, group: GROUP_POLICY, describe: 'policy hashAlgorithm (e.g. crc64ecma)' })
    .option('limit', { type: 'string', requiresArg: true, group: GROUP_LIST, describe: 'objects per page, 1-1000' })
    .option('prefix', { type: 'string', requiresArg: true, group: GROUP_LIST, describe: 'only keys starting with this' })
    .option('mode', { type: 'string', requiresArg: true, group: GROUP_LIST, describe: '0 = files first, 1 = folders first, 3 = not set: flat (default)' })
    .option('marker', { type: 'string', requiresArg: true, group: GROUP_LIST, describe: 'start after this marker (from a previous page)' })
    .option('notify', { type: 'string', requiresArg: true, group: GROUP_JOB, describe: 'notifyURL for the job result' })
    .option('separate', { type: 'string', requiresArg: true, group: GROUP_JOB, describe: '1 = one notification per command' })
    .option('force', { type: 'string', requiresArg: true, group: GROUP_JOB, describe: '1 = redo and overwrite existing outputs' })
    .option('startdate', { type: 'string', requiresArg: true, group: GROUP_STAT, describe: 'yyyy-mm-dd (default yesterday)' })
    .option('enddate', { type: 'string', requiresArg: true, group: GROUP_STAT, describe: 'yyyy-mm-dd (default today)' })
    .option('islistdetails', { type: 'string', requiresArg: true, group: GROUP_STAT, describe: 'true|false: daily details (default false)' })
    .option('storagetype', { type: 'string', requiresArg: true, group: GROUP_STAT, describe: 'Standard|InfrequentAccess|Archive (default: all)' })
    .option('json', { type: 'boolean', group: GROUP_OUTPUT, describe: 'print one JSON document on stdout' })
    .option('quiet', { alias: 'q', type: 'boolean', group: GROUP_OUTPUT, describe: 'no progress or notes on stderr' })
    .option('verbose', { type: 'boolean', group: GROUP_OUTPUT, describe: 'on failure, also print the stack and cause chain' })
    .option('relevance', { type: 'boolean', group: GROUP_COMPAT, describe: 'setdeadline m3u8 flag (the Python tool never sends it either)' })
    .option('output', { type: 'string', requiresArg: true, group: GROUP_COMPAT, describe: '<bucket>:<key> (stored, unused)' })
    .option('debug', { type: 'string', group: GROUP_COMPAT, describe: 'ignored' }) as unknown as Argv<GlobalArgs>;
}

const EPILOGUE =
  'Every command takes --json (one JSON document on stdout). Exit status: 0 ok, 1 the operation failed, ' +
  '2 usage or configuration error. Errors are one line on stderr; --verbose adds details. ' +
  'Settings come from the options above, then WCS_* environment variables (WCS_ACCESS_KEY, WCS_PUT_URL, ...), ' +
  'then the config file section (--profile / WCS_PROFILE), then defaults. ' +
  'Run "wcscmd COMMAND --help" for a command\'s arguments, examples and --json shape.';

/** Maps yargs' own validation messages to ours: one line, the offending token, and where to look. */
export function describeUsageError(message: string, command: string | undefined): string {
  const help = command ? `wcscmd ${command} --help` : 'wcscmd --help';
  const unknownCommand = /^Unknown command: (.*)$/.exec(message);
  // After a valid command, yargs reports a surplus positional as an unknown command.
  if (unknownCommand && command) return `wcscmd: ${command}: too many arguments ("${unknownCommand[1]}"). Run "${help}" for usage.`;
  if (unknownCommand) return `wcscmd: unknown command "${unknownCommand[1]}". Run "wcscmd --help" to see the commands.`;
  const unknownArgs = /^Unknown arguments?: (.*)$/.exec(message);
  if (unknownArgs) {
    const tokens = unknownArgs[1]!.split(', ');
    return `wcscmd: unknown ${tokens.length > 1 ? 'arguments' : 'argument'} ${tokens.map((t) => `"${t}"`).join(', ')}. Run "${help}" for usage.`;
  }
  if (/^Not enough non-option arguments/.test(message) || /^Missing required argument/.test(message)) {
    const usage = commands.find((c) => String(c.command).split(' ')[0] === command || (c.aliases as string[] | undefined)?.includes(command ?? ''));
    const shape = usage ? ` Usage: wcscmd ${String(usage.command)}.` : '';
    return `wcscmd: ${command ?? 'command'}: missing arguments.${shape} Run "${help}" for details.`;
  }
  return `wcscmd: ${message.replace(/\s*\n\s*/g, ' ').replace(/\.$/, '')}. Run "${help}" for usage.`;
}

/**
 * Parses `argv` (without node and script) and runs the command. Returns the exit code; never
 * calls process.exit, so tests can run it in-process.
 */
export async function runCli(rawArgv: readonly string[], deps: CliDeps): Promise<ExitCode> {
  // sync's --force is a flag; the global --force (fops/fmgr) takes a value: give the flag one.
  const argv = rawArgv.includes('sync') ? rawArgv.map((a) => (a === '--force' ? '--force=sync' : a)) : rawArgv;
  const context: CommandContext = { deps, result: { exitCode: EXIT_OK }, argv };
  const commandNames = new Set(commands.flatMap((c) => [String(c.command).split(' ')[0]!, ...((c.aliases as string[] | undefined) ?? [])]));
  const command = argv.find((a) => commandNames.has(a));

  // getOptions() is public yargs API that @types/yargs does not declare.
  const declared = (withGlobalOptions(yargs([])) as unknown as { getOptions(): Parameters<typeof findUnknownOption>[1] }).getOptions();
  const unknown = findUnknownOption(argv, declared);
  if (unknown) {
    deps.stderr.write(`wcscmd: unknown option "${unknown}". Run "${command ? `wcscmd ${command} --help` : 'wcscmd --help'}" for the options.\n`);
    return EXIT_USAGE;
  }

  const parser = withGlobalOptions(yargs([...argv]))
    .scriptName('wcscmd')
    .usage('Usage: wcscmd [options] COMMAND [ARGS]\n\nThe Wangsu Cloud Storage command-line tool.')
    // Keys, ids and day counts are text: '007' must stay '007'. A lone '-1' (setdeadline) stays a
    // positional because short-option-groups keeps yargs' negative-number rule.
    .parserConfiguration({ 'camel-case-expansion': false, 'parse-positional-numbers': false, 'parse-numbers': false, 'strip-aliased': true })
    .command([...commands] as CommandModule<GlobalArgs, never>[])
    .strict()
    .strictCommands()
    .help('help')
    .alias('help', 'h')
    .version('version', 'show the wcscmd version', deps.version)
    .wrap(Math.min(200, Math.max(80, Number(deps.env['COLUMNS']) || 100)))
    .epilogue(EPILOGUE)
    .exitProcess(false)
    .fail((message, error) => {
      throw error ?? new UsageFailure(message);
    });

  let parsed: GlobalArgs & { _: (string | number)[] };
  let output = '';
  try {
    parsed = (await parser.parseAsync(argv as string[], { wcscmd: context }, (_err: unknown, _argv: unknown, out: string) => {
      output = out;
    })) as typeof parsed;
  } catch (error) {
    if (error instanceof UsageFailure) {
      deps.stderr.write(`${describeUsageError(error.message, command)}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
  if (output) {
    deps.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
    return EXIT_OK;
  }
  if (parsed._.length > 0) return context.result.exitCode;

  // No command: --configure and --dump-config work alone (Python's steps 2 and 5), else help.
  if (parsed.configure) {
    return runHandler(deps, () => ({ action: 'configure', configFile: deps.failure.configFile, verbose: parsed.verbose === true }), async () =>
      (await import('./handlers/configure.js')).runConfigure(parsed, deps),
    );
  }
  if (parsed['dump-config']) {
    return runHandler(deps, () => ({ action: 'dump-config', configFile: deps.failure.configFile, verbose: parsed.verbose === true }), async () =>
      (await import('./handlers/dump-config.js')).runDumpConfig(parsed, deps),
    );
  }
  deps.stderr.write(`${await parser.getHelp()}\n`);
  deps.stderr.write('wcscmd: no command given.\n');
  return EXIT_USAGE;
}

/** Options that only some commands declare (in their builders), so the pre-scan knows them too. */
const COMMAND_OPTIONS = ['wait', 'restart', 'help', 'h', 'version', ...SYNC_OPTIONS];

/**
 * The first option in `argv` that wcscmd does not know, as written. Checked before yargs, which
 * would take the word after an unknown `--flag` as its value and then blame that word
 * (`wcscmd --bogus stat x` reported "stat: too many arguments"). Negative numbers (`-1` for
 * setdeadline) are positionals, and nothing after `--` is an option.
 */
export function findUnknownOption(argv: readonly string[], options: { key: Record<string, unknown>; alias: Record<string, string[]> }): string | undefined {
  const known = new Set([...Object.keys(options.key), ...Object.values(options.alias).flat(), ...Object.keys(options.alias), ...COMMAND_OPTIONS]);
  for (const token of argv) {
    if (token === '--') return undefined;
    if (!token.startsWith('-') || token === '-' || /^-\d/.test(token)) continue;
    const name = token.replace(/^--?/, '').split('=')[0]!.replace(/^no-/, '');
    if (!known.has(name)) return token.split('=')[0];
  }
  return undefined;
}

/** A yargs validation failure (bad or missing argument, unknown command or option). */
class UsageFailure extends Error {}
