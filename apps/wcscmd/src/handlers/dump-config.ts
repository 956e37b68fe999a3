import { redactConfig } from '@wcs/core';
import { formatWcscfgSection, toWcscfgValues } from '@wcs/core/internal';
import type { CliDeps } from '../cli-deps.js';
import { EXIT_OK, type ExitCode } from '../exit-codes.js';
import type { GlobalArgs } from '../global-args.js';
import { loadConfigFor, outputFor } from './common.js';

/**
 * Prints the effective configuration (file, env and flags applied) in `.wcscfg` format, secret key
 * masked by core's redactConfig. A missing default file is not an error here: the dump then shows
 * the defaults, which is how a user discovers what to set.
 */
export function runDumpConfig(args: GlobalArgs, deps: CliDeps): ExitCode {
  const loaded = loadConfigFor(args, deps, 'none');
  const values = toWcscfgValues(redactConfig(loaded.config));
  const output = outputFor(args, deps);
  for (const warning of loaded.warnings) output.note(`wcscmd: ${warning}`);
  const json = { file: loaded.file, fileFound: loaded.fileFound, profile: loaded.profile, config: values };
  output.result(formatWcscfgSection(loaded.profile, values).trimEnd(), json);
  return EXIT_OK;
}
