import { CONFIG_OPTIONS, OUTPUT_OPTIONS } from '../options.js';
import type { CommandSpec } from './command-spec.js';
import type { MoveCopyArgs } from './mv.js';

/** `wcscmd cp|copy SRC DST` (wcs-api.md §5.7). */
export const cpCommand: CommandSpec<MoveCopyArgs> = {
  name: 'cp',
  aliases: ['copy'],
  positionals: [
    { name: 'src', describe: 'wcs://SRCBUCKET/SRCOBJECT' },
    { name: 'dst', describe: 'wcs://DSTBUCKET/DSTOBJECT (empty object: same key)' },
  ],
  describe: 'Copy an object',
  uses: [...CONFIG_OPTIONS, ...OUTPUT_OPTIONS],
  examples: [['copy wcs://srctest/test1 wcs://dsttest/test2', 'copy between buckets']],
  epilogue: 'An existing destination is overwritten. With --json: {"copied":true,"from":{"bucket","key"},"to":{"bucket","key"}}.',
  action: (args) => `cp ${args.src} ${args.dst}`,
  load: async () => (await import('../handlers/move-copy.js')).runCopy,
};
