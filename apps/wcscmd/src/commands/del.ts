import { CONFIG_OPTIONS, OUTPUT_OPTIONS } from '../options.js';
import type { CommandSpec } from './command-spec.js';

export interface DelArgs {
  url: string;
}

/** `wcscmd del wcs://BUCKET/OBJECT` (wcs-api.md §5.5). */
export const delCommand: CommandSpec<DelArgs> = {
  name: 'del',
  positionals: [{ name: 'url', describe: 'wcs://BUCKET/OBJECT' }],
  describe: 'Delete an object',
  uses: [...CONFIG_OPTIONS, ...OUTPUT_OPTIONS],
  examples: [['del wcs://test/test-100M', 'prints "deleted wcs://test/test-100M"']],
  epilogue: 'Cannot be undone. With --json: {"deleted":true,"bucket","key"}.',
  action: (args) => `del ${args.url}`,
  load: async () => (await import('../handlers/del.js')).runDel,
};
