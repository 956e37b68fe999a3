// Help text, built from the command table only when help is asked for (or no command is given):
// cli.ts imports this module lazily, so a command that runs never pays for it.
import { commandShape, type AnyCommandSpec } from './commands/command-spec.js';
import { GLOBAL_OPTIONS, type OptionSpec } from './options.js';

const EPILOGUE =
  'Every command takes --json (one JSON document on stdout). Exit status: 0 ok, 1 the operation failed, ' +
  '2 usage or configuration error. Errors are one line on stderr; --verbose adds details. ' +
  'Settings come from the options above, then WCS_* environment variables (WCS_ACCESS_KEY, WCS_PUT_URL, ...), ' +
  'then the config file section (--profile / WCS_PROFILE), then defaults. ' +
  'Options may stand before or after the command; "--" ends them (everything after it is an argument); ' +
  'a long option may be shortened to a unique prefix (--pre for --prefix). ' +
  'Run "wcscmd COMMAND --help" for a command\'s arguments, options, examples and --json shape.';

/** Splits `text` into lines of at most `width` characters, at spaces. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** Two columns: the left one as wide as its longest entry (within reason), the right one wrapped. */
function columns(rows: ReadonlyArray<readonly [string, string]>, width: number): string[] {
  const left = Math.min(36, Math.max(...rows.map(([l]) => l.length))) + 4;
  const out: string[] = [];
  for (const [l, r] of rows) {
    const text = wrap(r, Math.max(30, width - left));
    if (l.length + 4 > left) {
      out.push(`  ${l}`);
      for (const t of text) out.push(`${' '.repeat(left)}${t}`);
    } else {
      out.push(`  ${l.padEnd(left - 2)}${text[0] ?? ''}`);
      for (const t of text.slice(1)) out.push(`${' '.repeat(left)}${t}`);
    }
  }
  return out;
}

const optionLabel = (o: OptionSpec): string => `${o.short ? `-${o.short}, ` : '    '}--${o.name}${o.value ? ` ${o.value}` : ''}`;

/** `wcscmd --help`: every command, then every option by group. */
export function globalHelp(commands: readonly AnyCommandSpec[], width: number): string {
  const lines = ['Usage: wcscmd [options] COMMAND [ARGS]', '', 'The Wangsu Cloud Storage command-line tool.', '', 'Commands:'];
  lines.push(
    ...columns(
      commands.map((c) => [`wcscmd ${commandShape(c)}`, c.aliases?.length ? `${c.describe} [aliases: ${c.aliases.join(', ')}]` : c.describe] as const),
      width,
    ),
  );
  const groups = new Map<string, OptionSpec[]>();
  for (const o of [...GLOBAL_OPTIONS, ...commands.flatMap((c) => c.ownOptions ?? [])]) {
    if (!groups.get(o.group)?.push(o)) groups.set(o.group, [o]);
  }
  for (const [group, options] of groups) lines.push('', group, ...columns(options.map((o) => [optionLabel(o), o.describe] as const), width));
  lines.push('', ...wrap(EPILOGUE, width));
  return `${lines.join('\n')}\n`;
}

/** `wcscmd COMMAND --help`: its arguments, only the options it uses, examples, output. */
export function commandHelp(command: AnyCommandSpec, width: number): string {
  const lines = [`Usage: wcscmd ${commandShape(command)} [options]`];
  if (command.aliases?.length) lines.push(`Also: ${command.aliases.map((a) => `wcscmd ${a}`).join(', ')}`);
  lines.push('', ...wrap(command.describe, width));
  if (command.positionals.length > 0) {
    lines.push('', 'Arguments:', ...columns(command.positionals.map((p) => [p.optional ? `${p.name} (optional)` : p.name, p.describe] as const), width));
  }
  const byName = new Map(GLOBAL_OPTIONS.map((o) => [o.name, o]));
  const options = [...command.uses.map((n) => byName.get(n)!), ...(command.ownOptions ?? [])];
  lines.push('', 'Options:', ...columns(options.map((o) => [optionLabel(o), o.describe] as const), width));
  lines.push('', 'Examples:');
  for (const [example, what] of command.examples) lines.push(`  wcscmd ${example}`, ...wrap(what, width - 6).map((t) => `      ${t}`));
  if (command.epilogue) lines.push('', ...wrap(command.epilogue, width));
  return `${lines.join('\n')}\n`;
}
