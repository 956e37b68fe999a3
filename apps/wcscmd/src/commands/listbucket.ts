import type { CommandModule } from 'yargs';
import type { GlobalArgs } from '../global-args.js';
import { dispatch, type CommandArgs } from './command-args.js';

/** `wcscmd listbucket`: the account's buckets (wcs-api.md §5.1). */
export const listBucketCommand: CommandModule<GlobalArgs, CommandArgs<object>> = {
  command: 'listbucket',
  describe: 'List buckets',
  builder: (y) =>
    y
      .example('$0 listbucket', 'one bucket name per line')
      .epilogue('With --json: {"buckets":[{"name":"..."}]}.'),
  handler: (args) => dispatch(args, 'listbucket', async () => (await import('../handlers/listbucket.js')).runListBucket),
};
