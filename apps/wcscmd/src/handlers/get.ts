import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { WcsInvalidArgumentError } from '@wcs/core';
import { writeTargetOf } from '../atomic-file.js';
import type { CliDeps } from '../cli-deps.js';
import type { GetArgs } from '../commands/get.js';
import { EXIT_OK, type ExitCode } from '../exit-codes.js';
import type { GlobalArgs } from '../global-args.js';
import { formatBytes } from '../output.js';
import { clientFor } from './client.js';
import { loadConfigFor, outputBesideFile, progressFor } from './common.js';

/**
 * The URL as sent: every printable ASCII character kept, anything else percent-encoded (wcs-api.md
 * §11.5). A `%` that does not start a valid escape (`100%.bin`) is sent as `%25`, as the Python
 * tool's HTTP stack does; valid escapes (`%20`) are left alone, so an encoded URL is not encoded twice.
 */
export function encodeGetUrl(url: string): string {
  // Space is printable but cannot go on an HTTP request line, so it is encoded too.
  return [...url.replace(/%(?![0-9A-Fa-f]{2})/g, '%25')].map((ch) => (/[\x21-\x7e]/.test(ch) ? ch : encodeURIComponent(ch))).join('');
}

/**
 * The local name when none is given (wcs-api.md §11.5): the URL unquoted; with a query string,
 * the whole path after the host (subdirectories included); otherwise the last path segment.
 *
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) when the URL names no file
 */
export function localNameForUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(encodeGetUrl(url));
  } catch (cause) {
    throw new WcsInvalidArgumentError(`"${url}" is not a valid URL: give an http:// or https:// URL.`, { cause });
  }
  const path = safeDecode(parsed.pathname).replace(/^\/+/, '');
  const name = url.includes('?') ? path : (path.split('/').pop() ?? '');
  if (name === '' || name.endsWith('/') || name.split('/').some((part) => part === '..')) {
    throw new WcsInvalidArgumentError(`cannot derive a file name from "${url}": give one, e.g. wcscmd get URL FILE.`);
  }
  return name;
}

const safeDecode = (text: string): string => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/** `get URL [FILE]`: streamed to a temporary file, renamed once complete and verified (wcs-api.md §9, §11.5). */
export async function runGet(args: GlobalArgs & GetArgs, deps: CliDeps): Promise<ExitCode> {
  const url = encodeGetUrl(args.url);
  if (!/^https?:\/\//i.test(url)) throw new WcsInvalidArgumentError(`"${args.url}" is not an http:// or https:// URL.`);
  const name = args.file ?? localNameForUrl(args.url);
  const file = resolve(deps.cwd, name);
  const loaded = loadConfigFor(args, deps, 'none');
  // The host came from the command line, not the config file: the hint must send the user there.
  deps.failure.host = { setting: 'URL', value: new URL(url).origin, source: 'the URL given on the command line' };
  // A name taken from the URL may have directories (query form, §11.5): create them. A FILE the
  // user typed must be in an existing directory, checked before anything is downloaded.
  if (args.file === undefined) await mkdir(dirname(file), { recursive: true });
  else if (!(await stat(dirname(file)).then((s) => s.isDirectory(), () => false))) {
    throw new WcsInvalidArgumentError(`cannot write ${args.file}: its directory does not exist.`);
  }
  // Checked here, with the name the user gave: the SDK would name its absolute path.
  if (await stat(file).then((s) => s.isDirectory(), () => false)) {
    throw new WcsInvalidArgumentError(`cannot write ${name}: it is a directory. Give a file name, e.g. wcscmd get URL ${join(name, 'NAME')}.`);
  }
  const client = await clientFor(deps, loaded);
  const progress = progressFor(args, deps, `get ${name}`, undefined);
  // The download is renamed onto its destination once verified. Through a symbolic link, the file
  // it points to is replaced (the link stays); a device or FIFO (/dev/null, /dev/stdout) cannot be
  // replaced by a rename (as root, /dev/null would become a regular file): the verified download
  // is copied into it from a private temporary folder instead.
  const target = writeTargetOf(file);
  const spool = target.direct ? await mkdtemp(join(tmpdir(), 'wcscmd-get-')) : undefined;
  let bytes: number;
  try {
    ({ bytes } = await client.download({
      url,
      file: spool === undefined ? target.path : join(spool, 'download'),
      signal: deps.signal,
      trafficLimit: loaded.config.trafficLimit || undefined,
      onProgress: (p) => progress.update(p.loaded, p.total),
    }));
    if (spool !== undefined) await pipeline(createReadStream(join(spool, 'download')), createWriteStream(target.path, { flags: 'w' }), ...(deps.signal ? [{ signal: deps.signal }] : []));
  } catch (error) {
    progress.done(false);
    throw error;
  } finally {
    if (spool !== undefined) await rm(spool, { recursive: true, force: true });
  }
  progress.done(true);
  outputBesideFile(args, deps, target.path).result(`downloaded ${name}: ${formatBytes(bytes)}`, { url: args.url, file: name, bytes });
  return EXIT_OK;
}
