import { CONFIG_OPTIONS, OUTPUT_OPTIONS } from '../options.js';
import type { CommandSpec } from './command-spec.js';

/** `wcscmd listbucket`: the account's buckets (wcs-api.md §5.1). */
export const listBucketCommand: CommandSpec = {
  name: 'listbucket',
  positionals: [],
  describe: 'List buckets',
  uses: [...CONFIG_OPTIONS, ...OUTPUT_OPTIONS],
  examples: [['listbucket', 'one bucket name per line']],
  epilogue: 'With --json: {"buckets":[{"name":"..."}]}.',
  action: () => 'listbucket',
  load: async () => (await import('../handlers/listbucket.js')).runListBucket,
};
