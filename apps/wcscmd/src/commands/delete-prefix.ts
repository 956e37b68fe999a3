import type { CommandModule } from 'yargs';
import type { GlobalArgs } from '../global-args.js';
import { dispatch, type CommandArgs } from './command-args.js';

export interface DeletePrefixArgs {
  bucketUrl: string;
  prefix: string;
  wait?: boolean | undefined;
}

/** `wcscmd deletePrefix wcs://BUCKET PREFIX`: asynchronous fmgr job (wcs-api.md §6.6). */
export const deletePrefixCommand: CommandModule<GlobalArgs, CommandArgs<DeletePrefixArgs>> = {
  command: 'deletePrefix <bucketUrl> <prefix>',
  describe: 'Delete every object whose key starts with PREFIX (asynchronous job)',
  builder: (y) =>
    y
      .positional('bucketUrl', { type: 'string', demandOption: true, describe: 'wcs://BUCKET' })
      .positional('prefix', { type: 'string', demandOption: true, describe: 'key prefix' })
      .option('wait', { type: 'boolean', describe: 'poll the job (fmgrStatus) until it has finished' })
      .example('$0 deletePrefix wcs://test test-prefix', 'prints the persistentId of the job')
      .example('$0 deletePrefix wcs://test logs/ --wait', 'waits until the objects are deleted')
      .epilogue('Uses --notify, --separate, --force. With --json: {"persistentId"} (with --wait also "status").'),
  handler: (args) => dispatch(args, `deletePrefix ${args.bucketUrl} ${args.prefix}`, async () => (await import('../handlers/delete-prefix.js')).runDeletePrefix),
};
