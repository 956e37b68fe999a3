import type { CommandModule } from 'yargs';
import type { GlobalArgs } from '../global-args.js';
import { dispatch, type CommandArgs } from './command-args.js';

export interface BucketStatArgs {
  buckets: string;
}

/** `wcscmd bucketstat "b1|b2"`: daily storage usage (wcs-api.md §5.2). */
export const bucketStatCommand: CommandModule<GlobalArgs, CommandArgs<BucketStatArgs>> = {
  command: 'bucketstat <buckets>',
  describe: 'Show daily storage usage of buckets ("b1|b2|...")',
  builder: (y) =>
    y
      .positional('buckets', { type: 'string', demandOption: true, describe: 'bucket names joined by |' })
      .example('$0 bucketstat "test|other"', 'yesterday and today')
      .example('$0 bucketstat test --startdate 2024-01-01 --enddate 2024-01-31', 'a date range (at most 6 months)')
      .epilogue(
        '--startdate defaults to yesterday and --enddate to today (local dates, yyyy-mm-dd); also --islistdetails true|false and --storagetype Standard|InfrequentAccess|Archive. With --json: the service\'s {"buckets":[{"name","detail":[{"data_time","storage"}]}]} (storage in MB).',
      ),
  handler: (args) => dispatch(args, `bucketstat ${args.buckets}`, async () => (await import('../handlers/bucketstat.js')).runBucketStat),
};
