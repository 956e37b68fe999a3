import { WcsInvalidArgumentError, type WcsConfigInput } from '@wcs/core';
import type { GlobalArgs } from './global-args.js';

/**
 * Parses an integer option the way Python's `int()` reads it (optional sign, digits, blanks).
 *
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) naming the option and the allowed range
 */
export function parseIntOption(option: string, value: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = /^\s*[+-]?\d+\s*$/.test(value) ? Number(value.trim()) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `a whole number >= ${min}` : min === 0 && max === 1 ? '0 or 1' : `a whole number from ${min} to ${max}`;
    throw new WcsInvalidArgumentError(`${option} must be ${range}, got "${value}".`);
  }
  return n;
}

/**
 * `--mode`: 0 files first, 1 folders first, 3 "not set" (flat; the Python default, never sent:
 * wcs-api.md §11.1). 3 is accepted so it can override a mode set in the file or environment.
 *
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for any other value
 */
export function parseListMode(value: string): 0 | 1 | 3 {
  const n = /^\s*[+]?\d+\s*$/.test(value) ? Number(value.trim()) : Number.NaN;
  if (n !== 0 && n !== 1 && n !== 3) throw new WcsInvalidArgumentError(`--mode must be 0 (files first), 1 (folders first) or 3 (not set, flat), got "${value}".`);
  return n;
}

type Overrides = Partial<Record<keyof WcsConfigInput, unknown>>;

/** Option → config key for the string-valued options that only set a policy or request field. */
const STRING_OPTIONS: ReadonlyArray<readonly [keyof GlobalArgs, keyof WcsConfigInput]> = [
  ['upload-id', 'uploadId'],
  ['prefix', 'listPrefix'],
  ['marker', 'listMarker'],
  ['returnurl', 'returnUrl'],
  ['returnbody', 'returnBody'],
  ['callbackurl', 'callbackUrl'],
  ['callbackbody', 'callbackBody'],
  ['persistentops', 'persistentOps'],
  ['persistentntyurl', 'persistentNotifyUrl'],
  ['contentdetect', 'contentDetect'],
  ['detectntyurl', 'detectNotifyUrl'],
  ['detectntyrule', 'detectNotifyRule'],
  ['hashalgorithm', 'hashAlgorithm'],
  ['notify', 'notifyUrl'],
  ['output', 'output'],
];

/**
 * The config overrides given on the command line (wcs-api.md §11.2), for core's `loadConfig`
 * (flags > env > file > defaults). Options not given are left out, so the file and environment
 * still apply. `-s/--ssl` sets `ishttps` like Python's step (6); unlike Python it is also shown by
 * `--dump-config`, which prints the configuration actually in effect.
 *
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for a malformed number
 */
export function configOverridesFromArgs(args: GlobalArgs): Overrides {
  const out: Overrides = {};
  for (const [option, key] of STRING_OPTIONS) {
    const value = args[option];
    if (typeof value === 'string') out[key] = value;
  }
  if (args.ssl === true) out.useHttps = true;
  // The service takes 1-1000; 0 is accepted and means "not sent" (the service's default page), as
  // the Python tool silently drops it (wcs-api.md §12.14) and as list_limit = 0 does in the config.
  if (args.limit !== undefined) out.listLimit = parseIntOption('--limit', args.limit, 0, 1000);
  if (args.mode !== undefined) out.listMode = parseListMode(args.mode);
  if (args.overwrite !== undefined) out.overwrite = parseIntOption('--overwrite', args.overwrite, 0, 1);
  if (args.separate !== undefined) out.separate = parseIntOption('--separate', args.separate, 0, 1);
  if (args.force !== undefined) out.force = parseIntOption('--force', args.force, 0, 1);
  if (args.deadline !== undefined) out.tokenDeadlineSeconds = parseIntOption('--deadline', args.deadline, 1);
  if (args.traffic_limit !== undefined) out.trafficLimit = parseIntOption('--traffic_limit', args.traffic_limit, 0);
  return out;
}
