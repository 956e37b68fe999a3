/**
 * The one error hierarchy of wcs-ts. Every package throws only `WcsError` subclasses; foreign
 * errors (got, fs, zod) become the `cause`. Messages are one line saying what failed and what to
 * do, and never contain a secret key, a token or a signed URL.
 */

/** Stable machine-readable codes, one per error class. */
export type WcsErrorCode =
  | 'ERR_WCS_CONFIG'
  | 'ERR_WCS_INVALID_ARGUMENT'
  | 'ERR_WCS_NETWORK'
  | 'ERR_WCS_TIMEOUT'
  | 'ERR_WCS_ABORTED'
  | 'ERR_WCS_SERVICE'
  | 'ERR_WCS_INTEGRITY'
  | 'ERR_WCS_RESUME_RECORD'
  | 'ERR_WCS_JOB_FAILED'
  | 'ERR_WCS_LOCAL_IO'
  | 'ERR_WCS_UNEXPECTED';

/** Base class: `code` says which kind of failure, `retryable` whether repeating may succeed. */
export class WcsError extends Error {
  override name = 'WcsError';
  /** Which kind of failure: one code per class (`ERR_WCS_UNEXPECTED` for a plain `WcsError`). */
  readonly code: WcsErrorCode;
  /** Whether repeating the same call may succeed (network errors, timeouts, 408, 429, 5xx except 579). */
  readonly retryable: boolean;

  constructor(code: WcsErrorCode, message: string, options?: { cause?: unknown; retryable?: boolean }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options?.retryable ?? false;
  }
}

/** A config file or config object is missing, unreadable or has bad values. */
export class WcsConfigError extends WcsError {
  override name = 'WcsConfigError';
  /** One entry per problem, each naming the key (never its value). */
  readonly issues: readonly string[];

  constructor(message: string, options?: { issues?: readonly string[]; cause?: unknown }) {
    super('ERR_WCS_CONFIG', message, options);
    this.issues = options?.issues ?? [message];
  }
}

/** The caller passed something impossible (empty bucket, block size not a multiple of 4 MiB…). */
export class WcsInvalidArgumentError extends WcsError {
  override name = 'WcsInvalidArgumentError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_WCS_INVALID_ARGUMENT', message, options);
  }
}

/** No HTTP response: connection refused or reset, DNS failure… */
export class WcsNetworkError extends WcsError {
  override name = 'WcsNetworkError';
  /** Node's error code (ECONNREFUSED, ECONNRESET, ENOTFOUND…) when known. */
  readonly syscallCode: string | undefined;
  constructor(message: string, options?: { cause?: unknown; syscallCode?: string }) {
    super('ERR_WCS_NETWORK', message, { cause: options?.cause, retryable: true });
    this.syscallCode = options?.syscallCode;
  }
}

/** The service did not answer in time. */
export class WcsTimeoutError extends WcsError {
  override name = 'WcsTimeoutError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_WCS_TIMEOUT', message, { cause: options?.cause, retryable: true });
  }
}

/** The operation was cancelled through an AbortSignal. */
export class WcsAbortError extends WcsError {
  override name = 'WcsAbortError';
  constructor(message = 'The operation was aborted.', options?: { cause?: unknown }) {
    super('ERR_WCS_ABORTED', message, options);
  }
}

/** Details of a non-2xx (or malformed) answer from the service. */
export interface WcsServiceErrorDetails {
  /** The HTTP status (a 2xx for an answer whose body we could not understand). */
  statusCode: number;
  /** The service's `X-Reqid`, to quote when asking the vendor for help. */
  requestId?: string | undefined;
  /** The `code` field of the WCS error body (string or number, as sent). */
  serviceCode?: number | string | undefined;
  /** The `message` (or `error`, `desc`) field of the WCS error body, or the start of a text body. */
  serviceMessage?: string | undefined;
  /** `client` for 4xx (fix the request), `server` for 5xx and malformed answers. */
  fault: 'client' | 'server';
  retryable: boolean;
  /** The HTTP method of the failed request. */
  method: string;
  /** The request URL without query string (queries may hold markers or ids, never secrets, but we keep it short). */
  url: string;
}

