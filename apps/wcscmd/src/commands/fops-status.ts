import type { CommandModule } from 'yargs';
import type { GlobalArgs } from '../global-args.js';
import { dispatch, type CommandArgs } from './command-args.js';

export interface JobStatusArgs {
  id: string;
}

/** `wcscmd fopsStatus ID` (wcs-api.md §7.2). */
export const fopsStatusCommand: CommandModule<GlobalArgs, CommandArgs<JobStatusArgs>> = {
  command: 'fopsStatus <id>',
  describe: 'Show the status of a processing job',
  builder: (y) =>
    y
      .positional('id', { type: 'string', demandOption: true, describe: 'persistentId printed by fops' })
      .example('$0 fopsStatus PERSISTENT_ID', 'state of the job and of each command')
      .epilogue('Exit status 0 while the job runs and when it succeeded, 1 when it finished with failed commands (each error is named on stderr). With --json: {"persistentId","code","desc","separate","inputKey","inputBucket","inputFsize","items":[{"cmd","code","desc","error","key","hash","fsize","url",...}]}.'),
  handler: (args) => dispatch(args, `fopsStatus ${args.id}`, async () => (await import('../handlers/job-status.js')).runFopsStatus),
};
