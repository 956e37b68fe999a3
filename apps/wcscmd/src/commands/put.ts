import { CONFIG_OPTIONS, OUTPUT_OPTIONS, POLICY_OPTIONS } from '../options.js';
import type { CommandSpec } from './command-spec.js';

export interface PutArgs {
  url: string;
  localfile: string;
}

/** `wcscmd put wcs://BUCKET/OBJECT LOCALFILE`: normal upload (wcs-api.md §4.1). */
export const putCommand: CommandSpec<PutArgs> = {
  name: 'put',
  positionals: [
    { name: 'url', describe: 'wcs://BUCKET/OBJECT (object omitted: the file name)' },
    { name: 'localfile', describe: 'file to upload' },
  ],
  describe: 'Upload a local file',
  uses: [...CONFIG_OPTIONS, ...POLICY_OPTIONS, ...OUTPUT_OPTIONS],
  examples: [
    ['put wcs://test/test-1k ./test-1k --overwrite 1', 'upload, replacing an existing object'],
    ['put wcs://test ./photo.jpg', 'upload as key photo.jpg'],
  ],
  epilogue: 'With --returnurl the service answers with a redirect, printed as "location". With --json: {"bucket","key","hash","fsize","body","location"?}.',
  action: (args) => `put ${args.url}`,
  load: async () => (await import('../handlers/put.js')).runPut,
};
