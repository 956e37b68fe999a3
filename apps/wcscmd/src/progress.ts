import { formatBytes, formatDuration, type TextSink } from './output.js';

/** How progress is shown: a redrawn bar on a terminal, a plain line every few seconds in a log, or nothing. */
export type ProgressMode = 'bar' | 'lines' | 'off';

export interface ProgressOptions {
  /** Prefix of every line, e.g. `multiput wcs://b/k`. */
  label: string;
  /** Total bytes when known. */
  total?: number | undefined;
  mode: ProgressMode;
  stream: TextSink;
  /** Clock in ms (injectable for tests). Default `Date.now`. */
  now?: () => number;
  /** Minimum ms between plain lines. Default 3000: often enough to see a transfer move, rare enough for a log file. */
  lineIntervalMs?: number;
  /** Minimum ms between bar redraws. Default 100. */
  barIntervalMs?: number;
  /** Terminal width for the bar. Default 80. */
  columns?: number;
}

export interface Progress {
  /** Reports the bytes done so far (absolute, not a delta), and the total once known (downloads learn it from Content-Length). */
  update(loaded: number, total?: number): void;
  /** On success prints the final state (100%) and ends the bar line; on failure only ends a bar already drawn. */
  done(success?: boolean): void;
}

/** Mode for a stream: off with `--quiet`, a bar on a TTY, plain lines otherwise. */
export const progressModeFor = (isTTY: boolean, quiet: boolean): ProgressMode => (quiet ? 'off' : isTTY ? 'bar' : 'lines');

/** Numbers behind one progress line. */
export interface ProgressSnapshot {
  loaded: number;
  total?: number | undefined;
  /** Bytes per second, averaged since the start. */
  rate: number;
}

/** `48.0 MiB / 64.0 MiB (75%), 12.3 MiB/s, ETA 1s` — the figures shared by the bar and the plain line. */
export function formatProgressFigures({ loaded, total, rate }: ProgressSnapshot): string {
  const rateText = `${formatBytes(rate)}/s`;
  if (total === undefined || total <= 0) return `${formatBytes(loaded)}, ${rateText}`;
  const pct = Math.min(100, Math.floor((loaded / total) * 100));
  const eta = rate > 0 ? formatDuration((total - loaded) / rate) : '?';
  return `${formatBytes(loaded)} / ${formatBytes(total)} (${pct}%), ${rateText}, ETA ${eta}`;
}

/** The plain (log-friendly) line: `label: figures`. */
export const renderProgressLine = (label: string, snapshot: ProgressSnapshot): string => `${label}: ${formatProgressFigures(snapshot)}`;

/**
 * The terminal bar: `label [#####.....] figures`, fitted to `columns`. A label too long for the
 * line (a long key) keeps its end, after `…`: a line wider than the terminal wraps, and each
 * redraw (`\r`) would then leave a stale line behind instead of updating in place.
 */
export function renderProgressBar(label: string, snapshot: ProgressSnapshot, columns = 80): string {
  const figures = formatProgressFigures(snapshot);
  // One column spare: writing the last column wraps on some terminals.
  const room = columns - 1 - figures.length - 4;
  if (room < 20) {
    // Too narrow for a bar of 10 and a readable label: label and figures only, cut to the line.
    const line = `${fitLabel(label, Math.max(1, columns - 2 - figures.length))} ${figures}`;
    return [...line].slice(0, Math.max(1, columns - 1)).join('');
  }
  const shown = fitLabel(label, room - 10);
  const width = Math.max(10, Math.min(40, room - displayWidth(shown)));
  const fraction = snapshot.total && snapshot.total > 0 ? Math.min(1, snapshot.loaded / snapshot.total) : 0;
  const filled = Math.round(fraction * width);
  return `${shown} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${figures}`;
}

