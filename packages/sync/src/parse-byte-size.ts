import { WcsInvalidArgumentError } from '@wcs/core';

const UNITS: Record<string, number> = { '': 1, B: 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

/**
 * Parses a size or rate such as `512`, `10K`, `20M`, `1.5G` (binary units, case-insensitive,
 * optional `B`/`iB` suffix: `20MiB`, `20MB` and `20M` are all 20 × 1024²) into whole bytes.
 *
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for a negative, non-numeric or unknown-unit value, naming `what`
 */
export function parseByteSize(text: string, what: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b)?\s*$/i.exec(String(text));
  if (m === null) {
    throw new WcsInvalidArgumentError(`${what} must be a size such as 512, 10K, 20M or 1G (got "${text}").`);
  }
  const bytes = Math.floor(Number(m[1]) * UNITS[m[2]!.toUpperCase()]!);
  if (!Number.isSafeInteger(bytes)) throw new WcsInvalidArgumentError(`${what} is too large (got "${text}").`);
  return bytes;
}
