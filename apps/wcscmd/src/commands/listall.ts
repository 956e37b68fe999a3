import { CONFIG_OPTIONS, LIST_OPTIONS, OUTPUT_OPTIONS } from '../options.js';
import type { CommandSpec } from './command-spec.js';

export interface ListAllArgs {
  bucketUrl: string;
  resfile: string;
}

/** `wcscmd listall wcs://BUCKET RESFILE`: every object, page after page, as JSON Lines (wcs-api.md §5.3). */
export const listAllCommand: CommandSpec<ListAllArgs> = {
  name: 'listall',
  positionals: [
    { name: 'bucketUrl', describe: 'wcs://BUCKET' },
    { name: 'resfile', describe: 'file to write, one JSON object per line' },
  ],
  describe: 'List every object into RESFILE (JSON Lines, one object per line)',
  uses: [...CONFIG_OPTIONS, ...LIST_OPTIONS, ...OUTPUT_OPTIONS],
  examples: [
    ['listall wcs://test ./all.jsonl', 'write every object of bucket test to ./all.jsonl'],
    ['listall wcs://test ./logs.jsonl --prefix logs/', 'only keys starting with logs/'],
  ],
  epilogue:
    'Pages are requested with --limit objects each until the marker is empty; each object is written as it arrives (constant memory). RESFILE is written to a temporary file and renamed when complete. Each line: {"key","hash","fsize","mimeType","putTime",...}. stdout: "N objects written to FILE"; with --json {"bucket","file","count","pages"}.',
  action: (args) => `listall ${args.bucketUrl}`,
  load: async () => (await import('../handlers/list.js')).runListAll,
};
