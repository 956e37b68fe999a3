import type { WcsError } from '@wcs/core';

/** Process exit statuses of wcscmd. The Python tool always exits 0 (wcs-api.md §12.18); scripts need to tell failure apart. */
export const EXIT_OK = 0;
/** The operation was attempted and failed (service error, network, integrity, local file I/O). */
export const EXIT_FAILURE = 1;
/** The command line or the configuration is wrong; retrying the same command cannot succeed. */
export const EXIT_USAGE = 2;

export type ExitCode = typeof EXIT_OK | typeof EXIT_FAILURE | typeof EXIT_USAGE;

/**
 * Exit status for an error. Bad arguments and bad or missing configuration are usage errors (2):
 * the user must change the command or the config. Everything else is an operation failure (1).
 */
export function exitCodeForError(error: WcsError): ExitCode {
  return error.code === 'ERR_WCS_INVALID_ARGUMENT' || error.code === 'ERR_WCS_CONFIG' ? EXIT_USAGE : EXIT_FAILURE;
}
