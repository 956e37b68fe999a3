import type { CommandModule } from 'yargs';
import type { GlobalArgs } from '../global-args.js';
import { dispatch, type CommandArgs } from './command-args.js';

export interface MoveCopyArgs {
  src: string;
  dst: string;
}

/** `wcscmd mv|move SRC DST` (wcs-api.md §5.6). */
export const mvCommand: CommandModule<GlobalArgs, CommandArgs<MoveCopyArgs>> = {
  command: 'mv <src> <dst>',
  aliases: ['move'],
  describe: 'Move or rename an object',
  builder: (y) =>
    y
      .positional('src', { type: 'string', demandOption: true, describe: 'wcs://SRCBUCKET/SRCOBJECT' })
      .positional('dst', { type: 'string', demandOption: true, describe: 'wcs://DSTBUCKET/DSTOBJECT (empty object: same key)' })
      .example('$0 move wcs://srctest/test1 wcs://dsttest/test2', 'move between buckets')
      .example('$0 mv wcs://test/a wcs://test/b', 'rename')
      .epilogue('An existing destination is overwritten. With --json: {"moved":true,"from":{"bucket","key"},"to":{"bucket","key"}}.'),
  handler: (args) => dispatch(args, `mv ${args.src} ${args.dst}`, async () => (await import('../handlers/move-copy.js')).runMove),
};
