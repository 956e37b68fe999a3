import { basename, resolve } from 'node:path';
import type { UploadProgress } from '@wcs/sdk';
import type { UploadOutcome } from '../cli-client.js';
import type { CliDeps } from '../cli-deps.js';
import type { MultiputArgs } from '../commands/multiput.js';
import type { PutArgs } from '../commands/put.js';
import { EXIT_OK, type ExitCode } from '../exit-codes.js';
import type { GlobalArgs } from '../global-args.js';
import { CONFIG_OPTIONS, OUTPUT_OPTIONS, POLICY_OPTIONS } from '../options.js';
import { formatBytes } from '../output.js';
import { formatWcsUrl, parseWcsUrl } from '../wcs-url.js';
import { uploadClientLoader } from './client.js';
import { loadConfigFor, outputFor, progressFor } from './common.js';
import { checkLocalFile } from './local-file.js';

async function upload(kind: 'put' | 'multiput', args: GlobalArgs & MultiputArgs, deps: CliDeps): Promise<ExitCode> {
  const uploadClientFor = uploadClientLoader(deps);
  const target = parseWcsUrl(args.url, 'destination');
  const path = resolve(deps.cwd, args.localfile);
  const size = checkLocalFile(path, args.localfile);
  // An omitted object (wcs://bucket or wcs://bucket/) is the file's base name (wcs-api.md §11.3).
  const key = target.key || basename(path);
  const loaded = loadConfigFor(args, deps, 'upload');
  const client = await uploadClientFor(loaded);
  const output = outputFor(args, deps);
  const label = `${kind} ${formatWcsUrl(target.bucket, key)}`;
  const progress = progressFor(args, deps, label, size);
  const onProgress = (p: UploadProgress) => progress.update(p.loaded);
  let result: UploadOutcome;
  try {
    result =
      kind === 'put'
        ? await client.simpleUpload({ source: path, bucket: target.bucket, key, signal: deps.signal, onProgress })
        : await client.multipartUpload({
            file: path,
            bucket: target.bucket,
            key,
            signal: deps.signal,
            onProgress,
            ...(loaded.config.uploadId ? { uploadId: loaded.config.uploadId } : {}),
            // Not resume: 'never': that would leave the old record behind; this resets the record it finds.
            ...(args.restart === true ? { restartOnMismatch: true } : {}),
            // Printed before the first block (even with --quiet) so a killed run can be resumed.
            onUploadId: (id) => {
              deps.stderr.write(`upload id: ${id}\n`);
              deps.failure.hint = `Resume with: ${resumeCommand(args, id)}`;
            },
          });
  } catch (error) {
    progress.done(false);
    throw error;
  }
  progress.done(true);
  const fsize = result.fsize ?? size;
  const resumed = result.resumedBlocks ? ` (${result.resumedBlocks} block${result.resumedBlocks === 1 ? '' : 's'} resumed)` : '';
  const summary = `uploaded ${args.localfile} to ${formatWcsUrl(result.bucket, result.key)}: ${formatBytes(fsize)}, hash ${result.hash ?? '?'}${resumed}`;
  // With --returnurl the service answers 303 and its Location is the result (the rendered
  // returnBody and the hash), which the Python tool returns in place of the empty body.
  output.result(result.location !== undefined ? [summary, `location: ${result.location}`] : summary, {
    bucket: result.bucket,
    key: result.key,
    hash: result.hash,
    fsize,
    ...(kind === 'multiput' ? { uploadId: result.uploadId, resumedBlocks: result.resumedBlocks ?? 0 } : {}),
    body: result.body,
    ...(result.location !== undefined ? { location: result.location } : {}),
    requestId: result.requestId,
  });
  return EXIT_OK;
}

/**
 * The command line that resumes this upload, ready to paste: the same arguments and the options
 * that shape it (the config file and profile, the upload policy: without the --overwrite 1 of the
 * first run the resumed upload would be refused at the end), each word shell-quoted as needed.
 */
export function resumeCommand(args: GlobalArgs & MultiputArgs, id: string): string {
  const words = ['wcscmd', 'multiput', args.url, args.localfile];
  for (const name of [...CONFIG_OPTIONS, ...POLICY_OPTIONS, ...OUTPUT_OPTIONS]) {
    const value = (args as unknown as Record<string, unknown>)[name];
    if (value === true) words.push(`--${name}`);
    else if (typeof value === 'string') words.push(`--${name}`, value);
  }
  words.push('--upload-id', id);
  return words.map(shellQuote).join(' ');
}

/** A word as a POSIX shell reads it back: as is when plain, else in single quotes. */
export const shellQuote = (word: string): string => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

/** `put wcs://BUCKET/OBJECT LOCALFILE`: normal upload (wcs-api.md §4.1). */
export const runPut = (args: GlobalArgs & PutArgs, deps: CliDeps): Promise<ExitCode> => upload('put', args, deps);
/** `multiput wcs://BUCKET/OBJECT LOCALFILE`: resumable multipart upload (wcs-api.md §4.2, §11.6). */
export const runMultiput = (args: GlobalArgs & MultiputArgs, deps: CliDeps): Promise<ExitCode> => upload('multiput', args, deps);
