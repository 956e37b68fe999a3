import type { CliDeps } from '../cli-deps.js';
import type { ExitCode } from '../exit-codes.js';
import type { GlobalArgs } from '../global-args.js';
import type { OptionSpec } from '../options.js';

/** What a command handler receives: the globals and its own positionals and options. */
export type CommandArgs<T> = GlobalArgs & T;

export type Handler<T> = (args: CommandArgs<T>, deps: CliDeps) => Promise<ExitCode>;

export interface PositionalSpec {
  /** Field of the parsed arguments the word is stored in. */
  readonly name: string;
  readonly optional?: boolean;
  readonly describe: string;
}

/**
 * One row of the command table (commands/index.ts). The same row drives parsing, the argument
 * count check, the help text and the lazy import of the handler: a command module holds only
 * data and a dynamic import, so parsing loads nothing heavy.
 */
export interface CommandSpec<T = object> {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly positionals: readonly PositionalSpec[];
  /** One line, for `wcscmd --help`. */
  readonly describe: string;
  /** Global options (GLOBAL_OPTIONS names) the command uses: its help lists these only. */
  readonly uses: readonly string[];
  /** Options that only this command takes (flags such as `--wait`). */
  readonly ownOptions?: readonly OptionSpec[];
  /** `[command line without "wcscmd ", what it does]`. */
  readonly examples: ReadonlyArray<readonly [string, string]>;
  /** Paragraph after the examples: what it prints, its --json shape. */
  readonly epilogue?: string;
  /** The action as the user typed it, for error messages (`stat wcs://b/k`). */
  readonly action: (args: CommandArgs<T>) => string;
  /** Imports the handler; called only when the command runs. */
  readonly load: () => Promise<Handler<T>>;
}

/** A command row with its argument type erased, for the table. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows of different argument types; CommandSpec<unknown> rejects them (action takes T)
export type AnyCommandSpec = CommandSpec<any>;

/** `wcscmd list <bucketUrl> <resfile>` shape of a command, as shown in help and usage errors. */
export const commandShape = (spec: Pick<CommandSpec, 'name' | 'positionals'>): string =>
  [spec.name, ...spec.positionals.map((p) => (p.optional ? `[${p.name}]` : `<${p.name}>`))].join(' ');
