import type { AnyCommandSpec } from './commands/command-spec.js';
import { commandShape } from './commands/command-spec.js';
import { GLOBAL_OPTIONS, type OptionSpec } from './options.js';

/** A command line wcscmd cannot run: one line for stderr, exit 2. */
export class UsageError extends Error {}

export type ParsedArgs = Record<string, string | boolean | undefined | Array<{ option: string; value: string | true }>>;

/** What the command line asks for. */
export type ParsedCommandLine =
  | { kind: 'help'; command: AnyCommandSpec | undefined }
  | { kind: 'version' }
  /** `--configure` / `--dump-config`, which run with or without a command (the Python tool's order). */
  | { kind: 'configure' | 'dump-config'; args: ParsedArgs }
  | { kind: 'none'; args: ParsedArgs }
  | { kind: 'command'; command: AnyCommandSpec; args: ParsedArgs };

interface Known {
  option: OptionSpec;
  /** Commands whose own option this is; undefined for a global option. */
  owners: string[] | undefined;
}

/**
 * Reads `argv` the way Python's optparse does, so scripts written for the Python wcscmd keep
 * working (wcs-api.md §11.2):
 * - options may stand anywhere, before or after the command and its arguments;
 * - `--` ends the options: every word after it is an argument, wherever it stands;
 * - `--name VALUE` and `--name=VALUE`; `-c VALUE` and `-cVALUE`; flags cluster (`-sq`, `-qc FILE`);
 * - a long option may be shortened to any unique prefix (`--pre` for `--prefix`); an exact name
 *   always wins (`--config` although `--configure` exists); an ambiguous prefix is an error
 *   naming the candidates;
 * - an option that takes a value takes the next word whatever it is (`--prefix -x`); at the end
 *   of the line it is an error naming the option;
 * - one difference: a word that looks like a negative number (`-1`) is an argument, not an
 *   unknown option, so `setdeadline wcs://b/k -1` works without `--`.
 * `-h/--help` and `--version` win over errors that follow them, as optparse stops at them.
 *
 * @throws UsageError with the line to print
 */
