import { expect, test } from '@jest/globals';
import { compileFilters } from './filters.js';

test('the first matching rule decides; unmatched paths are included; a glob without / matches base names', () => {
  const include = compileFilters([
    { type: 'include', pattern: 'logs/keep.log' },
    { type: 'exclude', pattern: '*.log' },
    { type: 'exclude', pattern: 'tmp/**' },
  ]);
  expect(['logs/keep.log', 'logs/other.log', 'a/b/c.log', 'tmp/x/y', 'tmp', 'src/a.ts', '.env'].filter(include)).toEqual(['logs/keep.log', 'src/a.ts', '.env']);
});

test('malformed or empty globs are refused', () => {
  expect(() => compileFilters([{ type: 'exclude', pattern: 'a[' }])).toThrow(/invalid --exclude glob "a\["/);
  expect(() => compileFilters([{ type: 'include', pattern: '{a,b' }])).toThrow(/invalid --include glob/);
  expect(() => compileFilters([{ type: 'include', pattern: ' ' }])).toThrow(/--include needs a glob/);
});

test('a rule naming a directory covers what is in it, as in rsync: --exclude .git, node_modules/, /build, a/b', () => {
  const include = compileFilters([
    { type: 'exclude', pattern: '.git' },
    { type: 'exclude', pattern: 'node_modules/' },
    { type: 'exclude', pattern: '/build' },
    { type: 'exclude', pattern: 'docs/out' },
  ]);
  const paths = ['.git/HEAD', 'sub/.git/objects/ab', 'node_modules/p/i.js', 'src/node_modules/x.js', 'node_modules', 'build/a.js', 'src/build/b.js', 'docs/out/x.html', 'docs/outline.md', 'src/a.js'];
  expect(paths.filter(include)).toEqual(['node_modules', 'src/build/b.js', 'docs/outline.md', 'src/a.js']);
  // The documented order still holds: an include before the exclude of its folder wins.
  const keep = compileFilters([{ type: 'exclude', pattern: '*.tmp' }, { type: 'include', pattern: 'raw/keep/**' }, { type: 'exclude', pattern: 'raw/**' }]);
  expect(['raw/keep/a.bin', 'raw/drop/b.bin', 'raw/keep/c.tmp', 'x.tmp/in.txt', 'top.bin'].filter(keep)).toEqual(['raw/keep/a.bin', 'top.bin']);
});
