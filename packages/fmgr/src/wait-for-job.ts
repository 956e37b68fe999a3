import { setTimeout as sleep } from 'node:timers/promises';
import { WcsAbortError, WcsError, WcsInvalidArgumentError, WcsJobFailedError, WcsTimeoutError, type WcsContext } from '@wcs/core';
import { fmgrStatus } from './fmgr-jobs.js';
import { fopsStatus } from './fops-jobs.js';
import { ITEM_CODE, JOB_CODE, type FmgrJobStatus, type FopsJobStatus } from './job-status.js';

/** Default pause between two status polls, in ms. */
export const DEFAULT_JOB_POLL_INTERVAL_MS = 1000;
/** Default limit on the whole wait, in ms (10 minutes). */
export const DEFAULT_JOB_TIMEOUT_MS = 600_000;

/** How {@link waitForJob} waits: which endpoint, how often, how long. Part of {@link WaitForJobParams}. */
export interface WaitForJobOptions<K extends 'fmgr' | 'fops' = 'fmgr' | 'fops'> {
  /** Which status endpoint to poll: `fmgr` (`/fmgr/status`) or `fops` (`/status/get/prefop`). */
  kind: K;
  /** Pause between polls in ms. Default 1000. */
  intervalMs?: number | undefined;
  /** Give up after this many ms with `WcsTimeoutError`. Default 600 000 (10 minutes). */
  timeoutMs?: number | undefined;
  /** Cancels the wait with `WcsAbortError`. */
  signal?: AbortSignal | undefined;
  /** Called with every status read, including the final one. */
  onStatus?: ((status: K extends 'fmgr' ? FmgrJobStatus : FopsJobStatus) => void) | undefined;
}

/** Input of {@link waitForJob}: the job's id and the {@link WaitForJobOptions}. */
export interface WaitForJobParams<K extends 'fmgr' | 'fops' = 'fmgr' | 'fops'> extends WaitForJobOptions<K> {
  /** The id the job submission returned. */
  persistentId: string;
}

/**
 * A job has ended once its code is past "processing": 3 done, 4 notifying, 5/6 notification
 * failed/succeeded (§6.9, §7.2). The commands' outcomes are final from 3 on; a failed
 * notification (5) says nothing about the commands, so it is not a job failure.
 */
const isFinished = (code: number): boolean => code !== JOB_CODE.pending && code !== JOB_CODE.processing;

function failureMessage(kind: 'fmgr' | 'fops', status: FmgrJobStatus | FopsJobStatus): string | undefined {
  const failed = status.items.map((item, index) => ({ item, index })).filter(({ item }) => item.code === ITEM_CODE.failed);
  if (failed.length === 0 && status.code !== JOB_CODE.failed) return undefined;
  // Name items by position and key, not by command text: a fetch command carries the source URL,
  // which may be signed.
  const details = failed
    .slice(0, 5)
    .map(({ item, index }) => `#${index + 1}${item.key ? ` (${item.key})` : ''}: ${item.error ?? item.desc}`)
    .join('; ');
  const more = failed.length > 5 ? `; and ${failed.length - 5} more` : '';
  return (
    `${kind} job ${status.persistentId} failed (${status.desc || `code ${status.code}`}): ` +
    `${failed.length} of ${status.items.length} command(s) failed${details ? ` — ${details}${more}` : ''}. ` +
    `Check the commands and the status with ${kind === 'fmgr' ? 'fmgrStatus' : 'fopsStatus'}.`
  );
}

/**
 * Polls a job's status until it ends and returns the final status.
 *
 * @throws WcsJobFailedError (`ERR_WCS_JOB_FAILED`) when the job or any of its commands failed; `status` holds the final status
 * @throws WcsTimeoutError (`ERR_WCS_TIMEOUT`) when the job has not ended after `timeoutMs`
 * @throws WcsAbortError (`ERR_WCS_ABORTED`) when `signal` aborts
 * @throws WcsServiceError (`ERR_WCS_SERVICE`) when a status read fails (e.g. 404 for an unknown id)
 * @example
 * const { persistentId } = await fmgrDeletePrefix(ctx, { items: { bucket: 'logs', prefix: '2023' } });
 * const status = await waitForJob(ctx, { persistentId, kind: 'fmgr', intervalMs: 500 });
 * console.log(status.items.map((i) => i.desc));
 */
