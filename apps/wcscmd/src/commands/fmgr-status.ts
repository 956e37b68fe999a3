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
      .epilogue('Exit status 0 while the job runs and when it succeeded, 1 when it finished with failed commands (each error is named on stderr). With --json: {"persistentId","code","desc","separate","items":[{"cmd","code","desc","error","key","hash","fsize","url"}]}.'),
  handler: (args) => dispatch(args, `fmgrStatus ${args.id}`, async () => (await import('../handlers/job-status.js')).runFmgrStatus),
};
