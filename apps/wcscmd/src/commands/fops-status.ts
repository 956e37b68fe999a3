import { CONFIG_OPTIONS, OUTPUT_OPTIONS } from '../options.js';
import type { CommandSpec } from './command-spec.js';

export interface JobStatusArgs {
  id: string;
}

/** `wcscmd fopsStatus ID` (wcs-api.md §7.2). */
export const fopsStatusCommand: CommandSpec<JobStatusArgs> = {
  name: 'fopsStatus',
  positionals: [{ name: 'id', describe: 'persistentId printed by fops' }],
  describe: 'Show the status of a processing job',
  uses: [...CONFIG_OPTIONS, ...OUTPUT_OPTIONS],
  examples: [['fopsStatus PERSISTENT_ID', 'state of the job and of each command']],
  epilogue:
    'Exit status 0 while the job runs and when it succeeded, 1 when it finished with failed commands (each error is named on stderr). With --json: {"persistentId","code","desc","separate","inputKey","inputBucket","inputFsize","items":[{"cmd","code","desc","error","key","hash","fsize","url",...}]}.',
  action: (args) => `fopsStatus ${args.id}`,
  load: async () => (await import('../handlers/job-status.js')).runFopsStatus,
};
