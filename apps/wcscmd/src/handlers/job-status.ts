import { redactText } from '@wcs/core/internal';
import type { JobStatus } from '../cli-client.js';
import type { CliDeps } from '../cli-deps.js';
import type { JobStatusArgs } from '../commands/fops-status.js';
import { EXIT_FAILURE, EXIT_OK, type ExitCode } from '../exit-codes.js';
import type { GlobalArgs } from '../global-args.js';
import { formatFields, formatTable } from '../output.js';
import { clientFor } from './client.js';
import { loadConfigFor, outputFor } from './common.js';

const JOB_CODES: Record<number, string> = {
  0: 'pending',
  1: 'processing',
  2: 'failed',
  3: 'done',
  4: 'notifying',
  5: 'done, notification failed',
  6: 'done, notification sent',
};

/** Words for a job's top-level code (wcs-api.md §6.9, §7.2). */
export const describeJobCode = (code: number): string => `${JOB_CODES[code] ?? 'unknown state'} (${code})`;

/** A finished job counts as failed when any item reports code 2 (failed), the one documented failure state. */
export const isJobFailed = (status: JobStatus): boolean =>
  status.code === 2 || (status.items ?? []).some((item) => Number(item['code']) === 2);

/** Pending (0) and processing (1) jobs are still running; from 3 on the commands' outcomes are final (§6.9, §7.2). */
export const isJobRunning = (status: JobStatus): boolean => status.code === 0 || status.code === 1;

/** The items that failed (code 2), with their 1-based position. */
const failedItems = (status: JobStatus): Array<{ index: number; item: Record<string, unknown> }> =>
  (status.items ?? []).map((item, i) => ({ index: i + 1, item })).filter(({ item }) => Number(item['code']) === 2);

/** A field of an item as text: '' when absent or null; JSON for anything that is not a string or number. */
const fieldText = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : value === undefined || value === null ? '' : JSON.stringify(value);

/** The error text of an item: its `error`, else its `desc`. Not its `cmd`, which may hold a signed fetch URL. */
const itemError = (item: Record<string, unknown>): string => fieldText(item['error']) || fieldText(item['desc']) || 'no error text';

/** The status in words, e.g. `done (3), 1 of 1 commands failed` or `processing (1), not finished yet`. */
export function describeJobStatus(status: JobStatus): string {
  const code = describeJobCode(status.code);
  if (isJobRunning(status)) return `${code}, not finished yet`;
  const failed = failedItems(status).length;
  return failed > 0 ? `${code}, ${failed} of ${(status.items ?? []).length} commands failed` : code;
}

function renderStatus(status: JobStatus): string[] {
  const lines = formatFields([
    ['id', status.persistentId],
    ['status', describeJobStatus(status)],
    ['desc', String(status.desc ?? '')],
  ]);
  const items = status.items ?? [];
  if (items.length > 0) {
    lines.push('');
    lines.push(
      ...formatTable(
        ['CODE', 'KEY', 'DESC', 'ERROR'],
        items.map((item) => [fieldText(item['code']), fieldText(item['key']), fieldText(item['desc']), fieldText(item['error'])]),
      ),
    );
  }
  return lines;
}

/**
 * Prints the status (human or --json, unchanged) and decides the exit code: 0 while the job runs
 * and when it succeeded, 1 when it finished with failed commands (or failed as a whole), with one
 * line on stderr naming each failed item's error, so scripts polling the status see the failure.
 */
async function showStatus(kind: 'fops' | 'fmgr', args: GlobalArgs & JobStatusArgs, deps: CliDeps): Promise<ExitCode> {
  const loaded = loadConfigFor(args, deps, 'status');
  const client = await clientFor(deps, loaded);
  const status = kind === 'fops' ? await client.fopsStatus({ persistentId: args.id, signal: deps.signal }) : await client.fmgrStatus({ persistentId: args.id, signal: deps.signal });
  outputFor(args, deps).result(renderStatus(status), status);
  if (isJobRunning(status) || !isJobFailed(status)) return EXIT_OK;
  const failed = failedItems(status);
  const shown = failed.slice(0, 5).map(({ index, item }) => `#${index}${item['key'] ? ` (${fieldText(item['key'])})` : ''}: ${itemError(item)}`);
  const more = failed.length > 5 ? `; and ${failed.length - 5} more` : '';
  const what = failed.length > 0 ? `${failed.length} of ${(status.items ?? []).length} commands failed: ${shown.join('; ')}${more}` : `the job failed${status.desc ? ` (${status.desc})` : ''}`;
  deps.stderr.write(`${redactText(`wcscmd: ${kind}Status ${args.id}: ${what.replace(/\s*\n\s*/g, ' ')}.`, [...deps.secrets])}\n`);
  return EXIT_FAILURE;
}

/** `fopsStatus ID` (wcs-api.md §7.2). */
export const runFopsStatus = (args: GlobalArgs & JobStatusArgs, deps: CliDeps): Promise<ExitCode> => showStatus('fops', args, deps);
/** `fmgrStatus ID` (wcs-api.md §6.9). */
export const runFmgrStatus = (args: GlobalArgs & JobStatusArgs, deps: CliDeps): Promise<ExitCode> => showStatus('fmgr', args, deps);
