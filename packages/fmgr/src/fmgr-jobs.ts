import { createManageAuthorizer } from '@wcs/auth';
import { WcsInvalidArgumentError, urlSafeBase64Encode, type WcsContext } from '@wcs/core';
import {
  buildFops,
  compressCommand,
  copyMoveCommand,
  deleteCommand,
  deleteM3u8Command,
  deletePrefixCommand,
  fetchCommand,
  setDeadlineCommand,
  type FmgrCompressItem,
  type FmgrCopyMoveItem,
  type FmgrDeleteItem,
  type FmgrDeleteM3u8Item,
  type FmgrDeletePrefixItem,
  type FmgrFetchItem,
  type FmgrSetDeadlineItem,
} from './fops.js';
import {
  FmgrStatusResponseSchema,
  SubmitResponseSchema,
  manageBaseUrl,
  toFmgrStatus,
  type FmgrJobStatus,
  type SubmitJobResult,
} from './job-status.js';
import { assertFlag, assertHttpUrl, assertText } from './validate.js';

/** Options of every fmgr job (wcs-api.md §6.1), part of each job's params. */
export interface FmgrOptions {
  /** URL that receives the result; sent b64u-encoded as `notifyURL`. Default: config `notifyurl`, else none. */
  notifyUrl?: string | undefined;
  /** 0 = one notification after all commands, 1 = one per command. Default: config `separate`. */
  separate?: 0 | 1 | undefined;
  /** 1 = overwrite an existing destination (documented for fetch and compress). Default: config `force`. */
  force?: 0 | 1 | undefined;
  /** Cancels the submission; the promise then rejects with `WcsAbortError` (`ERR_WCS_ABORTED`). */
  signal?: AbortSignal | undefined;
}

/**
 * Input of an fmgr job: exactly one of `items` (one typed command or an array, joined by `;`)
 * and `fops` (ready-made fops text, sent as given), plus the {@link FmgrOptions}.
 */
export type FmgrJobParams<Item> = FmgrOptions &
  (
    | { /** One typed command or several. */ items: Item | readonly Item[]; fops?: undefined }
    | { /** Ready-made fops text (`fetch/…;fetch/…`), sent as given. */ fops: string; items?: undefined }
  );

/** Input of {@link fmgrFetch}. */
export type FmgrFetchParams = FmgrJobParams<FmgrFetchItem>;
/** Input of {@link fmgrCopy}. */
export type FmgrCopyParams = FmgrJobParams<FmgrCopyMoveItem>;
/** Input of {@link fmgrMove}. */
export type FmgrMoveParams = FmgrJobParams<FmgrCopyMoveItem>;
/** Input of {@link fmgrDelete}. */
export type FmgrDeleteParams = FmgrJobParams<FmgrDeleteItem>;
/** Input of {@link fmgrDeletePrefix}. */
export type FmgrDeletePrefixParams = FmgrJobParams<FmgrDeletePrefixItem>;
/** Input of {@link fmgrDeleteM3u8}. */
export type FmgrDeleteM3u8Params = FmgrJobParams<FmgrDeleteM3u8Item>;
/** Input of {@link fmgrSetDeadline}. */
export type FmgrSetDeadlineParams = FmgrJobParams<FmgrSetDeadlineItem>;
/** Input of {@link fmgrCompress}. */
export type FmgrCompressParams = FmgrJobParams<FmgrCompressItem>;

/** Input of {@link submitFmgr}: the operation, ready fops text and the {@link FmgrOptions}. */
export interface SubmitFmgrParams extends FmgrOptions {
  /** The `<op>` of `POST /fmgr/<op>`. */
  operation: FmgrOperation;
  /** Ready fops text. */
  fops: string;
}

/** Input of {@link fmgrStatus}. */
export interface FmgrStatusParams {
  /** The id a job submission returned. */
  persistentId: string;
  signal?: AbortSignal | undefined;
}

/** The fmgr operations (the `<op>` of `POST /fmgr/<op>`). */
export type FmgrOperation = 'fetch' | 'copy' | 'move' | 'delete' | 'deletePrefix' | 'deletem3u8' | 'setdeadline' | 'compress';

/**
 * The form body of §6.1. `separate` and `force` are sent when the caller sets them, else when
 * the config value is 1, and otherwise left out (the service default is 0). py3 sends them when
 * the config value is truthy, so for the config path this is the same; an explicit 0 from the
 * caller is sent as `0` because the caller asked for it. `notifyURL` is sent only when set.
 */
