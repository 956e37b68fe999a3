import type { CommandModule } from 'yargs';
import type { GlobalArgs } from '../global-args.js';
import { dispatch, type CommandArgs } from './command-args.js';
import type { JobStatusArgs } from './fops-status.js';

/** `wcscmd fmgrStatus ID` (wcs-api.md §6.9). */
export const fmgrStatusCommand: CommandModule<GlobalArgs, CommandArgs<JobStatusArgs>> = {
  command: 'fmgrStatus <id>',
  describe: 'Show the status of an fmgr job (deletePrefix…)',
  builder: (y) =>
    y
      .positional('id', { type: 'string', demandOption: true, describe: 'persistentId printed by deletePrefix' })
      .example('$0 fmgrStatus PERSISTENT_ID', 'state of the job and of each item')
      .epilogue('With --json: {"persistentId","code","desc","separate","items":[{"cmd","code","desc","error","key","hash","fsize","url"}]}.'),
  handler: (args) => dispatch(args, `fmgrStatus ${args.id}`, async () => (await import('../handlers/job-status.js')).runFmgrStatus),
};