/** The service answered with a non-2xx status, or with a body we could not understand. */
export class WcsServiceError extends WcsError {
  override name = 'WcsServiceError';
  /** The HTTP status, e.g. 404 for a missing object or 401 for a bad token. */
  readonly statusCode: number;
  /** The service's `X-Reqid`, to quote when asking the vendor for help. */
  readonly requestId: string | undefined;
  /** The `code` field of the WCS error body (string or number, as sent). */
  readonly serviceCode: number | string | undefined;
  /** The `message` (or `error`, `desc`) field of the WCS error body, or the start of a text body. */
  readonly serviceMessage: string | undefined;
  /** `client` for 4xx (fix the request), `server` for 5xx and malformed answers. */
  readonly fault: 'client' | 'server';
  readonly method: string;
  /** The request URL without query string. */
  readonly url: string;

  constructor(details: WcsServiceErrorDetails, options?: { cause?: unknown; message?: string }) {
    const what = details.serviceMessage ? `: ${details.serviceMessage}` : '';
    const reqid = details.requestId ? ` (request id ${details.requestId})` : '';
    super(
      'ERR_WCS_SERVICE',
      options?.message ?? `${details.method} ${details.url} failed with status ${details.statusCode}${what}${reqid}`,
      { cause: options?.cause, retryable: details.retryable },
    );
    this.statusCode = details.statusCode;
    this.requestId = details.requestId;
    this.serviceCode = details.serviceCode;
    this.serviceMessage = details.serviceMessage;
    this.fault = details.fault;
    this.method = details.method;
    this.url = details.url;
  }
}

/** Content does not match its expected hash (etag or crc) after upload or download. */
export class WcsIntegrityError extends WcsError {
  override name = 'WcsIntegrityError';
  /** The hash the content should have. */
  readonly expected: string;
  /** The hash it has. */
  readonly actual: string;
  constructor(message: string, options: { expected: string; actual: string; cause?: unknown }) {
    super('ERR_WCS_INTEGRITY', message, options);
    this.expected = options.expected;
    this.actual = options.actual;
  }
}

/**
 * Why a resume record was refused, for code to branch on (never on the message):
 * - `missing`: no record for the upload id given;
 * - `corrupt`: a record file is unreadable as a record (bad JSON, bad fields, foreign files);
 * - `version`: a record of another format version (including the old single-file format);
 * - `mismatch`: the record is for another file state, target or part sizes;
 * - `blocks-lost`: mkfile answered 701, the service no longer has the blocks; the record was deleted;
 * - `unsafe-folder`: the record folder (or an upload's folder) is a symlink, not the user's, or
 *   writable by others, so records there could be tampered with;
 * - `io`: reading or writing a record failed (permissions, disk full…).
 */
export type WcsResumeRecordReason = 'missing' | 'corrupt' | 'version' | 'mismatch' | 'blocks-lost' | 'unsafe-folder' | 'io';

/** A resumable-upload record is unreadable, foreign, or no longer matches the file. */
export class WcsResumeRecordError extends WcsError {
  override name = 'WcsResumeRecordError';
  /** Why the record was refused: branch on this, never on the message. */
  readonly reason: WcsResumeRecordReason;
  /** The record file or folder concerned, when there is one. */
  readonly recordPath: string | undefined;
  /**
   * What is wrong, without the SDK's advice on what to do (which names SDK options such as
   * `restartOnMismatch`): a CLI adds its own advice to this. Defaults to the message.
   */
  readonly detail: string;
  constructor(message: string, options: { reason: WcsResumeRecordReason; recordPath?: string; detail?: string; cause?: unknown }) {
    super('ERR_WCS_RESUME_RECORD', message, options);
    this.reason = options.reason;
    this.recordPath = options.recordPath;
    this.detail = options.detail ?? message;
  }
}

