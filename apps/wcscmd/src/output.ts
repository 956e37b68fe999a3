/** Where a command writes: stdout carries results, stderr carries progress, notes and errors. */
export interface TextSink {
  write(text: string): unknown;
}

/** Output mode chosen by the global flags. */
export interface OutputOptions {
  /** One JSON document on stdout instead of human-readable lines. */
  json: boolean;
  /** No progress and no notes on stderr (errors are still printed). */
  quiet: boolean;
}

/**
 * Human vs `--json` output. A command calls {@link Output.result} exactly once with both forms;
 * the flag decides which one is printed, so the two can never drift apart per command.
 */
export interface Output {
  readonly json: boolean;
  readonly quiet: boolean;
  /** Prints the command's result: `human` (lines or text) normally, `data` as one JSON document with `--json`. */
  result(human: string | readonly string[], data: unknown): void;
  /** A note for people on stderr, suppressed by `--quiet`. With `--json` notes still go to stderr, so stdout stays one JSON document. */
  note(text: string): void;
}

export function createOutput(options: OutputOptions, stdout: TextSink, stderr: TextSink): Output {
  return {
    json: options.json,
    quiet: options.quiet,
    result(human, data) {
      if (options.json) {
        stdout.write(`${JSON.stringify(data, null, 2)}\n`);
        return;
      }
      const text = typeof human === 'string' ? human : human.join('\n');
      if (text !== '') stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    },
    note(text) {
      if (!options.quiet) stderr.write(`${text}\n`);
    },
  };
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** Bytes in binary units with one decimal (`48.0 MiB`); plain bytes below 1 KiB (`512 B`). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1024) return `${Math.max(0, Math.round(Number.isFinite(bytes) ? bytes : 0))} B`;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${UNITS[unit]}`;
}

/** Seconds as `5s`, `2m05s`, `1h02m`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * Formats a WCS `putTime` as local `YYYY-MM-DD HH:MM:SS`. The unit is ambiguous (wcs-api.md
 * §12.10): values above 1e14 are 100-ns ticks (Qiniu heritage), otherwise milliseconds.
 */
export function formatPutTime(putTime: number | string | undefined): string {
  const n = typeof putTime === 'string' ? Number(putTime) : putTime;
  if (n === undefined || !Number.isFinite(n) || n <= 0) return '';
  const ms = n > 1e14 ? Math.floor(n / 1e4) : n;
  const d = new Date(ms);
  const p = (v: number) => String(v).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** A table with a header row; columns separated by two spaces, numeric-looking columns right-aligned. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[], rightAligned: readonly number[] = []): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (rightAligned.includes(i) ? cell.padStart(widths[i]!) : i === cells.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/** Two-column `name: value` lines, names padded to one width (stat output). */
export function formatFields(fields: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(...fields.map(([name]) => name.length));
  return fields.map(([name, value]) => `${`${name}:`.padEnd(width + 1)} ${value}`.trimEnd());
}

/** A local calendar date `YYYY-MM-DD` (bucketstat defaults use the local date, as Python's date.today()). */
export function formatLocalDate(date: Date): string {
  const p = (v: number) => String(v).padStart(2, '0');
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}`;
}
