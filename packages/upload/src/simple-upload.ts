import { Readable } from 'node:stream';
import { WcsError, WcsInvalidArgumentError, WcsServiceError, toBaseUrl, toWcsError, type WcsContext } from '@wcs/core';
import { TRAFFIC_LIMIT_HEADER } from '@wcs/core/internal';
import { EtagHasher } from '@wcs/etag';
import { createMultipartForm } from './multipart-form.js';
import { storedObjectHash } from './stored-object-hash.js';
import { UploadTokenSource } from './upload-token-source.js';
import { openUploadSource, type OpenedSource } from './upload-source.js';
import type { SimpleUploadParams, UploadOptions, UploadResult, UploadTarget } from './upload-options.js';
import { checkParams } from './check-params.js';
import { checkReportedHash, headerValue, parseUploadBody, reportedHash } from './upload-response.js';

/**
 * Normal upload, `POST /file/upload` (wcs-api.md §4.1), from a file path, bytes or a stream.
 *
 * The body is streamed as `multipart/form-data` (fields `token`, `x:<var>`, `key`, `mimeType`,
 * `deadline`, then `file`: the Go SDK order), never held in memory; `Content-Length` is sent for
 * files and bytes. The policy is the config's (py3 order) with `params.policy` over it; the
 * etag is computed while the bytes are sent and compared with the service's answer. A file or
 * bytes source is retried (from its first byte) on network errors, timeouts, 408, 429 and 5xx
 * (not 579), up to `config.connectionRetries` times; a stream is sent once.
 *
 * The answer is returned parsed when it is JSON, else as text; with a policy `returnUrl` the
 * 303's `Location` is in `location`. A 406 (exists, with `overwrite` 0) that answers a retry
 * after the whole body had been sent may be the service refusing our own earlier attempt, stored
 * but whose answer was lost: then the key is stat'ed on `config.mgrUrl` and, when its etag is
 * the one of the bytes sent, the upload succeeds (`body` is then `{ hash, key }`).
 * `x-wos-traffic-limit` is sent when `params.trafficLimit ?? config.trafficLimit` is above 0.
 *
 * @param ctx from `createWcsContext(config)` (`@wcs/core`); the upload host is `config.putUrl`
 * @param params `source`, `bucket`, `key` (default: the file's basename for a path; other sources need a key or `policy.saveKey`) and the {@link UploadOptions}
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for an empty bucket, a missing key, an unreadable file
 * @throws WcsConfigError (`ERR_WCS_CONFIG`) when keys or `put_url` are missing
 * @throws WcsServiceError (`ERR_WCS_SERVICE`) for a non-2xx answer (401 bad token or scope, 406 exists, 631 no bucket…)
 * @throws WcsNetworkError (`ERR_WCS_NETWORK`) / WcsTimeoutError (`ERR_WCS_TIMEOUT`) when retries are exhausted
 * @throws WcsIntegrityError (`ERR_WCS_INTEGRITY`) when the service's etag differs from the bytes sent
 * @throws WcsAbortError (`ERR_WCS_ABORTED`) when `params.signal` aborts
 * @example
 * const ctx = createWcsContext(loadConfig());
 * const result = await simpleUpload(ctx, { source: './photo.jpg', bucket: 'images', vars: { album: 'trip' } });
 * console.log(result.key, result.hash);
 */
export async function simpleUpload(ctx: WcsContext, params: SimpleUploadParams): Promise<UploadResult> {
  checkParams(params, 'simpleUpload(ctx, { source, bucket, key?, ...options })');
  checkTarget(params);
  checkUploadOptions(params);
  const { source, bucket, key, ...options } = params;
  const opened = await openUploadSource(source);
  return sendUploadForm(ctx, opened, key === undefined ? { bucket } : { bucket, key }, options);
}

/** @throws WcsInvalidArgumentError for an empty bucket or key */
export function checkTarget(target: UploadTarget): void {
  if (typeof target?.bucket !== 'string' || target.bucket === '') {
    throw new WcsInvalidArgumentError('Cannot upload: the bucket name is empty.');
  }
  if (target.key !== undefined && (typeof target.key !== 'string' || target.key === '')) {
    throw new WcsInvalidArgumentError('Cannot upload: the object key is empty; omit it to use the file name.');
  }
}

/** Extra behaviour of {@link sendUploadForm} for stream-address uploads. */
export interface SendFormHooks {
  /** The error to report instead of the transport's when the source broke the body on purpose. */
  sourceFailure?: () => WcsError | undefined;
}