export function fmgrBody(ctx: WcsContext, fops: string, options: FmgrOptions): string {
  const notifyUrl = options.notifyUrl ?? (ctx.config.notifyUrl === '' ? undefined : ctx.config.notifyUrl);
  if (notifyUrl !== undefined) assertHttpUrl(notifyUrl, 'notifyUrl');
  if (options.separate !== undefined) assertFlag(options.separate, 'separate');
  if (options.force !== undefined) assertFlag(options.force, 'force');
  const separate = options.separate ?? (ctx.config.separate === 1 ? 1 : undefined);
  const force = options.force ?? (ctx.config.force === 1 ? 1 : undefined);
  let body = `fops=${fops}`;
  if (notifyUrl !== undefined) body += `&notifyURL=${urlSafeBase64Encode(notifyUrl)}`;
  if (separate !== undefined) body += `&separate=${separate}`;
  if (force !== undefined) body += `&force=${force}`;
  return body;
}

/**
 * Submits `POST /fmgr/<op>` with ready fops text. Never retried automatically (`idempotent:
 * false`): after a lost answer a repeat would start the job a second time.
 *
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for bad options
 * @throws WcsServiceError (`ERR_WCS_SERVICE`) when the service refuses the job (400 malformed command, 401 bad credentials…)
 * @example
 * await submitFmgr(ctx, { operation: 'delete', fops: `bucket/${urlSafeBase64Encode('photos')}/key/${urlSafeBase64Encode('a.jpg')}` });
 */
export async function submitFmgr(ctx: WcsContext, params: SubmitFmgrParams): Promise<SubmitJobResult> {
  const { operation: op, fops, ...options } = params;
  assertText(fops, 'fops');
  const body = fmgrBody(ctx, fops, options);
  const authorize = createManageAuthorizer({ accessKey: ctx.config.accessKey, secretKey: ctx.config.secretKey });
  const { data, response } = await ctx.http.requestJson(
    { method: 'POST', url: `${manageBaseUrl(ctx)}/fmgr/${op}`, body, idempotent: false, authorize, ...(options.signal ? { signal: options.signal } : {}) },
    SubmitResponseSchema,
  );
  return { persistentId: data.persistentId, requestId: response.requestId };
}

/**
 * The fops text of a job's params: the typed items encoded and joined, or the raw text.
 * Exactly one of the two, so a caller cannot silently lose one.
 */
function fopsOf<Item>(params: FmgrJobParams<Item>, toCommand: (item: Item) => string): string {
  if (params === null || typeof params !== 'object') throw new WcsInvalidArgumentError('an fmgr job needs { items } or { fops }.');
  const hasItems = params.items !== undefined;
  const hasFops = params.fops !== undefined;
  if (hasItems === hasFops) {
    throw new WcsInvalidArgumentError(`an fmgr job needs exactly one of items (typed commands) and fops (ready text), got ${hasItems ? 'both' : 'neither'}.`);
  }
  if (hasItems) {
    if (typeof params.items === 'string') throw new WcsInvalidArgumentError('items must be typed commands; give ready-made fops text as fops.');
    return buildFops(params.items as Item | readonly Item[], toCommand);
  }
  if (typeof params.fops !== 'string') throw new WcsInvalidArgumentError('fops must be text such as "fetch/…"; give typed commands as items.');
  return buildFops<Item>(params.fops, toCommand);
}

function submitJob<Item>(ctx: WcsContext, operation: FmgrOperation, params: FmgrJobParams<Item>, toCommand: (item: Item) => string): Promise<SubmitJobResult> {
  const fops = fopsOf(params, toCommand);
  const { notifyUrl, separate, force, signal } = params;
  return submitFmgr(ctx, { operation, fops, notifyUrl, separate, force, signal });
}

/**
 * Fetches URLs into buckets: `POST /fmgr/fetch` (wcs-api.md §6.2). Never retried automatically.
 *
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) before any request for bad items or options, or both/neither of items and fops
 * @throws WcsServiceError (`ERR_WCS_SERVICE`) when the service refuses the job
 * @example
 * const { persistentId } = await fmgrFetch(ctx, { items: { url: 'https://example.com/a.jpg', bucket: 'photos', key: 'a.jpg' } });
 */
export async function fmgrFetch(ctx: WcsContext, params: FmgrFetchParams): Promise<SubmitJobResult> {
  return submitJob(ctx, 'fetch', params, fetchCommand);
}

/**
 * Copies objects asynchronously: `POST /fmgr/copy` (§6.3). Never retried automatically.
 *
 * @throws WcsInvalidArgumentError / WcsServiceError as {@link fmgrFetch}
 * @example
 * await fmgrCopy(ctx, { items: { resource: { bucket: 'photos', key: 'a.jpg' }, bucket: 'backup', key: 'a.jpg' } });
 */
export async function fmgrCopy(ctx: WcsContext, params: FmgrCopyParams): Promise<SubmitJobResult> {
  return submitJob(ctx, 'copy', params, copyMoveCommand);
}

