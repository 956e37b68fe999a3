import { expect, test } from '@jest/globals';
import { parseCommandLine } from '../parse-args.js';
import type { GlobalArgs } from '../global-args.js';
import { commands } from './index.js';
import { toSyncCommandArgs, type RawSyncArgs } from './sync.js';

const parseSync = (...argv: string[]) => {
  const p = parseCommandLine(argv, commands);
  if (p.kind !== 'command' || p.command.name !== 'sync') throw new Error(`not a sync command line: ${p.kind}`);
  return toSyncCommandArgs(p.args as unknown as GlobalArgs & RawSyncArgs);
};

test('--include/--exclude keep their command-line order, in both spellings; after -- a word is an argument', () => {
  const args = parseSync('sync', '--exclude', 'a', 'dir', '--include=b', '--exclude=c=d', '--json', '--', '--include');
  expect(args.filters).toEqual([
    { type: 'exclude', pattern: 'a' },
    { type: 'include', pattern: 'b' },
    { type: 'exclude', pattern: 'c=d' },
  ]);
  expect(args.source).toBe('dir');
  expect(args.destination).toBe('--include');
});

test("sync's --force is its own flag, and the handler never sees the global fops/fmgr force value", () => {
  expect(parseSync('sync', 'dir', 'wcs://b/p', '--force').force).toBe(true);
  expect(parseSync('sync', 'dir', 'wcs://b/p').force).toBe(false);
  const args = parseSync('sync', 'dir', 'wcs://b/p', '--dry-run', '--max-delete', '5', '--transfers=8', '--state-dir', '/s');
  expect(args).toMatchObject({ dryRun: true, maxDelete: '5', transfers: '8', stateDir: '/s', source: 'dir', destination: 'wcs://b/p' });
});

test("sync's own options take part in prefixes after sync only", () => {
  expect(parseSync('sync', 'dir', 'wcs://b/p', '--max-d', '7').maxDelete).toBe('7');
  expect(() => parseCommandLine(['sync', 'dir', 'wcs://b/p', '--m', 'x'], commands)).toThrow(
    'option "--m" is ambiguous: --marker, --max-delete, --max-size, --min-size, --mode or --multiput-threshold?',
  );
  // For list, sync's --max-delete etc. do not make --m ambiguous beyond list's own candidates.
  expect(() => parseCommandLine(['list', 'wcs://b', 'out', '--m', 'x'], commands)).toThrow('option "--m" is ambiguous: --marker or --mode?');
});
