import { expect, test } from '@jest/globals';
import { filtersInOrder } from './sync.js';

test('--include/--exclude keep their command-line order, in both spellings, and stop at --', () => {
  expect(filtersInOrder(['sync', '--exclude', 'a', 'dir', '--include=b', 'wcs://x', '--exclude=c=d', '--json', '--', '--include', 'z'])).toEqual([
    { type: 'exclude', pattern: 'a' },
    { type: 'include', pattern: 'b' },
    { type: 'exclude', pattern: 'c=d' },
  ]);
});
