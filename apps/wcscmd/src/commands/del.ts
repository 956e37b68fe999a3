import type { CommandModule } from 'yargs';
import type { GlobalArgs } from '../global-args.js';
import { dispatch, type CommandArgs } from './command-args.js';

export interface DelArgs {
  url: string;
}

/** `wcscmd del wcs://BUCKET/OBJECT` (wcs-api.md §5.5). */
export const delCommand: CommandModule<GlobalArgs, CommandArgs<DelArgs>> = {
  command: 'del <url>',
  describe: 'Delete an object',
  builder: (y) =>
    y
      .positional('url', { type: 'string', demandOption: true, describe: 'wcs://BUCKET/OBJECT' })
      .example('$0 del wcs://test/test-100M', 'prints "deleted wcs://test/test-100M"')
      .epilogue('Cannot be undone. With --json: {"deleted":true,"bucket","key"}.'),
  handler: (args) => dispatch(args, `del ${args.url}`, async () => (await import('../handlers/del.js')).runDel),
};
