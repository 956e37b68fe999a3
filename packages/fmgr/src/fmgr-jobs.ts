import { createManageAuthorizer } from '@wcs/auth';
import { urlSafeBase64Encode, type WcsContext } from '@wcs/core';
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

/** Options of every fmgr job (wcs-api.md §6.1). */
export interface FmgrOptions {
  /** URL that receives the result; sent b64u-encoded as `notifyURL`. Default: config `notifyurl`, else none. */
  notifyUrl?: string | undefined;
  /** 0 = one notification after all commands, 1 = one per command. Default: config `separate`. */
  separate?: 0 | 1 | undefined;
  /** 1 = overwrite an existing destination (documented for fetch and compress). Default: config `force`. */
  force?: 0 | 1 | undefined;
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
 */
export async function submitFmgr(ctx: WcsContext, op: FmgrOperation, fops: string, options: FmgrOptions = {}): Promise<SubmitJobResult> {
  assertText(fops, 'fops');
  const body = fmgrBody(ctx, fops, options);
  const authorize = createManageAuthorizer({ accessKey: ctx.config.accessKey, secretKey: ctx.config.secretKey });
  const { data, response } = await ctx.http.requestJson(
    { method: 'POST', url: `${manageBaseUrl(ctx)}/fmgr/${op}`, body, idempotent: false, authorize, ...(options.signal ? { signal: options.signal } : {}) },
    SubmitResponseSchema,
  );
  return { persistentId: data.persistentId, requestId: response.requestId };
}

/** Fetches URLs into buckets (§6.2). */
export async function fmgrFetch(ctx: WcsContext, items: string | FmgrFetchItem | readonly FmgrFetchItem[], options?: FmgrOptions): Promise<SubmitJobResult> {
  return submitFmgr(ctx, 'fetch', buildFops(items, fetchCommand), options);
}

/** Copies objects asynchronously (§6.3). */
export async function fmgrCopy(ctx: WcsContext, items: string | FmgrCopyMoveItem | readonly FmgrCopyMoveItem[], options?: FmgrOptions): Promise<SubmitJobResult> {
  return submitFmgr(ctx, 'copy', buildFops(items, copyMoveCommand), options);
}

/** Moves objects asynchronously (§6.4). */
export async function fmgrMove(ctx: WcsContext, items: string | FmgrCopyMoveItem | readonly FmgrCopyMoveItem[], options?: FmgrOptions): Promise<SubmitJobResult> {
  return submitFmgr(ctx, 'move', buildFops(items, copyMoveCommand), options);
}

/** Deletes objects asynchronously (§6.5). */
export async function fmgrDelete(ctx: WcsContext, items: string | FmgrDeleteItem | readonly FmgrDeleteItem[], options?: FmgrOptions): Promise<SubmitJobResult> {
  return submitFmgr(ctx, 'delete', buildFops(items, deleteCommand), options);
}

/** Deletes every object in a directory (§6.6). */
export async function fmgrDeletePrefix(ctx: WcsContext, items: string | FmgrDeletePrefixItem | readonly FmgrDeletePrefixItem[], options?: FmgrOptions): Promise<SubmitJobResult> {
  return submitFmgr(ctx, 'deletePrefix', buildFops(items, deletePrefixCommand), options);
}

/** Deletes m3u8 playlists and, by default, their relative `.ts` segments (§6.7). */
export async function fmgrDeleteM3u8(ctx: WcsContext, items: string | FmgrDeleteM3u8Item | readonly FmgrDeleteM3u8Item[], options?: FmgrOptions): Promise<SubmitJobResult> {
  return submitFmgr(ctx, 'deletem3u8', buildFops(items, deleteM3u8Command), options);
}

/** Sets the retention of a bucket or a directory (§6.8). */
export async function fmgrSetDeadline(ctx: WcsContext, items: string | FmgrSetDeadlineItem | readonly FmgrSetDeadlineItem[], options?: FmgrOptions): Promise<SubmitJobResult> {
  return submitFmgr(ctx, 'setdeadline', buildFops(items, setDeadlineCommand), options);
}

/** Packs objects into a ZIP object (§6.8). */
export async function fmgrCompress(ctx: WcsContext, items: string | FmgrCompressItem | readonly FmgrCompressItem[], options?: FmgrOptions): Promise<SubmitJobResult> {
  return submitFmgr(ctx, 'compress', buildFops(items, compressCommand), options);
}

/**
 * Reads an fmgr job's status: `GET /fmgr/status?persistentId=<id>`, unsigned as py3 and Go send
 * it (§6.9, §2.2). Idempotent, so retried.
 *
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for an empty id
 * @throws WcsServiceError (`ERR_WCS_SERVICE`) e.g. 404 for an unknown id
 */
export async function fmgrStatus(ctx: WcsContext, persistentId: string, options: { signal?: AbortSignal | undefined } = {}): Promise<FmgrJobStatus> {
  assertText(persistentId, 'persistentId');
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
