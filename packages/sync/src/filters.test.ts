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
