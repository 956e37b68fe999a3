/**
 * `@wcs/fmgr`: Wangsu Cloud Storage asynchronous jobs — advanced resource management (fmgr,
 * wcs-api.md §6) and persistent processing (fops, §7). Every function takes a `WcsContext` and
 * one params object; fmgr jobs take typed commands (`items`, one or an array) or ready-made fops
 * text (`fops`). Job-creating calls are never retried automatically; status reads are. The docs
 * are on each declaration.
 *
 * @example
 * import { createWcsContext, loadConfig } from '@wcs/core';
 * import { fmgrFetch, waitForJob } from '@wcs/fmgr';
 * const ctx = createWcsContext(loadConfig().config);
 * const { persistentId } = await fmgrFetch(ctx, { items: { url: 'https://example.com/a.jpg', bucket: 'photos', key: 'a.jpg' } });
 * await waitForJob(ctx, { persistentId, kind: 'fmgr' });
 *
 * @packageDocumentation
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
  type FmgrJobParams,
  type FmgrFetchParams,
  type FmgrCopyParams,
  type FmgrMoveParams,
  type FmgrDeleteParams,
  type FmgrDeletePrefixParams,
  type FmgrDeleteM3u8Params,
  type FmgrSetDeadlineParams,
  type FmgrCompressParams,
  type SubmitFmgrParams,
  type FmgrStatusParams,
} from './fmgr-jobs.js';
export { submitFops, fopsStatus, type SubmitFopsParams, type FopsStatusParams } from './fops-jobs.js';
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
export {
  waitForJob,
  DEFAULT_JOB_POLL_INTERVAL_MS,
  DEFAULT_JOB_TIMEOUT_MS,
  type WaitForJobOptions,
  type WaitForJobParams,
} from './wait-for-job.js';
