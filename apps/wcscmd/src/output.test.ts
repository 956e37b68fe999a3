import { describe, expect, it } from '@jest/globals';
import { createOutput, formatBytes, formatDuration, formatFields, formatLocalDate, formatPutTime, formatTable } from './output.js';

const sink = () => {
  const chunks: string[] = [];
  return { chunks, write: (t: string) => chunks.push(t), text: () => chunks.join('') };
};

describe('createOutput', () => {
  it('prints the human form by default and notes on stderr', () => {
    const out = sink();
    const err = sink();
    const o = createOutput({ json: false, quiet: false }, out, err);
    o.result(['a', 'b'], { x: 1 });
    o.note('hello');
    expect(out.text()).toBe('a\nb\n');
    expect(err.text()).toBe('hello\n');
  });
  it('prints exactly one JSON document with --json, notes still on stderr', () => {
    const out = sink();
    const err = sink();
    const o = createOutput({ json: true, quiet: false }, out, err);
    o.result('human', { deleted: true, key: 'k' });
    expect(JSON.parse(out.text())).toEqual({ deleted: true, key: 'k' });
    o.note('n');
    expect(err.text()).toBe('n\n');
  });
  it('--quiet drops notes but not results', () => {
    const out = sink();
    const err = sink();
    const o = createOutput({ json: false, quiet: true }, out, err);
    o.note('n');
    o.result('r', {});
    expect(err.text()).toBe('');
    expect(out.text()).toBe('r\n');
  });
});

describe('formatting', () => {
  it('formatBytes', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1024)).toBe('1.0 KiB');
    expect(formatBytes(48 * 1024 * 1024)).toBe('48.0 MiB');
    expect(formatBytes(1.5 * 1024 ** 3)).toBe('1.5 GiB');
  });
  it('formatDuration', () => {
    expect(formatDuration(1.2)).toBe('1s');
    expect(formatDuration(125)).toBe('2m05s');
    expect(formatDuration(3720)).toBe('1h02m');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('?');
  });
  it('formatPutTime reads ms and 100-ns values (wcs-api.md §12.10)', () => {
    const ms = new Date(2024, 0, 2, 3, 4, 5).getTime();
    expect(formatPutTime(ms)).toBe('2024-01-02 03:04:05');
    expect(formatPutTime(ms * 10_000)).toBe('2024-01-02 03:04:05');
    expect(formatPutTime(String(ms))).toBe('2024-01-02 03:04:05');
    expect(formatPutTime(undefined)).toBe('');
  });
  it('formatTable pads columns and right-aligns numbers', () => {
    expect(formatTable(['KEY', 'SIZE'], [['a', '1 B'], ['long-key', '10.0 KiB']], [1])).toEqual([
      'KEY           SIZE',
      'a              1 B',
      'long-key  10.0 KiB',
    ]);
  });
  it('formatFields aligns values', () => {
    expect(formatFields([['size', '1'], ['mime type', 'text/plain']])).toEqual(['size:      1', 'mime type: text/plain']);
  });
  it('formatLocalDate', () => {
    expect(formatLocalDate(new Date(2024, 1, 9))).toBe('2024-02-09');
  });
});
