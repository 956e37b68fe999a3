import { accessSync, constants, statSync, type Stats } from 'node:fs';
import { WcsInvalidArgumentError } from '@wcs/core';

/**
 * Checks that `path` is a readable regular file before any request is made, so the user gets
 * "no such file" rather than a half-started upload. Synchronous on purpose: a command checks one
 * file, and two calls into the thread pool cost a one-file `put` more than the checks themselves.
 *
 * @returns the file size in bytes
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) naming the file and the problem
 */
export function checkLocalFile(path: string, shown: string): number {
  let info: Stats;
  try {
    info = statSync(path);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' || code === 'EPERM' ? 'is not readable (permission denied)' : `cannot be read (${code ?? 'error'})`;
    throw new WcsInvalidArgumentError(`local file ${shown} ${why}.`, { cause });
  }
  if (info.isDirectory()) throw new WcsInvalidArgumentError(`local file ${shown} is a directory: give a file.`);
  if (!info.isFile()) throw new WcsInvalidArgumentError(`local file ${shown} is not a regular file.`);
  try {
    accessSync(path, constants.R_OK);
  } catch (cause) {
    throw new WcsInvalidArgumentError(`local file ${shown} is not readable (permission denied).`, { cause });
  }
  return info.size;
}
