import type { JobStatus } from '../cli-client.js';
import type { CliDeps } from '../cli-deps.js';
import type { JobStatusArgs } from '../commands/fops-status.js';
import { EXIT_OK, type ExitCode } from '../exit-codes.js';
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

function renderStatus(status: JobStatus): string[] {
  const lines = formatFields([
    ['id', status.persistentId],
    ['status', describeJobCode(status.code)],
    ['desc', String(status.desc ?? '')],
  ]);
  const items = status.items ?? [];
  if (items.length > 0) {
    lines.push('');
    lines.push(
      ...formatTable(
        ['CODE', 'KEY', 'DESC', 'ERROR'],
        items.map((item) => [String(item['code'] ?? ''), String(item['key'] ?? ''), String(item['desc'] ?? ''), item['error'] ? String(item['error']) : '']),
      ),
    );
  }
  return lines;
}

async function showStatus(kind: 'fops' | 'fmgr', args: GlobalArgs & JobStatusArgs, deps: CliDeps): Promise<ExitCode> {
  const loaded = loadConfigFor(args, deps, 'status');
  const client = await clientFor(deps, loaded);
  const status = kind === 'fops' ? await client.fopsStatus(args.id) : await client.fmgrStatus(args.id);
  outputFor(args, deps).result(renderStatus(status), status);
  return EXIT_OK;
}

/** `fopsStatus ID` (wcs-api.md §7.2). */
export const runFopsStatus = (args: GlobalArgs & JobStatusArgs, deps: CliDeps): Promise<ExitCode> => showStatus('fops', args, deps);
/** `fmgrStatus ID` (wcs-api.md §6.9). */
export const runFmgrStatus = (args: GlobalArgs & JobStatusArgs, deps: CliDeps): Promise<ExitCode> => showStatus('fmgr', args, deps);
