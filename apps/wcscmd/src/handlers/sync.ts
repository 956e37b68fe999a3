import { resolve } from 'node:path';
import { WcsInvalidArgumentError } from '@wcs/core';
import { redactText } from '@wcs/core/internal';
import { parseByteSize } from '@wcs/sync';
import type { SyncEvent, SyncLocation, SyncOptions, SyncSummary } from '@wcs/sdk';
import type { CliDeps } from '../cli-deps.js';
import { EXIT_FAILURE, EXIT_OK, type ExitCode } from '../exit-codes.js';
import type { GlobalArgs } from '../global-args.js';
import { formatBytes, formatDuration } from '../output.js';
import { formatWcsUrl, parseWcsUrl } from '../wcs-url.js';
import { clientFor } from './client.js';
import { loadConfigFor } from './common.js';

/**
 * The options of `wcscmd sync` as a plain object, whatever parser produced it (see the table in
 * commands/sync.ts). Numbers and sizes stay text so each bad value is reported with its option.
 */
export interface SyncCommandOptions {
  source: string;
  destination: string;
  dryRun?: boolean | undefined;
  delete?: boolean | undefined;
  maxDelete?: string | undefined;
  sizeOnly?: boolean | undefined;
  force?: boolean | undefined;
  checksum?: boolean | undefined;
  /** --include/--exclude in command-line order (the order decides, rsync-like). */
  filters?: ReadonlyArray<{ type: 'include' | 'exclude'; pattern: string }> | undefined;
  minSize?: string | undefined;
  maxSize?: string | undefined;
  transfers?: string | undefined;
  bwlimit?: string | undefined;
  followSymlinks?: boolean | undefined;
  multiputThreshold?: string | undefined;
  downloadUrl?: string | undefined;
  stateDir?: string | undefined;
}

/** What the handler takes: the global options (whose fops `--force` text sync replaces with its boolean) and its own. */
export type SyncCommandArgs = Omit<GlobalArgs, 'force'> & SyncCommandOptions;

const SCHEME = 'wcs://';

function count(text: string | undefined, option: string, min: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\s*\d+\s*$/.test(text) || Number(text) < min || !Number.isSafeInteger(Number(text))) {
    throw new WcsInvalidArgumentError(`--${option} must be a whole number${min > 0 ? ` of at least ${min}` : ', 0 or more'} (got "${text}").`);
  }
  return Number(text);
}

const size = (text: string | undefined, option: string): number | undefined => (text === undefined ? undefined : parseByteSize(text, `--${option}`));

/** Validates the command line into the SDK's locations and options; nothing is touched yet. */
export function toSyncRequest(
  args: SyncCommandArgs,
  deps: Pick<CliDeps, 'cwd'>,
): { source: SyncLocation; destination: SyncLocation; options: SyncOptions } {
  const side = (text: string, what: string): SyncLocation => {
    if (text.startsWith(SCHEME)) {
      const { bucket, key } = parseWcsUrl(text, what);
      return { kind: 'remote', bucket, prefix: key };
    }
    return { kind: 'local', path: text === '' ? deps.cwd : resolve(deps.cwd, text) };
  };
  const source = side(args.source, 'source');
  const destination = side(args.destination, 'destination');
  if (source.kind === destination.kind) {
    throw new WcsInvalidArgumentError(
      source.kind === 'local'
        ? `sync needs one wcs://BUCKET[/PREFIX]: "${args.source}" and "${args.destination}" are both local. Upload: wcscmd sync DIR wcs://BUCKET/PREFIX.`
        : `sync needs one local directory: "${args.source}" and "${args.destination}" are both remote. Download: wcscmd sync wcs://BUCKET/PREFIX DIR.`,
    );
  }
  if (args.overwrite !== undefined && args.overwrite !== '0' && args.overwrite !== '1') {
    throw new WcsInvalidArgumentError(`--overwrite must be 0 or 1 (got "${args.overwrite}").`);
  }
  const options: SyncOptions = {
    dryRun: args.dryRun === true,
    delete: args.delete === true,
    maxDelete: count(args.maxDelete, 'max-delete', 0),
    sizeOnly: args.sizeOnly === true,
    force: args.force === true,
    checksum: args.checksum === true,
    filters: args.filters ?? [],
    minSize: size(args.minSize, 'min-size'),
    maxSize: size(args.maxSize, 'max-size'),
    transfers: count(args.transfers, 'transfers', 1),
    bwlimitBytesPerSecond: size(args.bwlimit, 'bwlimit'),
    followSymlinks: args.followSymlinks === true,
    overwrite: args.overwrite === undefined ? undefined : args.overwrite === '1' ? 1 : 0,
    multiputThresholdBytes: size(args.multiputThreshold, 'multiput-threshold'),
    downloadUrl: args.downloadUrl,
    stateDir: args.stateDir === undefined ? undefined : resolve(deps.cwd, args.stateDir),
  };
  if (options.minSize !== undefined && options.maxSize !== undefined && options.minSize > options.maxSize) {
    throw new WcsInvalidArgumentError(`--min-size (${args.minSize}) is larger than --max-size (${args.maxSize}): no file could match.`);
  }
  if (source.kind === 'remote' && !args.downloadUrl) {
    throw new WcsInvalidArgumentError(`downloading needs the bucket's download domain: add --download-url http://DOMAIN (objects are fetched from DOMAIN/KEY).`);
  }
  return { source, destination, options };
}

