import { CONFIG_OPTIONS, OUTPUT_OPTIONS } from '../options.js';
import type { CommandSpec } from './command-spec.js';

export interface MoveCopyArgs {
  src: string;
  dst: string;
}

/** `wcscmd mv|move SRC DST` (wcs-api.md §5.6). */
export const mvCommand: CommandSpec<MoveCopyArgs> = {
  name: 'mv',
  aliases: ['move'],
  positionals: [
    { name: 'src', describe: 'wcs://SRCBUCKET/SRCOBJECT' },
    { name: 'dst', describe: 'wcs://DSTBUCKET/DSTOBJECT (empty object: same key)' },
  ],
  describe: 'Move or rename an object',
  uses: [...CONFIG_OPTIONS, ...OUTPUT_OPTIONS],
  examples: [
    ['move wcs://srctest/test1 wcs://dsttest/test2', 'move between buckets'],
    ['mv wcs://test/a wcs://test/b', 'rename'],
  ],
  epilogue: 'An existing destination is overwritten. With --json: {"moved":true,"from":{"bucket","key"},"to":{"bucket","key"}}.',
  action: (args) => `mv ${args.src} ${args.dst}`,
  load: async () => (await import('../handlers/move-copy.js')).runMove,
};
