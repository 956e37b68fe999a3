import { resolve } from 'node:path';
import { WcsError, type WcsConfig } from '@wcs/core';
import type { ListOptions, ObjectEntry } from '../cli-client.js';
import type { CliDeps } from '../cli-deps.js';
import { createAtomicWriter, writeFileAtomic } from '../atomic-file.js';
import type { ListArgs } from '../commands/list.js';
import type { ListAllArgs } from '../commands/listall.js';
import { EXIT_OK, type ExitCode } from '../exit-codes.js';
import type { GlobalArgs } from '../global-args.js';
import { formatBytes, formatPutTime, formatTable } from '../output.js';
import { countOf, createCountProgress, progressModeFor } from '../progress.js';
import { parseWcsBucketUrl } from '../wcs-url.js';
import { clientFor } from './client.js';
import { loadConfigFor, outputBesideFile } from './common.js';

/** List options from the config (flags already applied): only mode 0/1 is sent, 3 means unset (wcs-api.md §11.1). */
export function listOptionsFrom(config: WcsConfig): ListOptions {
  return {
    limit: config.listLimit > 0 ? config.listLimit : undefined,
    prefix: config.listPrefix || undefined,
    mode: config.listMode === 0 || config.listMode === 1 ? config.listMode : undefined,
    marker: config.listMarker || undefined,
  };
}

/** Table rows for objects: key, size, upload time, hash. */
export function objectTable(items: readonly ObjectEntry[]): string[] {
  return formatTable(
    ['KEY', 'SIZE', 'PUT TIME', 'HASH'],
    items.map((item) => [item.key, formatBytes(item.fsize), formatPutTime(item.putTime), item.hash]),
    [1],
  );
}

/** `list`: one page, saved as JSON to RESFILE (py2 wrote JSON; py3's Python repr is not machine-readable). */
export async function runList(args: GlobalArgs & ListArgs, deps: CliDeps): Promise<ExitCode> {
  const bucket = parseWcsBucketUrl(args.bucketUrl, 'bucket');
  const loaded = loadConfigFor(args, deps, 'manage');
  const client = await clientFor(deps, loaded);
  const page = await client.listObjects({ bucket, ...listOptionsFrom(loaded.config), signal: deps.signal });
  const file = resolve(deps.cwd, args.resfile);
  const document = { marker: page.marker ?? '', commonPrefixes: page.commonPrefixes, items: page.items };
  await writeFileAtomic(file, `${JSON.stringify(document, null, 2)}\n`, args.resfile);
  const human = [
    ...(page.items.length > 0 ? objectTable(page.items) : []),
    ...page.commonPrefixes.map((p) => `DIR  ${p}`),
    `${page.items.length} object${page.items.length === 1 ? '' : 's'} written to ${args.resfile}`,
    ...(page.marker ? [`more objects: continue with --marker ${page.marker}`] : []),
  ];
  outputBesideFile(args, deps, file).result(human, {
    bucket,
    file: args.resfile,
    count: page.items.length,
    marker: page.marker ?? '',
    commonPrefixes: page.commonPrefixes,
    items: page.items,
    requestId: page.requestId,
  });
  return EXIT_OK;
}

/**
 * `listall`: every page until the marker is empty (wcs-api.md §5.3), one JSON object per line,
 * each page written as it arrives so memory stays constant however large the bucket.
 */
export async function runListAll(args: GlobalArgs & ListAllArgs, deps: CliDeps): Promise<ExitCode> {
  const bucket = parseWcsBucketUrl(args.bucketUrl, 'bucket');
  const loaded = loadConfigFor(args, deps, 'manage');
  const client = await clientFor(deps, loaded);
  const options = listOptionsFrom(loaded.config);
  const file = resolve(deps.cwd, args.resfile);
  const writer = createAtomicWriter(file, args.resfile);
  // Throttled like a transfer's progress: one line per page flooded logs with small --limit values.
  const progress = createCountProgress({
    label: `listall ${args.bucketUrl}`,
    noun: 'object',
    mode: progressModeFor(deps.stderrIsTTY, args.quiet === true),
    stream: deps.stderr,
    now: deps.now,
  });
  let count = 0;
  let pages = 0;
  try {
    let marker = options.marker;
    do {
      const page = await client.listObjects({ bucket, ...options, marker, signal: deps.signal });
      pages += 1;
      // A service that hands back the marker it was given would be listed forever (the same guard
      // as @wcs/manage listPages). Checked before writing: that page was already written once.
      if (marker !== undefined && page.marker === marker) {
        throw new WcsError(
          'ERR_WCS_SERVICE',
          `the service returned the same marker again on page ${pages} (request id ${page.requestId ?? 'unknown'}); stopped instead of listing forever, ${args.resfile} was not written. This is a service fault: report the request id.`,
        );
      }
      if (page.items.length > 0) await writer.write(page.items.map((item) => `${JSON.stringify(item)}\n`).join(''));
      count += page.items.length;
      marker = page.marker || undefined;
      if (marker) progress.update(count);
    } while (marker);
    await writer.commit();
  } finally {
    progress.done();
    await writer.abort();
  }
  outputBesideFile(args, deps, file).result(`${countOf(count, 'object')} written to ${args.resfile}`, { bucket, file: args.resfile, count, pages });
  return EXIT_OK;
}