/**
 * Moves objects asynchronously: `POST /fmgr/move` (§6.4). Never retried automatically.
 *
 * @throws WcsInvalidArgumentError / WcsServiceError as {@link fmgrFetch}
 * @example
 * await fmgrMove(ctx, { items: [{ resource: { bucket: 'photos', key: 'tmp/a.jpg' }, bucket: 'photos', key: 'a.jpg' }] });
 */
export async function fmgrMove(ctx: WcsContext, params: FmgrMoveParams): Promise<SubmitJobResult> {
  return submitJob(ctx, 'move', params, copyMoveCommand);
}

/**
 * Deletes objects asynchronously: `POST /fmgr/delete` (§6.5). Never retried automatically.
 *
 * @throws WcsInvalidArgumentError / WcsServiceError as {@link fmgrFetch}
 * @example
 * await fmgrDelete(ctx, { items: [{ bucket: 'photos', key: 'a.jpg' }, { bucket: 'photos', key: 'b.jpg' }] });
 */
export async function fmgrDelete(ctx: WcsContext, params: FmgrDeleteParams): Promise<SubmitJobResult> {
  return submitJob(ctx, 'delete', params, deleteCommand);
}

/**
 * Deletes every object in a directory: `POST /fmgr/deletePrefix` (§6.6). Never retried automatically.
 *
 * @throws WcsInvalidArgumentError / WcsServiceError as {@link fmgrFetch}
 * @example
 * const { persistentId } = await fmgrDeletePrefix(ctx, { items: { bucket: 'logs', prefix: '2023' } });
 */
export async function fmgrDeletePrefix(ctx: WcsContext, params: FmgrDeletePrefixParams): Promise<SubmitJobResult> {
  return submitJob(ctx, 'deletePrefix', params, deletePrefixCommand);
}

/**
 * Deletes m3u8 playlists and, by default, their relative `.ts` segments: `POST /fmgr/deletem3u8`
 * (§6.7). Never retried automatically.
 *
 * @throws WcsInvalidArgumentError / WcsServiceError as {@link fmgrFetch}
 * @example
 * await fmgrDeleteM3u8(ctx, { items: { bucket: 'live', key: 'show/index.m3u8' } });
 */
export async function fmgrDeleteM3u8(ctx: WcsContext, params: FmgrDeleteM3u8Params): Promise<SubmitJobResult> {
  return submitJob(ctx, 'deletem3u8', params, deleteM3u8Command);
}

/**
 * Sets the retention of a bucket or a directory: `POST /fmgr/setdeadline` (§6.8). Never retried automatically.
 *
 * @throws WcsInvalidArgumentError / WcsServiceError as {@link fmgrFetch}
 * @example
 * await fmgrSetDeadline(ctx, { items: { bucket: 'logs', prefix: '2023', deadline: 30 } });
 */
export async function fmgrSetDeadline(ctx: WcsContext, params: FmgrSetDeadlineParams): Promise<SubmitJobResult> {
  return submitJob(ctx, 'setdeadline', params, setDeadlineCommand);
}

/**
 * Packs objects into a ZIP object: `POST /fmgr/compress` (§6.8). Never retried automatically.
 *
 * @throws WcsInvalidArgumentError / WcsServiceError as {@link fmgrFetch}
 * @example
 * await fmgrCompress(ctx, { items: { bucket: 'photos', keys: ['a.jpg', 'b.jpg'], saveAs: { bucket: 'photos', key: 'ab.zip' } } });
 */
export async function fmgrCompress(ctx: WcsContext, params: FmgrCompressParams): Promise<SubmitJobResult> {
  return submitJob(ctx, 'compress', params, compressCommand);
}

/**
 * Reads an fmgr job's status: `GET /fmgr/status?persistentId=<id>`, unsigned as py3 and Go send
 * it (§6.9, §2.2). Idempotent, so retried.
 *
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for an empty id
 * @throws WcsServiceError (`ERR_WCS_SERVICE`) e.g. 404 for an unknown id
 * @example
 * const { code, items } = await fmgrStatus(ctx, { persistentId });
 */
export async function fmgrStatus(ctx: WcsContext, params: FmgrStatusParams): Promise<FmgrJobStatus> {
  assertText(params?.persistentId, 'persistentId');
  const { persistentId, ...options } = params;
  const { data, response } = await ctx.http.requestJson(
    {
      method: 'GET',
      url: `${manageBaseUrl(ctx)}/fmgr/status?persistentId=${encodeURIComponent(persistentId)}`,
      idempotent: true,
      ...(options.signal ? { signal: options.signal } : {}),
    },
    FmgrStatusResponseSchema,
  );
  return toFmgrStatus(data, response.requestId);
}
