import type { CommandModule } from 'yargs';
import type { GlobalArgs } from '../global-args.js';
import { dispatch, type CommandArgs } from './command-args.js';

export interface ListAllArgs {
  bucketUrl: string;
  resfile: string;
}

/** `wcscmd listall wcs://BUCKET RESFILE`: every object, page after page, as JSON Lines (wcs-api.md §5.3). */
export const listAllCommand: CommandModule<GlobalArgs, CommandArgs<ListAllArgs>> = {
  command: 'listall <bucketUrl> <resfile>',
  describe: 'List every object into RESFILE (JSON Lines, one object per line)',
  builder: (y) =>
    y
      .positional('bucketUrl', { type: 'string', demandOption: true, describe: 'wcs://BUCKET' })
      .positional('resfile', { type: 'string', demandOption: true, describe: 'file to write, one JSON object per line' })
      .example('$0 listall wcs://test ./all.jsonl', 'write every object of bucket test to ./all.jsonl')
      .example('$0 listall wcs://test ./logs.jsonl --prefix logs/', 'only keys starting with logs/')
      .epilogue(
        'Pages are requested with --limit objects each until the marker is empty; each object is written as it arrives (constant memory). RESFILE is written to a temporary file and renamed when complete. Each line: {"key","hash","fsize","mimeType","putTime",...}. stdout: "N objects written to FILE"; with --json {"bucket","file","count","pages"}.',
      ),
  handler: (args) => dispatch(args, `listall ${args.bucketUrl}`, async () => (await import('../handlers/list.js')).runListAll),
};
