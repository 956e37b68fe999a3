import { CONFIG_OPTIONS, OUTPUT_OPTIONS } from '../options.js';
import type { CommandSpec } from './command-spec.js';
import type { JobStatusArgs } from './fops-status.js';

/** `wcscmd fmgrStatus ID` (wcs-api.md §6.9). */
export const fmgrStatusCommand: CommandSpec<JobStatusArgs> = {
  name: 'fmgrStatus',
  positionals: [{ name: 'id', describe: 'persistentId printed by deletePrefix' }],
  describe: 'Show the status of an fmgr job (deletePrefix…)',
  uses: [...CONFIG_OPTIONS, ...OUTPUT_OPTIONS],
  examples: [['fmgrStatus PERSISTENT_ID', 'state of the job and of each item']],
  epilogue:
    'Exit status 0 while the job runs and when it succeeded, 1 when it finished with failed commands (each error is named on stderr). With --json: {"persistentId","code","desc","separate","items":[{"cmd","code","desc","error","key","hash","fsize","url"}]}.',
  action: (args) => `fmgrStatus ${args.id}`,
  load: async () => (await import('../handlers/job-status.js')).runFmgrStatus,
};
