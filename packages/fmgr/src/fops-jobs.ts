import { createManageAuthorizer } from '@wcs/auth';
import { urlSafeBase64Encode, type WcsContext } from '@wcs/core';
import { FopsStatusResponseSchema, SubmitResponseSchema, manageBaseUrl, toFopsStatus, type FopsJobStatus, type SubmitJobResult } from './job-status.js';
import { assertBucket, assertFlag, assertHttpUrl, assertKey, assertText } from './validate.js';

/** Input of {@link submitFops} (wcs-api.md §7.1). */
export interface SubmitFopsParams {
  /** Bucket of the input object. */
  bucket: string;
  /** Key of the input object. */
  key: string;
  /** Processing commands, `;`-separated, each optionally `|saveas/<EncodedEntryURI>` (sent b64u-encoded as a whole). */
  fops: string;
  /** URL that receives the result; default: config `notifyurl`, else none. */
  notifyUrl?: string | undefined;
  /** 1 = redo and overwrite an existing output. Default: config `force`. */
  force?: 0 | 1 | undefined;
  /** 1 = one notification per command. Default: config `separate`. */
  separate?: 0 | 1 | undefined;
  /** Cancels the submission; the promise then rejects with `WcsAbortError` (`ERR_WCS_ABORTED`). */
  signal?: AbortSignal | undefined;
}

/** Input of {@link fopsStatus}. */
export interface FopsStatusParams {
  /** The id {@link submitFops} returned. */
  persistentId: string;
  signal?: AbortSignal | undefined;
}

/**
 * Starts persistent processing: `POST /fops` body
 * `bucket=<b64u>&key=<b64u>&fops=<b64u>[&notifyURL=<b64u>][&force=…][&separate=…]` (§7.1).
 * `notifyURL` is sent only when set (Go/Node; py3 sends it empty, §12.15); `force`/`separate`
 * when set by the caller or 1 in the config. Never retried automatically: a repeat after a lost
 * answer would run the processing twice.
 *
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for an empty bucket, key or fops, or bad flags
 * @throws WcsServiceError (`ERR_WCS_SERVICE`) e.g. 404 when the input object does not exist
 * @example
 * const { persistentId } = await submitFops(ctx, { bucket: 'videos', key: 'a.mp4', fops: 'avthumb/mp4/s/640x360' });
 */
export async function submitFops(ctx: WcsContext, params: SubmitFopsParams): Promise<SubmitJobResult> {
  const options = params;
  assertBucket(options?.bucket);
  assertKey(options.key);
  assertText(options.fops, 'fops');
  const notifyUrl = options.notifyUrl ?? (ctx.config.notifyUrl === '' ? undefined : ctx.config.notifyUrl);
  if (notifyUrl !== undefined) assertHttpUrl(notifyUrl, 'notifyUrl');
  if (options.force !== undefined) assertFlag(options.force, 'force');
  if (options.separate !== undefined) assertFlag(options.separate, 'separate');
  const force = options.force ?? (ctx.config.force === 1 ? 1 : undefined);
  const separate = options.separate ?? (ctx.config.separate === 1 ? 1 : undefined);
  let body = `bucket=${urlSafeBase64Encode(options.bucket)}&key=${urlSafeBase64Encode(options.key)}&fops=${urlSafeBase64Encode(options.fops)}`;
  if (notifyUrl !== undefined) body += `&notifyURL=${urlSafeBase64Encode(notifyUrl)}`;
  if (force !== undefined) body += `&force=${force}`;
  if (separate !== undefined) body += `&separate=${separate}`;
  const authorize = createManageAuthorizer({ accessKey: ctx.config.accessKey, secretKey: ctx.config.secretKey });
  const { data, response } = await ctx.http.requestJson(
    { method: 'POST', url: `${manageBaseUrl(ctx)}/fops`, body, idempotent: false, authorize, ...(options.signal ? { signal: options.signal } : {}) },
    SubmitResponseSchema,
  );
  return { persistentId: data.persistentId, requestId: response.requestId };
}

/**
 * Reads a persistent-processing job's status: `GET /status/get/prefop?persistentId=<id>`,
 * unsigned as py3 and Go send it (§7.2, §12.17). Idempotent, so retried.
 *
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for an empty id
 * @throws WcsServiceError (`ERR_WCS_SERVICE`) e.g. 404 for an unknown id
 * @example
 * const { code, items } = await fopsStatus(ctx, { persistentId });
 */
export async function fopsStatus(ctx: WcsContext, params: FopsStatusParams): Promise<FopsJobStatus> {
  assertText(params?.persistentId, 'persistentId');
  const { persistentId, ...options } = params;
  const { data, response } = await ctx.http.requestJson(
    {
      method: 'GET',
      url: `${manageBaseUrl(ctx)}/status/get/prefop?persistentId=${encodeURIComponent(persistentId)}`,
      idempotent: true,
      ...(options.signal ? { signal: options.signal } : {}),
    },
    FopsStatusResponseSchema,
  );
  return toFopsStatus(data, response.requestId);
}
