import type { CommandModule } from 'yargs';
import type { GlobalArgs } from '../global-args.js';
import { dispatch, type CommandArgs } from './command-args.js';

export interface StatArgs {
  url: string;
}

/** `wcscmd stat wcs://BUCKET/OBJECT` (wcs-api.md §5.4). */
export const statCommand: CommandModule<GlobalArgs, CommandArgs<StatArgs>> = {
  command: 'stat <url>',
  describe: 'Show an object\'s size, hash, type, upload time and expiry',
  builder: (y) =>
    y
      .positional('url', { type: 'string', demandOption: true, describe: 'wcs://BUCKET/OBJECT' })
      .example('$0 stat wcs://test/test-100M', 'key, size, hash, MIME type, upload time')
      .epilogue('With --json: {"bucket","key","fsize","hash","mimeType","putTime","expirationDate"?,"storageClass"?}.'),
  handler: (args) => dispatch(args, `stat ${args.url}`, async () => (await import('../handlers/stat.js')).runStat),
};
