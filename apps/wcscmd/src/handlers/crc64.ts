import { resolve } from 'node:path';
import { crc64OfFile } from '@wcs/etag';
import type { CliDeps } from '../cli-deps.js';
import type { Crc64Args } from '../commands/crc64.js';
import { EXIT_OK, type ExitCode } from '../exit-codes.js';
import type { GlobalArgs } from '../global-args.js';
import { outputFor } from './common.js';
import { checkLocalFile } from './local-file.js';

/** Prints the CRC-64/XZ (crc64ecma) of a local file; needs no config (wcs-api.md §3.2). */
export async function runCrc64(args: GlobalArgs & Crc64Args, deps: CliDeps): Promise<ExitCode> {
  const path = resolve(deps.cwd, args.file);
  checkLocalFile(path, args.file);
  const crc64 = await crc64OfFile(path);
  outputFor(args, deps).result(crc64, { file: args.file, crc64 });
  return EXIT_OK;
}
