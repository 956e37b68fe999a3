import { CONFIG_OPTIONS, OUTPUT_OPTIONS } from '../options.js';
import type { CommandSpec } from './command-spec.js';

export interface StatArgs {
  url: string;
}

/** `wcscmd stat wcs://BUCKET/OBJECT` (wcs-api.md §5.4). */
export const statCommand: CommandSpec<StatArgs> = {
  name: 'stat',
  positionals: [{ name: 'url', describe: 'wcs://BUCKET/OBJECT' }],
  describe: "Show an object's size, hash, type, upload time and expiry",
  uses: [...CONFIG_OPTIONS, ...OUTPUT_OPTIONS],
  examples: [['stat wcs://test/test-100M', 'key, size, hash, MIME type, upload time']],
  epilogue: 'With --json: {"bucket","key","fsize","hash","mimeType","putTime","expirationDate"?,"storageClass"?}.',
  action: (args) => `stat ${args.url}`,
  load: async () => (await import('../handlers/stat.js')).runStat,
};
