import { describe, expect, it } from '@jest/globals';
import { commands } from './commands/index.js';
import { GLOBAL_OPTIONS } from './options.js';
import { parseCommandLine, UsageError, type ParsedCommandLine } from './parse-args.js';

const parse = (...argv: string[]): ParsedCommandLine => parseCommandLine(argv, commands);
const run = (...argv: string[]) => {
  const p = parse(...argv);
  if (p.kind !== 'command') throw new Error(`expected a command, got ${p.kind}`);
  return { name: p.command.name, args: p.args };
};
const usage = (...argv: string[]): string => {
  try {
    parse(...argv);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error('no usage error');
};

describe('-- ends the options wherever it stands (issue 10 item 1)', () => {
  it('before the command', () => {
    expect(run('-c', 'CFG', '--', 'put', 'wcs://b/k', 'FILE')).toEqual({ name: 'put', args: { config: 'CFG', url: 'wcs://b/k', localfile: 'FILE' } });
    expect(run('-c', 'CFG', '--', 'listbucket')).toEqual({ name: 'listbucket', args: { config: 'CFG' } });
  });
  it('after the command, before or between its arguments', () => {
    expect(run('stat', '--', 'wcs://b/k').args).toEqual({ url: 'wcs://b/k' });
    expect(run('setdeadline', 'wcs://b/k', '--', '-1').args).toEqual({ url: 'wcs://b/k', days: '-1' });
    expect(run('del', '--', '--weird-key').args).toEqual({ url: '--weird-key' });
    expect(run('put', '--', '-', '--json').args).toEqual({ url: '-', localfile: '--json' });
  });
  it('a second -- is an argument', () => {
    expect(run('setdeadline', '--', 'wcs://b/k', '--').args).toEqual({ url: 'wcs://b/k', days: '--' });
  });
  it('nothing after it: no command, never a silent success', () => {
    expect(parse('-c', 'CFG', '--').kind).toBe('none');
  });
});

describe('optparse forms (issue 10 item 2)', () => {
  it('attached values, = values, clusters', () => {
    expect(run('-c/path/cfg', 'listbucket').args).toEqual({ config: '/path/cfg' });
    expect(run('--config=/p=q', 'listbucket').args).toEqual({ config: '/p=q' });
    expect(run('-sqc', 'F', 'listbucket').args).toEqual({ ssl: true, quiet: true, config: 'F' });
    expect(run('-sqcF', 'listbucket').args).toEqual({ ssl: true, quiet: true, config: 'F' });
    expect(run('list', 'wcs://b', 'o', '--prefix=').args['prefix']).toBe('');
  });
  it('options anywhere; the last of a repeated option wins', () => {
    expect(run('list', '--limit', '4', 'wcs://b', '--limit=5', 'o').args).toEqual({ limit: '5', bucketUrl: 'wcs://b', resfile: 'o' });
  });
  it('a value is the next word, whatever it is (optparse)', () => {
    expect(run('list', 'wcs://b', 'o', '--prefix', '-x').args['prefix']).toBe('-x');
    expect(run('list', 'wcs://b', 'o', '--marker', '--').args['marker']).toBe('--');
  });
  it('unique prefixes of long options; exact names win', () => {
    expect(run('list', 'wcs://b', 'o', '--pre', 'p', '--li', '3', '--js').args).toMatchObject({ prefix: 'p', limit: '3', json: true });
    expect(run('--config', 'F', 'listbucket').args).toEqual({ config: 'F' });
    expect(parse('--configu').kind).toBe('configure');
    expect(run('deletePrefix', 'wcs://b', 'p', '--wa').args).toMatchObject({ wait: true, prefix: 'p' });
    expect(run('multiput', 'wcs://b/k', 'f', '--rest').args).toMatchObject({ restart: true });
  });
  it('an ambiguous prefix names the candidates', () => {
    expect(usage('list', 'wcs://b', 'o', '--m', 'x')).toBe('wcscmd: option "--m" is ambiguous: --marker or --mode? Run "wcscmd list --help" for the options.');
    expect(usage('--ver')).toBe('wcscmd: option "--ver" is ambiguous: --verbose or --version? Run "wcscmd --help" for the options.');
    expect(usage('--conf=x', 'stat', 'wcs://b/k')).toBe('wcscmd: option "--conf" is ambiguous: --config or --configure? Run "wcscmd stat --help" for the options.');
  });
  it('negative numbers are arguments (setdeadline wcs://b/k -1 without --)', () => {
    expect(run('setdeadline', 'wcs://b/k', '-1').args).toEqual({ url: 'wcs://b/k', days: '-1' });
  });
  it('unknown options', () => {
    expect(usage('--bogus', 'stat', 'wcs://b/k')).toBe('wcscmd: unknown option "--bogus". Run "wcscmd stat --help" for the options.');
    expect(usage('stat', '-sZ', 'x')).toBe('wcscmd: unknown option "-Z". Run "wcscmd stat --help" for the options.');
    expect(usage('--no-json', 'stat', 'x')).toBe('wcscmd: unknown option "--no-json". Run "wcscmd stat --help" for the options.');
  });
});

describe('options without their value (issue 10 item 3)', () => {
  it('is a usage error naming the option', () => {
    expect(usage('list', 'wcs://b', 'out.json', '--prefix')).toBe('wcscmd: option --prefix needs a value. Run "wcscmd list --help" for the options.');
    expect(usage('list', 'wcs://b', 'out.json', '--pref')).toBe('wcscmd: option --prefix needs a value. Run "wcscmd list --help" for the options.');
    expect(usage('listbucket', '-qc')).toBe('wcscmd: option -c needs a value. Run "wcscmd listbucket --help" for the options.');
  });
  it('a flag with a value is refused', () => {
    expect(usage('stat', 'x', '--json=1')).toBe('wcscmd: option --json takes no value (got "--json=1"). Run "wcscmd stat --help" for the options.');
  });
});

describe('commands and argument counts', () => {
  it('aliases, optional arguments, counts', () => {
    expect(run('move', 'wcs://a/b', 'wcs://c').name).toBe('mv');
    expect(run('get', 'http://h/x').args).toEqual({ url: 'http://h/x' });
    expect(usage('stat')).toBe('wcscmd: stat: missing arguments. Usage: wcscmd stat <url>. Run "wcscmd stat --help" for details.');
    expect(usage('get', 'a', 'b', 'c', 'd')).toBe('wcscmd: get: too many arguments ("c", "d"). Run "wcscmd get --help" for usage.');
    expect(usage('foo')).toBe('wcscmd: unknown command "foo". Run "wcscmd --help" to see the commands.');
  });
  it('a command\'s own option with another command is refused', () => {
    expect(usage('stat', 'x', '--restart')).toBe('wcscmd: option --restart is not used by stat (only by multiput). Run "wcscmd stat --help" for the options.');
  });
  it('deletePrefix PREFIX argument wins over --prefix (one field)', () => {
    expect(run('deletePrefix', 'wcs://b', 'logs/', '--prefix', 'x').args['prefix']).toBe('logs/');
  });
  it('--help and --version stop the parse; --configure and --dump-config win over the command', () => {
    expect(parse('stat', '--help', '--bogus')).toMatchObject({ kind: 'help', command: { name: 'stat' } });
    expect(parse('-h')).toEqual({ kind: 'help', command: undefined });
    expect(parse('--version', 'stat')).toEqual({ kind: 'version' });
    expect(parse('--dump-config', 'stat', 'x').kind).toBe('dump-config');
    expect(parse('--configure', '-c', 'F').kind).toBe('configure');
  });
});

describe('the command table', () => {
  it('each command uses only declared options, has an example, and unique names', () => {
    const declared = new Set(GLOBAL_OPTIONS.map((o) => o.name));
    const names = commands.flatMap((c) => [c.name, ...(c.aliases ?? [])]);
    expect(new Set(names).size).toBe(names.length);
    for (const c of commands) {
      for (const u of c.uses) expect({ command: c.name, option: u, declared: declared.has(u) }).toEqual({ command: c.name, option: u, declared: true });
      expect(c.examples.length).toBeGreaterThan(0);
    }
  });
});

describe('what a command such as sync needs from the table', () => {
  const sync = {
    name: 'sync',
    positionals: [
      { name: 'source', describe: 's' },
      { name: 'destination', describe: 'd' },
    ],
    describe: 'sync',
    uses: ['json'],
    ownOptions: [
      { name: 'force', group: 'sync:', describe: 'a flag here' },
      { name: 'include', value: 'GLOB', collect: 'filters', group: 'sync:', describe: 'i' },
      { name: 'exclude', value: 'GLOB', collect: 'filters', group: 'sync:', describe: 'e' },
    ],
    examples: [['sync a wcs://b', 'x']],
    action: () => 'sync',
    load: () => Promise.resolve(() => Promise.resolve(0 as const)),
  } as const;
  const table = [...commands, sync];
  const parseSync = (...argv: string[]) => {
    const p = parseCommandLine(argv, table);
    if (p.kind !== 'command') throw new Error(p.kind);
    return p.args;
  };

  it('after its name, a command\'s own flag shadows the global option of the same name', () => {
    expect(parseSync('sync', 'a', 'wcs://b', '--force')).toEqual({ source: 'a', destination: 'wcs://b', force: true });
    expect(parseSync('-c', 'F', '--', 'sync', '--force', 'x')).toEqual({ config: 'F', source: '--force', destination: 'x' });
    // Before the command name it is still the global --force, which takes a value (optparse).
    expect(() => parseCommandLine(['--force', 'sync', 'a', 'b'], table)).toThrow('unknown command "a"');
    // Other commands keep the global one.
    const fops = parseCommandLine(['fops', 'wcs://b/k', 'ops', '--force', '1'], table);
    expect(fops.kind === 'command' && fops.args['force']).toBe('1');
  });

  it('collected options keep their command-line order across names', () => {
    expect(parseSync('sync', 'a', 'b', '--exclude', '*.tmp', '--inc=raw/keep/**', '--exclude', 'raw/**')['filters']).toEqual([
      { option: 'exclude', value: '*.tmp' },
      { option: 'include', value: 'raw/keep/**' },
      { option: 'exclude', value: 'raw/**' },
    ]);
  });
});