/** Columns a text takes on a terminal: East Asian wide and fullwidth characters take two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u.test(ch) ? 2 : 1;
  return width;
}

/** `label` within `max` columns: its end kept, after `…`. */
function fitLabel(label: string, max: number): string {
  if (displayWidth(label) <= max) return label;
  const chars = [...label];
  let width = 1;
  let start = chars.length;
  while (start > 0 && width + displayWidth(chars[start - 1]!) <= max) {
    start -= 1;
    width += displayWidth(chars[start]!);
  }
  return `…${chars.slice(start).join('')}`;
}

/** Creates a progress reporter. In `lines` mode the final line is always printed, so short transfers leave one trace in a log. */
export function createProgress(options: ProgressOptions): Progress {
  const now = options.now ?? Date.now;
  const start = now();
  const interval = options.mode === 'bar' ? (options.barIntervalMs ?? 100) : (options.lineIntervalMs ?? 3000);
  let lastPrint = start;
  let loaded = 0;
  let total = options.total;
  let finished = false;

  const snapshot = (): ProgressSnapshot => {
    const elapsedS = (now() - start) / 1000;
    return { loaded, total, rate: elapsedS > 0 ? loaded / elapsedS : 0 };
  };
  const print = () => {
    if (options.mode === 'bar') options.stream.write(`\r${renderProgressBar(options.label, snapshot(), options.columns)}\x1b[K`);
    else if (options.mode === 'lines') options.stream.write(`${renderProgressLine(options.label, snapshot())}\n`);
  };

  return {
    update(value, newTotal) {
      if (finished || options.mode === 'off') return;
      loaded = value;
      if (newTotal !== undefined) total = newTotal;
      const t = now();
      if (t - lastPrint >= interval) {
        lastPrint = t;
        print();
      }
    },
    done(success = true) {
      if (finished) return;
      finished = true;
      if (options.mode === 'off') return;
      // On failure the error line says what happened; a last figure would only add noise to a log.
      // A bar is still ended so the error starts on a line of its own.
      if (!success) {
        if (options.mode === 'bar' && lastPrint > start) options.stream.write('\n');
        return;
      }
      if (total !== undefined) loaded = Math.max(loaded, total);
      print();
      if (options.mode === 'bar') options.stream.write('\n');
    },
  };
}

/** `1 object`, `2 objects`. */
export const countOf = (n: number, singular: string, plural = `${singular}s`): string => `${n} ${n === 1 ? singular : plural}`;

export interface CountProgressOptions {
  /** Prefix of every line, e.g. `listall wcs://b`. */
  label: string;
  /** The thing counted, singular (`object`). */
  noun: string;
  mode: ProgressMode;
  stream: TextSink;
  now?: () => number;
  /** Minimum ms between plain lines. Default 3000, as for transfers (README: "a plain line every 3 s"). */
  lineIntervalMs?: number;
  /** Minimum ms between bar redraws. Default 100. */
  barIntervalMs?: number;
}

export interface CountProgress {
  /** Reports the count so far (absolute). */
  update(count: number): void;
  /** Ends a redrawn line, so what follows starts on a line of its own. */
  done(): void;
}

/**
 * Progress of a count whose total is unknown (listall's objects): `label: 12 objects so far`,
 * redrawn on a terminal, a plain line at most every 3 s in a log (not one per page), none when off.
 */
export function createCountProgress(options: CountProgressOptions): CountProgress {
  const now = options.now ?? Date.now;
  const interval = options.mode === 'bar' ? (options.barIntervalMs ?? 100) : (options.lineIntervalMs ?? 3000);
  let lastPrint = now();
  let drawn = false;
  let finished = false;
  return {
    update(count) {
      if (finished || options.mode === 'off') return;
      const t = now();
      if (t - lastPrint < interval) return;
      lastPrint = t;
      const text = `${options.label}: ${countOf(count, options.noun)} so far`;
      if (options.mode === 'bar') {
        options.stream.write(`\r${text}\x1b[K`);
        drawn = true;
      } else options.stream.write(`${text}\n`);
    },
    done() {
      if (finished) return;
      finished = true;
      if (drawn) options.stream.write('\n');
    },
  };
}