export function parseCommandLine(argv: readonly string[], commands: readonly AnyCommandSpec[]): ParsedCommandLine {
  const byName = new Map<string, AnyCommandSpec>();
  for (const c of commands) for (const n of [c.name, ...(c.aliases ?? [])]) byName.set(n, c);
  const known = new Map<string, Known>();
  for (const option of GLOBAL_OPTIONS) known.set(option.name, { option, owners: undefined });
  for (const c of commands) {
    for (const option of c.ownOptions ?? []) {
      const entry = known.get(option.name);
      if (entry?.owners) entry.owners.push(c.name);
      else if (!entry) known.set(option.name, { option, owners: [c.name] });
    }
  }
  let shorts = new Map<string, Known>();
  for (const entry of known.values()) if (entry.option.short) shorts.set(entry.option.short, entry);
  let commandSeen = false;
  // After its name, a command's own option shadows a global one of the same name (sync's flag
  // --force, where the global --force of fops/deletePrefix takes a value).
  const enter = (command: AnyCommandSpec): void => {
    commandSeen = true;
    const own = (command.ownOptions ?? []).filter((o) => known.get(o.name)?.owners === undefined && known.has(o.name));
    if (own.length === 0) return;
    for (const option of own) known.set(option.name, { option, owners: [command.name] });
    shorts = new Map<string, Known>();
    for (const entry of known.values()) if (entry.option.short) shorts.set(entry.option.short, entry);
  };

  // Only for the "Run wcscmd X --help" hint of an error found before the command word.
  const guessed = argv.find((a) => byName.has(a));
  const hint = (): string => `Run "${guessed ? `wcscmd ${guessed} --help` : 'wcscmd --help'}" for the options.`;

  const values: ParsedArgs = {};
  const given: Known[] = [];
  const positionals: string[] = [];
  let stop: 'help' | 'version' | undefined;

  const resolveLong = (name: string, token: string): Known => {
    const exact = known.get(name);
    if (exact) return exact;
    const all = [...known.keys()].filter((k) => k.startsWith(name)).sort();
    // Another command's own options do not make a prefix ambiguous (`list --m` is not also
    // sync's --max-delete); they still resolve a prefix nothing else matches, so the error then
    // names the command the option belongs to.
    const command = guessed === undefined ? undefined : byName.get(guessed)?.name;
    const mine = all.filter((k) => {
      const owners = known.get(k)!.owners;
      return owners === undefined || (command !== undefined && owners.includes(command));
    });
    const candidates = mine.length > 0 ? mine : all;
    if (candidates.length === 1) return known.get(candidates[0]!)!;
    if (candidates.length > 1) {
      const listed = candidates.map((c) => `--${c}`);
      throw new UsageError(`wcscmd: option "${token}" is ambiguous: ${listed.slice(0, -1).join(', ')} or ${listed[listed.length - 1]}? ${hint()}`);
    }
    throw new UsageError(`wcscmd: unknown option "${token}". ${hint()}`);
  };
  const store = (entry: Known, value: string | true): void => {
    if (entry.option.name === 'help') stop = 'help';
    else if (entry.option.name === 'version') stop ??= 'version';
    const { collect } = entry.option;
    if (collect) {
      const list = values[collect];
      const item = { option: entry.option.name, value };
      if (Array.isArray(list)) list.push(item);
      else values[collect] = [item];
    } else values[entry.option.name] = value;
    given.push(entry);
  };

  let i = 0;
  const next = (): string | undefined => (i < argv.length ? argv[i++] : undefined);
  for (let token = next(); token !== undefined; token = next()) {
    try {
      if (token === '--') {
        const rest = argv.slice(i);
        if (!commandSeen && positionals.length === 0 && rest[0] !== undefined && byName.has(rest[0])) enter(byName.get(rest[0])!);
        positionals.push(...rest);
        break;
      }
      if (token.startsWith('--')) {
        const eq = token.indexOf('=');
        const name = token.slice(2, eq < 0 ? undefined : eq);
        const entry = resolveLong(name, eq < 0 ? token : token.slice(0, eq));
        const display = `--${entry.option.name}`;
        if (entry.option.value === undefined) {
          if (eq >= 0) throw new UsageError(`wcscmd: option ${display} takes no value (got "${token}"). ${hint()}`);
          store(entry, true);
        } else {
          const value = eq >= 0 ? token.slice(eq + 1) : next();
          if (value === undefined) throw new UsageError(`wcscmd: option ${display} needs a value. ${hint()}`);
          store(entry, value);
        }
        continue;
      }
      if (token.startsWith('-') && token !== '-' && !/^-\d/.test(token)) {
        for (let j = 1; j < token.length; j += 1) {
          const entry = shorts.get(token[j]!);
          if (!entry) throw new UsageError(`wcscmd: unknown option "-${token[j]}". ${hint()}`);
          if (entry.option.value === undefined) {
            store(entry, true);
            continue;
          }
          const value = j + 1 < token.length ? token.slice(j + 1) : next();
          if (value === undefined) throw new UsageError(`wcscmd: option -${token[j]} needs a value. ${hint()}`);
          store(entry, value);
          break;
        }
        continue;
      }
      if (!commandSeen && positionals.length === 0 && byName.has(token)) enter(byName.get(token)!);
      positionals.push(token);
    } catch (error) {
      // After --help or --version the rest of the line is not checked: optparse stops there.
      if (!(error instanceof UsageError) || !stop) throw error;
    }
  }

  const [word, ...rest] = positionals;
  const command = word === undefined ? undefined : byName.get(word);
  if (stop === 'help') return { kind: 'help', command };
  if (stop === 'version') return { kind: 'version' };
  // The Python tool handles --configure, then --dump-config, before it looks at the command.
  if (values['configure'] === true) return { kind: 'configure', args: values };
  if (values['dump-config'] === true) return { kind: 'dump-config', args: values };
  if (word === undefined) return { kind: 'none', args: values };
  if (!command) throw new UsageError(`wcscmd: unknown command "${word}". Run "wcscmd --help" to see the commands.`);

  const help = `wcscmd ${command.name} --help`;
  for (const entry of given) {
    if (entry.owners && !entry.owners.includes(command.name)) {
      throw new UsageError(
        `wcscmd: option --${entry.option.name} is not used by ${command.name} (only by ${entry.owners.join(', ')}). Run "${help}" for the options.`,
      );
    }
  }
  const required = command.positionals.filter((p) => !p.optional).length;
  if (rest.length < required) {
    throw new UsageError(`wcscmd: ${command.name}: missing arguments. Usage: wcscmd ${commandShape(command)}. Run "${help}" for details.`);
  }
  if (rest.length > command.positionals.length) {
    const surplus = rest.slice(command.positionals.length).map((w) => `"${w}"`).join(', ');
    throw new UsageError(`wcscmd: ${command.name}: too many arguments (${surplus}). Run "${help}" for usage.`);
  }
  // Positionals last: deletePrefix's PREFIX argument and the global --prefix share a field.
  const args: ParsedArgs = { ...values };
  command.positionals.forEach((p, n) => {
    if (n < rest.length) args[p.name] = rest[n];
  });
  return { kind: 'command', command, args };
}
