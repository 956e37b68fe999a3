import type { CommandModule } from 'yargs';
import type { GlobalArgs } from '../global-args.js';
import { dispatch, type CommandArgs } from './command-args.js';

export interface Crc64Args {
  file: string;
}

/** `wcscmd crc64 FILE`: local CRC-64 (crc64ecma, wcs-api.md §3.2); needs no config. */
export const crc64Command: CommandModule<GlobalArgs, CommandArgs<Crc64Args>> = {
  command: 'crc64 <file>',
  describe: 'Print the CRC-64 (crc64ecma) of a local file',
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'local file' })
      .example('$0 crc64 ./test-1k', 'prints the CRC-64 as an unsigned decimal number')
      .epilogue('With --json: {"file","crc64"}.'),
  handler: (args) => dispatch(args, `crc64 ${args.file}`, async () => (await import('../handlers/crc64.js')).runCrc64),
};
