import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { chmod, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { WcsError, WcsIntegrityError, WcsInvalidArgumentError, toWcsError, type WcsContext } from '@wcs/core';
import { TRAFFIC_LIMIT_HEADER } from '@wcs/core/internal';
import { EtagHasher } from '@wcs/etag';

/** Options of {@link download}, part of {@link DownloadParams}. */
export interface DownloadOptions {
  /** Cancels the download; the promise then rejects with `WcsAbortError` (`ERR_WCS_ABORTED`). */
  signal?: AbortSignal | undefined;
  /** Called with the bytes written so far and the expected total (from Content-Length) when known. */
  onProgress?: ((progress: { loaded: number; total: number | undefined }) => void) | undefined;
  /** Compare the local etag with a WCS etag in the response's `ETag` header. Default true. */
  verify?: boolean | undefined;
  /** `x-wos-traffic-limit` value; default `config.trafficLimit`; 0 = no header (wcs-api.md §11.5). */
  trafficLimit?: number | undefined;
}

/** Input of {@link download}: what to fetch, where to write it, and the {@link DownloadOptions}. */
export interface DownloadParams extends DownloadOptions {
  /** `http://` or `https://` URL of the object (e.g. on the bucket's download domain). */
  url: string;
  /** Path of the file to write (relative to the working directory or absolute). */
  file: string;
}

/** Result of {@link download}. */
export interface DownloadResult {
  /** Absolute path of the finished file. */
  filePath: string;
  /** Bytes written. */
  bytes: number;
  /** WCS etag of the written bytes (§3.1). */
  etag: string;
  /** True when the response carried a WCS etag and it matched `etag`. */
  verified: boolean;
  statusCode: number;
  requestId: string | undefined;
}

const REDIRECT_STATUSES: readonly number[] = [301, 302, 303, 307, 308];
const MAX_REDIRECTS = 10;

/** A WCS etag: 28 URL-safe Base64 characters starting with F (≤ 4 MiB) or l (larger) (§3.1). */
const WCS_ETAG_RE = /^[Fl][A-Za-z0-9_-]{27}$/;

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Downloads `url` (wcs-api.md §9) to `file`. The bytes go to a temporary file beside the
 * target, which is renamed to `file` only when the answer is a whole object and complete:
 * the status is 200 (a 206 or any other 2xx to this request without `Range` carries part of the
 * object or none of it), the length matches `Content-Length`, and, when the `ETag` header is a WCS etag (quotes removed: 28 characters
 * starting with F or l) and `verify` is not false, the etag of the written bytes matches. Any
 * failure removes the temporary file, so a failed download leaves no file under the final name
 * (an existing file there is kept until a download succeeds). Retried (from the start) only
 * until the answer begins. Redirects (301, 302, 303, 307, 308) to http(s) are followed, up to 10.
 *
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for an empty url or path, a path that is a directory,
 *   or a `trafficLimit` that is not a whole number ≥ 0
 * @throws WcsServiceError (`ERR_WCS_SERVICE`) for a non-2xx answer (e.g. 404)
 * @throws WcsIntegrityError (`ERR_WCS_INTEGRITY`) when the status is not 200, or the length or the etag does not match
 * @throws WcsNetworkError (`ERR_WCS_NETWORK`) when the connection breaks mid-body
 * @throws WcsAbortError (`ERR_WCS_ABORTED`) when `signal` aborts
 * @example
 * const result = await download(ctx, { url: 'http://cdn.example.com/a.jpg', file: './a.jpg' });
 * console.log(result.bytes, result.verified);
 */
export async function download(ctx: WcsContext, params: DownloadParams): Promise<DownloadResult> {
  if (params === null || typeof params !== 'object') throw new WcsInvalidArgumentError('download needs { url, file }.');
  const { url, file: filePath, ...options } = params;
  if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) throw new WcsInvalidArgumentError('url must be an http:// or https:// URL.');
  if (typeof filePath !== 'string' || filePath === '') throw new WcsInvalidArgumentError('file must be a non-empty path.');
  const { trafficLimit: givenLimit } = options;
  // NaN or a negative value would send no header: an unlimited download the caller did not ask for.
  if (givenLimit !== undefined && (typeof givenLimit !== 'number' || !Number.isSafeInteger(givenLimit) || givenLimit < 0)) {
    throw new WcsInvalidArgumentError(`trafficLimit must be a whole number, 0 or more (0 = no limit); got ${String(givenLimit)}.`);
  }
  const target = resolve(filePath);
  // Checked before the request: otherwise the whole body is fetched only for the rename to fail.
  const existing = await stat(target).catch(() => undefined);
  if (existing?.isDirectory()) {
    throw new WcsInvalidArgumentError(`${filePath} is a directory: give the path of a file to write, e.g. ${join(filePath, 'NAME')}.`);
  }
  const trafficLimit = options.trafficLimit ?? ctx.config.trafficLimit;
  // Redirects are followed, as the Python tool's requests.get does (a download domain that sends
  // http to https, or a CDN to an edge node), up to MAX_REDIRECTS; only http(s) targets.
  let current = url;
  let response: Awaited<ReturnType<WcsContext['http']['stream']>>;
  for (let hop = 0; ; hop += 1) {
    response = await ctx.http.stream({
      method: 'GET',
      url: current,
      headers: trafficLimit > 0 ? { [TRAFFIC_LIMIT_HEADER]: String(trafficLimit) } : {},
      idempotent: true,
      signal: options.signal,
      acceptStatuses: REDIRECT_STATUSES,
    });
    const location = REDIRECT_STATUSES.includes(response.statusCode) ? header(response.headers, 'location') : undefined;
    const next = location === undefined || hop >= MAX_REDIRECTS ? undefined : new URL(location, current);
    if (next === undefined || !/^https?:$/.test(next.protocol)) break;
    response.body.destroy();
    current = next.toString();
  }
  if (response.statusCode !== 200) {
    response.body.destroy();
    const range = header(response.headers, 'content-range');
    throw new WcsIntegrityError(
      `Download of ${basename(target)} refused: the server answered status ${response.statusCode}${range ? ` (Content-Range: ${range})` : ''} where only a 200 carries the whole object; nothing was written to ${basename(target)}. Try again; if it persists, the server or a proxy is at fault.`,
      { expected: '200', actual: String(response.statusCode) },
    );
  }
  const lengthHeader = header(response.headers, 'content-length');
  const expectedLength = lengthHeader !== undefined && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : undefined;
  const etagHeader = header(response.headers, 'etag')?.replace(/^W\//, '').replace(/"/g, '');
  const expectedEtag = options.verify !== false && etagHeader !== undefined && WCS_ETAG_RE.test(etagHeader) ? etagHeader : undefined;
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.wcs-download`);
  const hasher = new EtagHasher();
  let loaded = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hasher.update(chunk);
      loaded += chunk.length;
      // A callback that throws fails the download (a WcsError caused by it); thrown from here it
      // would be an uncaught exception that ends the process.
      try {
        options.onProgress?.({ loaded, total: expectedLength });
      } catch (error) {
        callback(new WcsError('ERR_WCS_UNEXPECTED', `Download of ${basename(target)} stopped: onProgress threw: ${String((error as Error)?.message ?? error)}`, { cause: error }));
        return;
      }
      callback(null, chunk);
    },
  });
  try {
    await pipeline(response.body, meter, createWriteStream(temp, { flags: 'wx' }), ...(options.signal ? [{ signal: options.signal }] : []));
    if (expectedLength !== undefined && loaded !== expectedLength) {
      throw new WcsIntegrityError(`Download of ${basename(target)} is incomplete (${loaded} of ${expectedLength} bytes): try again.`, {
        expected: String(expectedLength),
        actual: String(loaded),
      });
    }
    const etag = hasher.digest();
    if (expectedEtag !== undefined && etag !== expectedEtag) {
      throw new WcsIntegrityError(`Download of ${basename(target)} does not match the service's etag: the bytes were corrupted in transit, try again.`, {
        expected: expectedEtag,
        actual: etag,
      });
    }
    // A file replaced keeps its permissions, as when the Python tool writes over it in place: a
    // 0600 file must not come back readable by everyone.
    if (existing?.isFile()) await chmod(temp, existing.mode & 0o7777);
    await rename(temp, target);
    return { filePath: target, bytes: loaded, etag, verified: expectedEtag !== undefined, statusCode: response.statusCode, requestId: response.requestId };
  } catch (error) {
    response.body.destroy();
    await unlink(temp).catch(() => undefined);
    if (error instanceof WcsError) throw error;
    throw toWcsError(namingTarget(error, temp, target), `Download to ${basename(target)} failed`);
  }
}

/** A file-system error about the temporary file, told about the target: the temporary name is ours, not the caller's. */
function namingTarget(error: unknown, temp: string, target: string): unknown {
  const e = error as { path?: unknown } | null;
  if (e !== null && typeof e === 'object' && e.path === temp) e.path = target;
  return error;
}