/** The human line of an event, or undefined when the event prints nothing without --json. */
function describeEvent(event: SyncEvent, bucket: string, dryRun: boolean): { out?: string; err?: string } {
  const remote = (key: string) => formatWcsUrl(bucket, key);
  switch (event.type) {
    case 'planned':
      // A real run prints what it did; only the dry run prints the plan.
      if (!dryRun) return {};
      if (event.action === 'delete') return { out: `would delete ${event.side === 'remote' ? remote(event.key) : event.path}` };
      return { out: `would ${event.action} ${event.path} ${event.action === 'upload' ? '→' : '←'} ${remote(event.key)} (${formatBytes(event.size)}, ${event.reason})` };
    case 'uploaded':
      return { out: `uploaded ${event.path} → ${remote(event.key)} (${formatBytes(event.size)}${event.resumedBlocks ? `, ${event.resumedBlocks} blocks resumed` : ''})` };
    case 'downloaded':
      return { out: `downloaded ${remote(event.key)} → ${event.path} (${formatBytes(event.size)})` };
    case 'deleted':
      return { out: `deleted ${event.side === 'remote' ? remote(event.key) : event.path}` };
    case 'failed':
      return { err: `failed: ${event.action} ${event.path || event.key}: ${event.message}` };
    case 'skipped':
      return event.reason === 'symlink' ? { err: `skipped symbolic link ${event.path} (use --follow-symlinks to follow links)` } : {};
    case 'progress':
      return {
        err: `progress: ${event.filesDone} of ${event.filesPlanned} files (${formatBytes(event.bytesDone)} of ${formatBytes(event.bytesPlanned)}), ${event.scanned} scanned, ${formatDuration(event.elapsedMs / 1000)}`,
      };
    default:
      return {};
  }
}

function describeSummary(s: SyncSummary): string {
  const files = (n: number) => `${n} file${n === 1 ? '' : 's'}`;
  const parts = s.dryRun
    ? [`would transfer ${files(s.planned.files)} (${formatBytes(s.planned.bytes)})`, `would delete ${files(s.planned.deletes)}`]
    : [`uploaded ${files(s.uploaded.files)} (${formatBytes(s.uploaded.bytes)})`, `downloaded ${files(s.downloaded.files)} (${formatBytes(s.downloaded.bytes)})`, `deleted ${files(s.deleted.files)} (${formatBytes(s.deleted.bytes)})`];
  parts.push(`skipped ${files(s.skipped.files)} (${formatBytes(s.skipped.bytes)})`, `failed ${files(s.failed.files)} (${formatBytes(s.failed.bytes)})`);
  return `sync ${s.dryRun ? 'dry run ' : ''}done in ${formatDuration(s.elapsedMs / 1000)}: ${parts.join(', ')}`;
}

/**
 * `sync SOURCE DESTINATION`: one side a local directory, the other `wcs://BUCKET[/PREFIX]`.
 * Human output: one line per transfer or deletion on stdout, failures and progress on stderr, and
 * a summary line; `--json`: one JSON line per event, the last one the summary; `--quiet`: only
 * failures. Exit 0 when everything is done, 1 when any file failed or `--max-delete` refused the
 * deletions (the other files were still transferred); errors before the run (2 usage, 1 runtime)
 * go through the error funnel and change nothing.
 */
export async function runSync(args: SyncCommandArgs, deps: CliDeps): Promise<ExitCode> {
  const request = toSyncRequest(args, deps);
  // sync's --force is its own boolean, not the fops/fmgr `force` setting.
  const loaded = loadConfigFor({ ...args, force: undefined }, deps, request.source.kind === 'local' ? 'upload' : 'manage');
  if (!loaded.config.mgrUrl || !loaded.config.putUrl) {
    // Both directions list through the manage host; uploads also need the upload host.
    const missing = !loaded.config.mgrUrl ? 'mgr_url' : request.source.kind === 'local' ? 'put_url' : undefined;
    if (missing) throw new WcsInvalidArgumentError(`sync needs ${missing} in the config: set it with wcscmd --configure or WCS_${missing.toUpperCase()}.`);
  }
  const client = await clientFor(deps, loaded);
  const bucket = request.source.kind === 'remote' ? request.source.bucket : (request.destination as { bucket: string }).bucket;
  const json = args.json === true;
  const quiet = args.quiet === true;
  // A password in --download-url (http://user:pass@host) is a secret: failure messages name the URL.
  const password = args.downloadUrl === undefined || !URL.canParse(args.downloadUrl) ? '' : new URL(args.downloadUrl).password;
  if (password) deps.secrets.add(password).add(decodeURIComponent(password));
  const redact = (text: string): string => redactText(text, [...deps.secrets]);
  let summary: SyncSummary | undefined;
  const params = { ...request.options, from: request.source, to: request.destination, signal: deps.signal, progressIntervalMs: json || !quiet ? 2000 : 0 };
  // Lines are written as the run goes: a reader leaving early (| head) stops it unfinished, exit 1.
  deps.failure.unfinished = `sync ${args.source} ${args.destination}`;
  for await (const event of client.sync(params)) {
    if (event.type === 'summary') summary = event.summary;
    if (json) {
      deps.stdout.write(`${redact(JSON.stringify(event.type === 'summary' ? { type: 'summary', ...event.summary } : event))}\n`);
      continue;
    }
    if (event.type === 'summary') continue;
    const line = describeEvent(event, bucket, request.options.dryRun === true);
    if (line.err && (event.type === 'failed' || !quiet)) deps.stderr.write(`${redact(line.err)}\n`);
    if (line.out && !quiet) deps.stdout.write(`${redact(line.out)}\n`);
  }
  if (summary === undefined) return EXIT_FAILURE;
  if (!json) {
    if (summary.deleteSkipped) deps.stderr.write(`${summary.deleteSkipped}\n`);
    if (!quiet) deps.stdout.write(`${describeSummary(summary)}\n`);
  }
  deps.failure.unfinished = undefined;
  return summary.failed.files > 0 || summary.deleteRefused === true ? EXIT_FAILURE : EXIT_OK;
}
