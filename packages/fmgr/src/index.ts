/**
 * `@wcs/fmgr`: Wangsu Cloud Storage asynchronous jobs — advanced resource management (fmgr,
 * wcs-api.md §6) and persistent processing (fops, §7). Callers pass typed command objects (one
 * or an array) or ready-made fops text; the package encodes them. Job-creating calls are never
 * retried automatically; status reads are.
 *
 * @example
 * import { createWcsContext, parseConfig } from '@wcs/core';
 * import { fmgrFetch, waitForJob } from '@wcs/fmgr';
 * const ctx = createWcsContext(parseConfig({ accessKey, secretKey, mgrUrl }));
 * const { persistentId } = await fmgrFetch(ctx, { url: 'https://example.com/a.jpg', bucket: 'photos', key: 'a.jpg' });
 * await waitForJob(ctx, persistentId, { kind: 'fmgr' });
 */

/**
 * Typed fmgr commands (§6.2–6.8) and their encoders. Each encoder validates its item and
 * returns one command; `buildFops` joins items with `;` or passes a raw string through.
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for an invalid item
 */
export {
  buildFops,
  fetchCommand,
  copyMoveCommand,
  deleteCommand,
  deletePrefixCommand,
  deleteM3u8Command,
  setDeadlineCommand,
  compressCommand,
  type FmgrObject,
  type FmgrFetchItem,
  type FmgrCopyMoveItem,
  type FmgrDeleteItem,
  type FmgrDeletePrefixItem,
  type FmgrDeleteM3u8Item,
  type FmgrSetDeadlineItem,
  type FmgrCompressItem,
} from './fops.js';

/**
 * fmgr jobs: `POST /fmgr/<op>` (§6.1) → `{ persistentId, requestId }`, and `fmgrStatus`
 * (`GET /fmgr/status`, unsigned, §6.9). Each `fmgrX(ctx, itemOrItemsOrFopsText, options?)`
 * accepts one typed item, an array (joined by `;`) or a raw fops string.
 * Options: `notifyUrl` (sent b64u), `separate`, `force` (0|1; default from config), `signal`.
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) before any request for bad items or options
 * @throws WcsServiceError (`ERR_WCS_SERVICE`) when the service refuses the job or the status read
 */
export {
  submitFmgr,
  fmgrBody,
  fmgrFetch,
  fmgrCopy,
  fmgrMove,
  fmgrDelete,
  fmgrDeletePrefix,
  fmgrDeleteM3u8,
  fmgrSetDeadline,
  fmgrCompress,
  fmgrStatus,
  type FmgrOptions,
  type FmgrOperation,
} from './fmgr-jobs.js';

/**
 * Persistent processing: `submitFops` (`POST /fops`, bucket/key/fops all b64u, §7.1) and
 * `fopsStatus` (`GET /status/get/prefop`, unsigned, §7.2).
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) before any request for bad input
 * @throws WcsServiceError (`ERR_WCS_SERVICE`) when the service refuses
 */
export { submitFops, fopsStatus, type SubmitFopsOptions } from './fops-jobs.js';

/** Typed job statuses (camelCase) and the job/item code tables of §6.9 and §7.2. */
export {
  JOB_CODE,
  ITEM_CODE,
  type FmgrJobStatus,
  type FmgrJobItem,
  type JobItem,
  type FopsJobStatus,
  type FopsJobItem,
  type SubmitJobResult,
} from './job-status.js';

/**
 * Polls a job until it ends: returns the final status, or throws `WcsJobFailedError`
 * (`ERR_WCS_JOB_FAILED`), `WcsTimeoutError` (`ERR_WCS_TIMEOUT`) or `WcsAbortError` (`ERR_WCS_ABORTED`).
 */
export {
  waitForJob,
  DEFAULT_JOB_POLL_INTERVAL_MS,
  DEFAULT_JOB_TIMEOUT_MS,
  type WaitForJobOptions,
} from './wait-for-job.js';