export async function waitForJob(ctx: WcsContext, params: WaitForJobParams<'fmgr'>): Promise<FmgrJobStatus>;
export async function waitForJob(ctx: WcsContext, params: WaitForJobParams<'fops'>): Promise<FopsJobStatus>;
export async function waitForJob(ctx: WcsContext, params: WaitForJobParams): Promise<FmgrJobStatus | FopsJobStatus>;
export async function waitForJob(ctx: WcsContext, params: WaitForJobParams): Promise<FmgrJobStatus | FopsJobStatus> {
  if (params === null || typeof params !== 'object') {
    throw new WcsInvalidArgumentError('waitForJob takes one params object: waitForJob(ctx, { persistentId, kind: "fmgr" | "fops", intervalMs?, timeoutMs?, signal? }).');
  }
  const options = params;
  const kind = options.kind;
  const persistentId = options.persistentId;
  if (typeof persistentId !== 'string' || persistentId === '') throw new WcsInvalidArgumentError('waitForJob needs the persistentId a job submission returned.');
  if (kind !== 'fmgr' && kind !== 'fops') throw new WcsInvalidArgumentError('waitForJob needs kind "fmgr" or "fops".');
  const intervalMs = options.intervalMs ?? DEFAULT_JOB_POLL_INTERVAL_MS;
  const timeoutMs = options.timeoutMs ?? DEFAULT_JOB_TIMEOUT_MS;
  if (!Number.isFinite(intervalMs) || intervalMs < 0) throw new WcsInvalidArgumentError('intervalMs must be a number ≥ 0.');
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new WcsInvalidArgumentError('timeoutMs must be a number > 0.');
  const { signal } = options;
  if (signal !== undefined && !(typeof (signal as AbortSignal | null)?.aborted === 'boolean' && typeof signal.addEventListener === 'function')) {
    throw new WcsInvalidArgumentError('signal must be an AbortSignal (from new AbortController() or AbortSignal.timeout(ms)), or left unset.');
  }
  const now = ctx.now ?? Date.now;
  const deadline = now() + timeoutMs;
  const aborted = (cause?: unknown) => new WcsAbortError(`Waiting for ${kind} job ${persistentId} was aborted.`, { cause });
  const timedOut = (code: string) =>
    new WcsTimeoutError(
      `${kind} job ${persistentId} has not finished after ${timeoutMs} ms (last code ${code}): wait longer with a larger timeoutMs, or poll its status later.`,
    );
  let lastCode = 'none yet';
  for (;;) {
    if (signal?.aborted) throw aborted(signal.reason);
    // A status read that hangs (a slow service, its retries) must not outlast timeoutMs either.
    const readLimit = new AbortController();
    const limitTimer = setTimeout(() => readLimit.abort(), Math.max(1, deadline - now()));
    const readSignal = signal ? AbortSignal.any([signal, readLimit.signal]) : readLimit.signal;
    let status: FmgrJobStatus | FopsJobStatus;
    try {
      status = kind === 'fmgr' ? await fmgrStatus(ctx, { persistentId, signal: readSignal }) : await fopsStatus(ctx, { persistentId, signal: readSignal });
    } catch (error) {
      if (readLimit.signal.aborted && !signal?.aborted) throw timedOut(lastCode);
      throw error;
    } finally {
      clearTimeout(limitTimer);
    }
    lastCode = String(status.code);
    try {
      (options.onStatus)?.(status);
    } catch (error) {
      throw new WcsError('ERR_WCS_UNEXPECTED', `Waiting for ${kind} job ${persistentId} stopped: onStatus threw: ${String((error as Error)?.message ?? error)}`, { cause: error });
    }
    if (isFinished(status.code)) {
      const failure = failureMessage(kind, status);
      if (failure !== undefined) throw new WcsJobFailedError(failure, { persistentId, status });
      return status;
    }
    const left = deadline - now();
    if (left <= 0) throw timedOut(lastCode);
    try {
      await sleep(Math.min(intervalMs, left), undefined, signal ? { signal } : undefined);
    } catch (cause) {
      throw aborted(cause);
    }
  }
}
