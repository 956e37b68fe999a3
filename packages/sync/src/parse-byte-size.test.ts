import { expect, test } from '@jest/globals';
import { parseByteSize } from './parse-byte-size.js';

test('sizes in binary units, with or without B/iB', () => {
  expect(['0', '512', '10K', '10k', '20M', '20MiB', '20MB', '1.5G', '1T'].map((t) => parseByteSize(t, '--x'))).toEqual([
    0, 512, 10240, 10240, 20971520, 20971520, 20971520, 1610612736, 1099511627776,
  ]);
});

test('negative, non-numeric and unknown units are refused with the option name', () => {
  for (const bad of ['-1', 'fast', '', '10X', '1e3', 'M']) expect(() => parseByteSize(bad, '--bwlimit')).toThrow(/^--bwlimit must be a size such as/);
});