/** Uploads an opened source with one form POST; shared by simple and stream-address upload. */
export async function sendUploadForm(
  ctx: WcsContext,
  source: OpenedSource,
  target: UploadTarget,
  options: UploadOptions,
  hooks: SendFormHooks = {},
): Promise<UploadResult> {
  const { config } = ctx;
  const key = target.key ?? source.fileName;
  if (key === undefined && !options.policy?.saveKey) {
    throw new WcsInvalidArgumentError('Cannot upload: give a key (or policy.saveKey) for a source that is not a file path.');
  }
  const tokens = new UploadTokenSource(ctx, key === undefined ? { bucket: target.bucket } : { bucket: target.bucket, key }, options.policy);
  const token = tokens.current();
  const fields: Array<[string, string]> = [['token', token]];
  for (const [name, value] of Object.entries(options.vars ?? {})) fields.push([`x:${name}`, value]);
  if (key !== undefined) fields.push(['key', key]);
  if (options.mimeType !== undefined) fields.push(['mimeType', options.mimeType]);
  if (options.deadlineDays !== undefined) fields.push(['deadline', String(checkDays(options.deadlineDays))]);
  const form = createMultipartForm(fields, key ?? source.fileName ?? 'file');
  /**
   * The form head for one attempt: a retry long after the first attempt (a big file on a slow
   * link) gets a fresh token when the first one is near its deadline (issue 10 item 15). Same
   * boundary, and the token's length does not change (fixed-width signature, 13-digit deadline),
   * so Content-Length stays right; were it ever to differ, the first token is sent as before.
   */
  const headFor = (): Buffer => {
    const fresh = tokens.current();
    if (fresh === token || fresh.length !== token.length) return form.head;
    return createMultipartForm([['token', fresh], ...fields.slice(1)], key ?? source.fileName ?? 'file', form.boundary).head;
  };

  // One hasher per attempt: a retried body is hashed again from its first byte.
  let attempt: { hasher: EtagHasher; complete: boolean } | undefined;
  let attempts = 0;
  // The etag of the first attempt that sent every byte: what the service stored if that
  // attempt's answer was lost on the way back.
  let sentWhole: string | undefined;
  // A source that fails breaks the request body; the transport would report that as a network
  // error ("check your connection", retryable). The source's own error is what happened.
  let sourceError: WcsError | undefined;
  const body = (): Readable => {
    const current = { hasher: new EtagHasher(), complete: false };
    attempt = current;
    attempts++;
    return Readable.from(
      (async function* () {
        yield headFor();
        const chunks = source.chunks();
        try {
          for (;;) {
            let next: IteratorResult<Uint8Array>;
            try {
              next = await chunks.next();
            } catch (error) {
              sourceError = toWcsError(error, 'Reading the upload source failed');
              throw sourceError;
            }
            if (next.done === true) break;
            const chunk = next.value;
            if (options.pace) await options.pace(chunk.length);
            current.hasher.update(chunk);
            yield chunk;
          }
        } finally {
          // As for-await would: a body stopped early (an answer before the end, an abort) closes the source (its file handle).
          await chunks.return(undefined).catch(() => undefined);
        }
        current.complete = true;
        sentWhole ??= current.hasher.digest();
        yield form.tail;
      })(),
      { objectMode: false },
    );
  };

  const total = source.size;
  let reported = -1;
  // A callback that throws stops the upload; the transport would report that as a network error.
  let callbackError: WcsError | undefined;
  const onUploadProgress = options.onProgress
    ? (sent: number) => {
        const loaded = Math.max(0, Math.min(sent - form.head.length, total ?? Number.MAX_SAFE_INTEGER));
        if (loaded === reported) return;
        reported = loaded;
        try {
          options.onProgress?.({ loaded, ...(total !== undefined ? { total } : {}) });
        } catch (error) {
          callbackError = new WcsError('ERR_WCS_UNEXPECTED', `Upload stopped: onProgress threw: ${String((error as Error)?.message ?? error)}`, { cause: error });
          throw callbackError;
        }
      }
    : undefined;

  const trafficLimit = options.trafficLimit ?? config.trafficLimit;
  let response;
  try {
    response = await ctx.http.request({
      method: 'POST',
      url: `${toBaseUrl(config.putUrl, config.useHttps, 'put_url')}/file/upload`,
      headers: {
        accept: '*/*',
        'content-type': form.contentType,
        'content-length': total === undefined ? undefined : String(form.head.length + total + form.tail.length),
        [TRAFFIC_LIMIT_HEADER]: trafficLimit > 0 ? String(trafficLimit) : undefined,
      },
      body,
      // A file or a buffer can be sent again from the start; a stream cannot (§10.2, STYLE "Retried bodies").
      idempotent: source.rewindable,
      signal: options.signal,
      // returnUrl answers 303, which is the success answer here, not a redirect to follow (§4.4).
      acceptStatuses: [303],
      ...(onUploadProgress ? { onUploadProgress } : {}),
    });
  } catch (error) {
    source.stop?.();
    const failure = hooks.sourceFailure?.() ?? callbackError ?? (sourceError !== undefined && !options.signal?.aborted ? sourceError : error);
    // 406 (exists, overwrite 0) to a retry may answer our own earlier attempt, stored by the
    // service but whose answer was lost (issue 10 item 16): the stored etag tells them apart.
    if (failure instanceof WcsServiceError && failure.statusCode === 406 && attempts > 1 && key !== undefined && sentWhole !== undefined) {
      const stored = await storedObjectHash(ctx, target.bucket, key, options.signal);
      if (stored === sentWhole) {
        return { bucket: target.bucket, key, hash: stored, fsize: total ?? 0, body: { hash: stored, key }, statusCode: 200 };
      }
    }
    throw failure;
  }

  const parsed = parseUploadBody(response.body);
  const location = response.statusCode === 303 ? headerValue(response.headers, 'location') : undefined;
  const remote = reportedHash(parsed, location);
  const local = attempt?.complete ? attempt.hasher.digest() : undefined;
  if (local !== undefined) checkReportedHash(`Upload of ${target.bucket}/${key ?? '(saveKey)'}`, local, remote, response);
  const storedKey = objectKeyOf(parsed) ?? key ?? '';
  const fsize = total ?? attempt?.hasher.bytes;
  const hash = remote ?? local;
  return {
    bucket: target.bucket,
    key: storedKey,
    ...(hash !== undefined ? { hash } : {}),
    ...(fsize !== undefined ? { fsize } : {}),
    body: parsed,
    statusCode: response.statusCode,
    ...(response.requestId !== undefined ? { requestId: response.requestId } : {}),
    ...(location !== undefined ? { location } : {}),
  };
}

