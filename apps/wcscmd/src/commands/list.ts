import { CONFIG_OPTIONS, LIST_OPTIONS, OUTPUT_OPTIONS } from '../options.js';
import type { CommandSpec } from './command-spec.js';

export interface ListArgs {
  bucketUrl: string;
  resfile: string;
}

/** `wcscmd list wcs://BUCKET RESFILE`: one page of objects, saved as JSON (wcs-api.md §5.3, §11.4). */
export const listCommand: CommandSpec<ListArgs> = {
  name: 'list',
  positionals: [
    { name: 'bucketUrl', describe: 'wcs://BUCKET' },
    { name: 'resfile', describe: 'file to write the page to (JSON)' },
  ],
  describe: 'List one page of objects into RESFILE (JSON)',
  uses: [...CONFIG_OPTIONS, ...LIST_OPTIONS, ...OUTPUT_OPTIONS],
  examples: [
    ['list wcs://test ./result --limit 4', 'save the first 4 objects of bucket test in ./result'],
    ['list wcs://test ./page2 --marker MARKER', 'continue after a previous page'],
  ],
  epilogue:
    'RESFILE gets {"marker","commonPrefixes":[...],"items":[{"key","hash","fsize","mimeType","putTime",...}]}. stdout: a table of the page; with --json {"bucket","file","count","marker","commonPrefixes","items"}.',
  action: (args) => `list ${args.bucketUrl}`,
  load: async () => (await import('../handlers/list.js')).runList,
};
