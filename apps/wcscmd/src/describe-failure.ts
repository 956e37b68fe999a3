import { WcsAbortError, WcsError, WcsNetworkError, WcsResumeRecordError, WcsServiceError, isWcsError } from '@wcs/core';
import { redactText } from '@wcs/core/internal';
import type { CliDeps } from './cli-deps.js';
import { EXIT_FAILURE, exitCodeForError, type ExitCode } from './exit-codes.js';
import type { FailureContext } from './run-handler.js';
import { inspect } from 'node:util';

/** Prints the one line for `error` (plus the stack and causes with --verbose), secrets redacted, and returns the exit code. */
export function reportFailure(error: unknown, ctx: FailureContext, deps: Pick<CliDeps, 'stderr' | 'secrets'>): ExitCode {
  const redact = (text: string) => redactText(text, [...deps.secrets]);
  const line = describeFailure(error, ctx);
  deps.stderr.write(`${redact(ctx.hint && hintApplies(error) ? `${line} ${ctx.hint}` : line)}\n`);
  if (ctx.verbose) deps.stderr.write(`${redact(describeChain(error))}\n`);
  return isWcsError(error) ? exitCodeForError(error) : EXIT_FAILURE;
}

const isUsageError = (error: unknown): boolean => isWcsError(error) && (error.code === 'ERR_WCS_CONFIG' || error.code === 'ERR_WCS_INVALID_ARGUMENT');

/**
 * Whether the handler's hint (multiput's "Resume with: … --upload-id ID") fits the error. Not for
 * usage errors, and not where resuming is the wrong advice: after a 579 the object is stored, and
 * after a 701 the recorded blocks are unknown to the service, so a resume fails the same way.
 */
const hintApplies = (error: unknown): boolean =>
  !isUsageError(error) &&
  !(error instanceof WcsServiceError && (error.statusCode === 579 || error.statusCode === 701)) &&
  // blocks-lost: the SDK deleted the record and a plain re-run starts afresh; unsafe-folder: no
  // resume can use that folder. Resuming by id is the wrong advice for both.
  !(error instanceof WcsResumeRecordError && (error.reason === 'blocks-lost' || error.reason === 'unsafe-folder'));

/** The one-line message for an error. Exported for unit tests. */
export function describeFailure(error: unknown, ctx: Pick<FailureContext, 'action' | 'host' | 'configFile' | 'credentials'>): string {
  const prefix = `wcscmd: ${ctx.action} failed`;
  const config = ctx.configFile ?? 'your config file';
  if (error instanceof WcsServiceError) {
    const what = error.serviceMessage || `status ${error.statusCode}`;
    const reqid = error.requestId ? `, request id ${error.requestId}` : '';
    return `${prefix}: ${what} (${error.statusCode}${reqid}). ${hintForStatus(error.statusCode, config, ctx.credentials, ctx.action)}`;
  }
  if (error instanceof WcsAbortError) return `wcscmd: ${ctx.action} interrupted.`;
  if (error instanceof WcsResumeRecordError) return describeResumeRecordError(error, prefix);
  if (error instanceof WcsNetworkError) {
    const why = error.syscallCode ?? 'network error';
    if (ctx.host) {
      const where = ctx.host.source ?? `${ctx.host.setting} in ${config}`;
      return `${prefix}: cannot reach ${ctx.host.setting} ${ctx.host.value} (${why}). Check ${where} and that the service is reachable.`;
    }
    return `${prefix}: ${error.message}`;
  }
  if (isWcsError(error)) {
    // Config and argument errors already say what to do; the action adds nothing for them.
    if (error.code === 'ERR_WCS_CONFIG' || error.code === 'ERR_WCS_INVALID_ARGUMENT') return `wcscmd: ${oneLine(error.message)}`;
    return `${prefix}: ${oneLine(error.message)}`;
  }
  return `${prefix}: ${oneLine(describeForeign(error))}`;
}

/**
 * A resume record that does not match the file (changed since the interrupted run), is corrupt
 * or of another format: the SDK refuses it rather than guess, and names the record. Its advice
 * speaks SDK (`restartOnMismatch`), so the CLI says what is wrong (`detail`) with its own word
 * for that, `--restart`. The other reasons are not cured by --restart (a missing record, lost
 * blocks, an unsafe folder, I/O), and the SDK's message already says what to do.
 */
function describeResumeRecordError(error: WcsResumeRecordError, prefix: string): string {
  switch (error.reason) {
    case 'corrupt':
    case 'version':
    case 'mismatch': {
      const detail = oneLine(error.detail).replace(/\.$/, '');
      const record = error.recordPath ? ` (record ${error.recordPath})` : '';
      return `${prefix}: ${detail.charAt(0).toLowerCase()}${detail.slice(1)}${record}. Run it again with --restart to start over, or check --upload-id.`;
    }
    default:
      return `${prefix}: ${oneLine(error.message)}`;
  }
}

function hintForStatus(status: number, configFile: string, credentials: string | undefined, action: string): string {
  const command = action.split(' ')[0];
  switch (status) {
    case 401:
      return `Check ${credentials ?? `access_key and secret_key in ${configFile}`}.`;
    case 403:
      return 'Check that this account may access the bucket.';
    case 404:
      // The status commands and get name no bucket or key: the advice names what they were given.
      if (command === 'fopsStatus' || command === 'fmgrStatus') return 'Check the job id: the persistentId printed when the job was submitted.';
      if (command === 'get') return 'Check the URL.';
      return 'Check the bucket and key.';
    case 406:
      return 'The object already exists: pass --overwrite 1 to replace it.';
    case 579:
      return 'The object was stored but the callback failed: do not upload it again; check callbackUrl and the callback server.';
    case 701:
      // Chunk/ctx verification failed (wcs-api.md §10.1): the blocks sent are unknown to the service, e.g. expired.
      return 'The service no longer knows the uploaded blocks (they may have expired): start the upload afresh (multiput: run it again with --restart).';
    case 631:
      return 'The bucket does not exist: check its name (wcscmd listbucket).';
    default:
      // Only 5xx are service faults; WCS also has its own codes above 599 (631, 701) that are not.
      return status >= 500 && status <= 599 ? 'The service had a problem: try again later.' : 'Check the command and its arguments.';
  }
}

function describeForeign(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown; path?: unknown } | null;
  if (typeof e?.code === 'string' && typeof e.path === 'string') {
    // Node fs errors: say which file and why, in words.
    const why: Record<string, string> = {
      ENOENT: 'no such file or directory',
      EACCES: 'permission denied',
      EPERM: 'permission denied',
      EISDIR: 'is a directory',
      ENOTDIR: 'a parent is not a directory',
      ENOSPC: 'no space left on device',
      EROFS: 'read-only file system',
    };
    return `${e.path}: ${why[e.code] ?? e.code}`;
  }
  return typeof e?.message === 'string' ? e.message : String(error);
}

const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, ' ').trim();

function describeChain(error: unknown): string {
  const lines: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 8; depth += 1) {
    const e = current as { stack?: unknown; message?: unknown; code?: unknown; cause?: unknown };
    const head = depth === 0 ? '' : 'Caused by: ';
    const code = current instanceof WcsError ? ` [${current.code}]` : typeof e.code === 'string' ? ` [${e.code}]` : '';
    lines.push(`${head}${typeof e.stack === 'string' ? e.stack : typeof e.message === 'string' ? e.message : inspect(current)}${code}`);
    current = e.cause;
  }
  return lines.join('\n');
}