function objectKeyOf(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const key = (body as Record<string, unknown>)['key'];
  return typeof key === 'string' && key !== '' ? key : undefined;
}

/**
 * Checks the options every upload sends as form fields or mkfile parts, before any request: a
 * JavaScript caller's `vars: { a: undefined }` was stored as the text "undefined" by a normal
 * upload and failed with a bare TypeError at mkfile, after every block was sent, in a multipart one.
 *
 * @throws WcsInvalidArgumentError for a bad `trafficLimit`, `vars` that is not an object of text values, a `mimeType` that is not
 *   text, or a `signal` that is not an AbortSignal
 */
export function checkUploadOptions(options: { trafficLimit?: unknown; vars?: unknown; mimeType?: unknown; signal?: unknown }): void {
  checkTrafficLimit(options.trafficLimit);
  const { signal } = options;
  // Multipart uploads listen on it before any request (and after writing a resume record).
  if (signal !== undefined && !(typeof (signal as AbortSignal | null)?.aborted === 'boolean' && typeof (signal as AbortSignal).addEventListener === 'function')) {
    throw new WcsInvalidArgumentError('signal must be an AbortSignal (from new AbortController() or AbortSignal.timeout(ms)), or left unset.');
  }
  const { vars, mimeType } = options;
  if (vars !== undefined) {
    if (vars === null || typeof vars !== 'object' || Array.isArray(vars)) {
      throw new WcsInvalidArgumentError('vars must be an object of text values, e.g. { album: "trip" } (names without "x:").');
    }
    for (const [name, value] of Object.entries(vars)) {
      if (typeof value !== 'string') throw new WcsInvalidArgumentError(`vars.${name} must be text; got ${value === null ? 'null' : typeof value}.`);
    }
  }
  if (mimeType !== undefined && (typeof mimeType !== 'string' || mimeType === '')) {
    throw new WcsInvalidArgumentError('mimeType must be non-empty text such as "image/jpeg", or left unset.');
  }
}

/**
 * @throws WcsInvalidArgumentError unless `trafficLimit` is unset or a whole number ≥ 0: NaN or a
 * negative value would otherwise send no header at all, an unlimited upload the caller did not ask for.
 */
export function checkTrafficLimit(trafficLimit: unknown): void {
  if (trafficLimit !== undefined && (typeof trafficLimit !== 'number' || !Number.isSafeInteger(trafficLimit) || trafficLimit < 0)) {
    throw new WcsInvalidArgumentError(`trafficLimit must be a whole number, 0 or more (0 = no limit); got ${typeof trafficLimit === 'number' ? String(trafficLimit) : typeof trafficLimit}.`);
  }
}

/** @throws WcsInvalidArgumentError unless `file` is a non-empty path */
export function checkFilePath(file: unknown): void {
  if (typeof file !== 'string' || file === '') {
    throw new WcsInvalidArgumentError(`file must be the path of the file to upload (non-empty text); got ${file === '' ? 'an empty string' : typeof file}.`);
  }
}

/** @throws WcsInvalidArgumentError unless a whole number of days ≥ 0 (-1 means "unset" in Go, so it is refused here) */
export function checkDays(days: number): number {
  if (!Number.isSafeInteger(days) || days < 0) {
    throw new WcsInvalidArgumentError('deadlineDays must be a whole number of days, 0 or more.');
  }
  return days;
}
