import { OUTPUT_OPTIONS } from '../options.js';
import type { CommandSpec } from './command-spec.js';

export interface Crc64Args {
  file: string;
}

/** `wcscmd crc64 FILE`: local CRC-64 (crc64ecma, wcs-api.md §3.2); needs no config. */
export const crc64Command: CommandSpec<Crc64Args> = {
  name: 'crc64',
  positionals: [{ name: 'file', describe: 'local file' }],
  describe: 'Print the CRC-64 (crc64ecma) of a local file',
  uses: [...OUTPUT_OPTIONS],
  examples: [['crc64 ./test-1k', 'prints the CRC-64 as an unsigned decimal number']],
  epilogue: 'Needs no config. With --json: {"file","crc64"}.',
  action: (args) => `crc64 ${args.file}`,
  load: async () => (await import('../handlers/crc64.js')).runCrc64,
};
