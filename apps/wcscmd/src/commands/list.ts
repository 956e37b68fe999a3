import type { CommandModule } from 'yargs';
import type { GlobalArgs } from '../global-args.js';
import { dispatch, type CommandArgs } from './command-args.js';

export interface ListArgs {
  bucketUrl: string;
  resfile: string;
}

/** `wcscmd list wcs://BUCKET RESFILE`: one page of objects, saved as JSON (wcs-api.md §5.3, §11.4). */
export const listCommand: CommandModule<GlobalArgs, CommandArgs<ListArgs>> = {
  command: 'list <bucketUrl> <resfile>',
  describe: 'List one page of objects into RESFILE (JSON)',
  builder: (y) =>
    y
      .positional('bucketUrl', { type: 'string', demandOption: true, describe: 'wcs://BUCKET' })
      .positional('resfile', { type: 'string', demandOption: true, describe: 'file to write the page to (JSON)' })
      .example('$0 list wcs://test ./result --limit 4', 'save the first 4 objects of bucket test in ./result')
      .example('$0 list wcs://test ./page2 --marker MARKER', 'continue after a previous page')
      .epilogue(
        'Uses --limit (1-1000), --prefix, --mode (0 files first, 1 folders first) and --marker. RESFILE gets {"marker","commonPrefixes":[...],"items":[{"key","hash","fsize","mimeType","putTime",...}]}. stdout: a table of the page; with --json {"bucket","file","count","marker","commonPrefixes","items"}.',
      ),
  handler: (args) => dispatch(args, `list ${args.bucketUrl}`, async () => (await import('../handlers/list.js')).runList),
};