/** An fmgr or fops job finished in a failed state. */
export class WcsJobFailedError extends WcsError {
  override name = 'WcsJobFailedError';
  /** The job's id, as returned when it was submitted. */
  readonly persistentId: string;
  /** The final status document as returned by the service. */
  declare readonly status: unknown;
  constructor(message: string, options: { persistentId: string; status: unknown; cause?: unknown }) {
    super('ERR_WCS_JOB_FAILED', message, options);
    this.persistentId = options.persistentId;
    Object.defineProperty(this, 'status', { value: options.status, enumerable: false });
  }
}

/**
 * Reading or writing a local file failed for a reason that is not the caller's argument: disk
 * full, I/O error, read-only file system, too many open files.
 */
export class WcsLocalIoError extends WcsError {
  override name = 'WcsLocalIoError';
  /** Node's error code (ENOSPC, EIO…). */
  readonly syscallCode: string | undefined;
  constructor(message: string, options?: { cause?: unknown; syscallCode?: string }) {
    super('ERR_WCS_LOCAL_IO', message, options);
    this.syscallCode = options?.syscallCode;
  }
}

/** True for every error thrown by wcs-ts. */
export const isWcsError = (error: unknown): error is WcsError => error instanceof WcsError;

/**
 * Turns anything thrown into a `WcsError`, at the one boundary where foreign errors enter
 * (the HTTP transport, file access). A `WcsError` passes through unchanged.
 */
export function toWcsError(error: unknown, context = 'Operation failed'): WcsError {
  if (error instanceof WcsError) return error;
  if (isAbortLike(error)) return new WcsAbortError(undefined, { cause: error });
  const err = error as { code?: unknown; message?: unknown } | undefined;
  const code = typeof err?.code === 'string' ? err.code : undefined;
  const text = typeof err?.message === 'string' ? err.message : String(error);
  if (code && NETWORK_CODES.has(code)) {
    return new WcsNetworkError(`${context}: ${text}`, { cause: error, syscallCode: code });
  }
  if (code === 'ETIMEDOUT') return new WcsTimeoutError(`${context}: ${text}`, { cause: error });
  const path = typeof (error as { path?: unknown })?.path === 'string' ? `${(error as { path: string }).path}: ` : '';
  const badPath = code ? BAD_PATH_PROBLEMS[code] : undefined;
  // The caller named a path that cannot be used: an argument problem they can fix.
  if (badPath) return new WcsInvalidArgumentError(`${context}: ${path}${badPath}`, { cause: error });
  if (code && /^E[A-Z0-9]+$/.test(code)) {
    const what = LOCAL_IO_PROBLEMS[code] ?? text;
    return new WcsLocalIoError(`${context}: ${path}${what}`, { cause: error, syscallCode: code });
  }
  // Not something we can classify (most likely a bug): still a WcsError, never "invalid argument".
  return new WcsError('ERR_WCS_UNEXPECTED', `${context}: ${text}`, { cause: error });
}

const BAD_PATH_PROBLEMS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory, not a file',
  ENOTDIR: 'a part of the path is not a directory',
  ENAMETOOLONG: 'file name too long',
};

const LOCAL_IO_PROBLEMS: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EIO: 'input/output error',
  EROFS: 'read-only file system',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  EBUSY: 'resource busy',
};

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'ECONNABORTED',
  'ERR_STREAM_PREMATURE_CLOSE',
  'UND_ERR_SOCKET',
]);

function isAbortLike(error: unknown): boolean {
  const e = error as { name?: unknown; code?: unknown } | undefined;
  return e?.name === 'AbortError' || e?.code === 'ABORT_ERR' || e?.code === 'ERR_CANCELED';
}
