import type { CommandModule } from 'yargs';
import type { GlobalArgs } from '../global-args.js';
import { dispatch, type CommandArgs } from './command-args.js';

export interface SetDeadlineArgs {
  url: string;
  days: string;
}

/** `wcscmd setdeadline wcs://BUCKET/OBJECT DAYS` (wcs-api.md §5.8). */
export const setDeadlineCommand: CommandModule<GlobalArgs, CommandArgs<SetDeadlineArgs>> = {
  command: 'setdeadline <url> <days>',
  describe: 'Set how many days an object is kept (0: delete soon, -1: keep forever)',
  builder: (y) =>
    y
      .positional('url', { type: 'string', demandOption: true, describe: 'wcs://BUCKET/OBJECT' })
      .positional('days', { type: 'string', demandOption: true, describe: 'days to keep; 0 = delete as soon as possible; -1 = never expire' })
      .example('$0 setdeadline wcs://test/test-100M 3', 'keep for 3 days')
      .example('$0 setdeadline wcs://test/test-100M -1', 'remove the expiry')
      .epilogue('--relevance is accepted and ignored, as in the Python tool. With --json: {"bucket","key","days"}.'),
  handler: (args) => dispatch(args, `setdeadline ${args.url}`, async () => (await import('../handlers/setdeadline.js')).runSetDeadline),
};
