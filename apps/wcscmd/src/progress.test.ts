import { describe, expect, it } from '@jest/globals';
import { countOf, createCountProgress, createProgress, formatProgressFigures, progressModeFor, renderProgressBar, renderProgressLine } from './progress.js';

const MiB = 1024 * 1024;

describe('progress rendering', () => {
  it('renders the log line with size, percent, rate and ETA', () => {
    expect(renderProgressLine('multiput wcs://b/k', { loaded: 48 * MiB, total: 64 * MiB, rate: 12.3 * MiB })).toBe(
      'multiput wcs://b/k: 48.0 MiB / 64.0 MiB (75%), 12.3 MiB/s, ETA 1s',
    );
  });
  it('renders without a total (downloads of unknown size)', () => {
    expect(formatProgressFigures({ loaded: 2 * MiB, rate: MiB })).toBe('2.0 MiB, 1.0 MiB/s');
  });
  it('shows an unknown ETA before any byte moved', () => {
    expect(formatProgressFigures({ loaded: 0, total: MiB, rate: 0 })).toBe('0 B / 1.0 MiB (0%), 0 B/s, ETA ?');
  });
  it('draws a bar proportional to the progress, fitted to the width', () => {
    const bar = renderProgressBar('put wcs://b/k', { loaded: 50, total: 100, rate: 10 }, 80);
    const inside = /\[([#.]+)\]/.exec(bar)![1]!;
    expect(inside.length).toBeGreaterThanOrEqual(10);
    expect(inside.split('#').length - 1).toBe(Math.round(inside.length / 2));
    expect(bar.length).toBeLessThanOrEqual(80);
    expect(bar).toContain('(50%)');
    const full = /\[([#.]+)\]/.exec(renderProgressBar('x', { loaded: 100, total: 100, rate: 1 }))![1]!;
    expect(full).toMatch(/^#+$/);
  });
  it('fits a long label (a long or CJK key) in the line, keeping its end, so redraws do not wrap', () => {
    // Terminal columns: the CJK characters of these labels take two.
    const displayWidth = (text: string): number => [...text].reduce((w, ch) => w + (/[\u4e00-\u9fff]/.test(ch) ? 2 : 1), 0);
    const snap = { loaded: 5 * MiB, total: 9 * MiB, rate: 130 * MiB };
    for (const label of [`put wcs://test/${'a-long-key-'.repeat(12)}end.bin`, `multiput wcs://test/${'中文目录/'.repeat(15)}文件.bin`]) {
      for (const columns of [80, 100]) {
        const bar = renderProgressBar(label, snap, columns);
        expect(displayWidth(bar)).toBeLessThan(columns);
        expect(bar.startsWith('…')).toBe(true);
        expect(bar).toMatch(/\.bin \[[#.]{10,}\] 5\.0 MiB \/ 9\.0 MiB \(55%\)/);
      }
      // Narrow: no bar, still one line.
      const narrow = renderProgressBar(label, snap, 60);
      expect(displayWidth(narrow)).toBeLessThan(60);
      expect(narrow).toMatch(/^….*\.bin 5\.0 MiB \/ 9\.0 MiB \(55%\)/);
      expect(displayWidth(renderProgressBar(label, snap, 20))).toBeLessThan(20);
    }
  });
  it('picks the mode from TTY and --quiet', () => {
    expect(progressModeFor(true, false)).toBe('bar');
    expect(progressModeFor(false, false)).toBe('lines');
    expect(progressModeFor(true, true)).toBe('off');
  });
});

describe('createProgress', () => {
  const run = (mode: 'bar' | 'lines' | 'off') => {
    let t = 0;
    const out: string[] = [];
    const p = createProgress({ label: 'get f', total: 100, mode, stream: { write: (s: string) => out.push(s) }, now: () => t, lineIntervalMs: 3000, barIntervalMs: 100 });
    return { p, out, tick: (ms: number) => (t += ms) };
  };

  it('lines mode: one line per interval and always a final line', () => {
    const { p, out, tick } = run('lines');
    tick(1000);
    p.update(10);
    expect(out).toEqual([]);
    tick(2000);
    p.update(30);
    expect(out).toEqual(['get f: 30 B / 100 B (30%), 10 B/s, ETA 7s\n']);
    tick(1000);
    p.update(60);
    expect(out).toHaveLength(1);
    p.done();
    expect(out[1]).toBe('get f: 100 B / 100 B (100%), 25 B/s, ETA 0s\n');
    p.done();
    expect(out).toHaveLength(2);
  });
  it('bar mode redraws in place and ends the line', () => {
    const { p, out, tick } = run('bar');
    tick(200);
    p.update(50);
    expect(out[0]!.startsWith('\rget f [')).toBe(true);
    p.done();
    expect(out[out.length - 1]).toBe('\n');
  });
  it('off mode prints nothing', () => {
    const { p, out, tick } = run('off');
    tick(5000);
    p.update(50);
    p.done();
    expect(out).toEqual([]);
  });
  it('a failed transfer prints no final figure; a drawn bar is ended', () => {
    const lines = run('lines');
    lines.tick(1000);
    lines.p.update(40);
    lines.p.done(false);
    expect(lines.out).toEqual([]);
    const bar = run('bar');
    bar.tick(200);
    bar.p.update(40);
    bar.p.done(false);
    expect(bar.out).toHaveLength(2);
    expect(bar.out[1]).toBe('\n');
  });
});

describe('createCountProgress', () => {
  it('counts in words and prints at most once per interval; nothing when off', () => {
    expect([countOf(0, 'object'), countOf(1, 'object'), countOf(2, 'object')]).toEqual(['0 objects', '1 object', '2 objects']);
    let t = 0;
    const out: string[] = [];
    const p = createCountProgress({ label: 'listall wcs://b', noun: 'object', mode: 'lines', stream: { write: (s: string) => out.push(s) }, now: () => t });
    for (let n = 1; n <= 10; n += 1) {
      t += 1000;
      p.update(n);
    }
    p.done();
    expect(out).toEqual(['listall wcs://b: 3 objects so far\n', 'listall wcs://b: 6 objects so far\n', 'listall wcs://b: 9 objects so far\n']);
    const off: string[] = [];
    const q = createCountProgress({ label: 'x', noun: 'object', mode: 'off', stream: { write: (s: string) => off.push(s) }, now: () => (t += 5000) });
    q.update(1);
    q.done();
    expect(off).toEqual([]);
  });
});
