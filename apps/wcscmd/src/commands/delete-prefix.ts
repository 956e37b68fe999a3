import { CONFIG_OPTIONS, JOB_OPTIONS, OUTPUT_OPTIONS } from '../options.js';
import type { CommandSpec } from './command-spec.js';

export interface DeletePrefixArgs {
  bucketUrl: string;
  prefix: string;
  wait?: boolean | undefined;
}

/** `wcscmd deletePrefix wcs://BUCKET PREFIX`: asynchronous fmgr job (wcs-api.md §6.6). */
export const deletePrefixCommand: CommandSpec<DeletePrefixArgs> = {
  name: 'deletePrefix',
  positionals: [
    { name: 'bucketUrl', describe: 'wcs://BUCKET' },
    { name: 'prefix', describe: 'key prefix' },
  ],
  describe: 'Delete every object whose key starts with PREFIX (asynchronous job)',
  uses: [...CONFIG_OPTIONS, ...JOB_OPTIONS, ...OUTPUT_OPTIONS],
  ownOptions: [{ name: 'wait', group: 'deletePrefix:', describe: 'poll the job (fmgrStatus) until it has finished' }],
  examples: [
    ['deletePrefix wcs://test test-prefix', 'prints the persistentId of the job'],
    ['deletePrefix wcs://test logs/ --wait', 'waits until the objects are deleted'],
  ],
  epilogue: 'With --json: {"persistentId"} (with --wait also "status").',
  action: (args) => `deletePrefix ${args.bucketUrl} ${args.prefix}`,
  load: async () => (await import('../handlers/delete-prefix.js')).runDeletePrefix,
};
