import { CONFIG_OPTIONS, OUTPUT_OPTIONS } from '../options.js';
import type { CommandSpec } from './command-spec.js';

export interface BucketStatArgs {
  buckets: string;
}

/** `wcscmd bucketstat "b1|b2"`: daily storage usage (wcs-api.md §5.2). */
export const bucketStatCommand: CommandSpec<BucketStatArgs> = {
  name: 'bucketstat',
  positionals: [{ name: 'buckets', describe: 'bucket names joined by |' }],
  describe: 'Show daily storage usage of buckets ("b1|b2|...")',
  uses: [...CONFIG_OPTIONS, 'startdate', 'enddate', 'islistdetails', 'storagetype', ...OUTPUT_OPTIONS],
  examples: [
    ['bucketstat "test|other"', 'yesterday and today'],
    ['bucketstat test --startdate 2024-01-01 --enddate 2024-01-31', 'a date range (at most 6 months)'],
  ],
  epilogue:
    '--startdate defaults to yesterday and --enddate to today (local dates, yyyy-mm-dd). With --json: the service\'s {"buckets":[{"name","detail":[{"data_time","storage"}]}]} (storage in MB).',
  action: (args) => `bucketstat ${args.buckets}`,
  load: async () => (await import('../handlers/bucketstat.js')).runBucketStat,
};
