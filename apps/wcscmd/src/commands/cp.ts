import type { CommandModule } from 'yargs';
import type { GlobalArgs } from '../global-args.js';
import { dispatch, type CommandArgs } from './command-args.js';
import type { MoveCopyArgs } from './mv.js';

/** `wcscmd cp|copy SRC DST` (wcs-api.md §5.7). */
export const cpCommand: CommandModule<GlobalArgs, CommandArgs<MoveCopyArgs>> = {
  command: 'cp <src> <dst>',
  aliases: ['copy'],
  describe: 'Copy an object',
  builder: (y) =>
    y
      .positional('src', { type: 'string', demandOption: true, describe: 'wcs://SRCBUCKET/SRCOBJECT' })
      .positional('dst', { type: 'string', demandOption: true, describe: 'wcs://DSTBUCKET/DSTOBJECT (empty object: same key)' })
      .example('$0 copy wcs://srctest/test1 wcs://dsttest/test2', 'copy between buckets')
      .epilogue('An existing destination is overwritten. With --json: {"copied":true,"from":{"bucket","key"},"to":{"bucket","key"}}.'),
  handler: (args) => dispatch(args, `cp ${args.src} ${args.dst}`, async () => (await import('../handlers/move-copy.js')).runCopy),
};
