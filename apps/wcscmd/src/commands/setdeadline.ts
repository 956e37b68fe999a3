import { CONFIG_OPTIONS, OUTPUT_OPTIONS } from '../options.js';
import type { CommandSpec } from './command-spec.js';

export interface SetDeadlineArgs {
  url: string;
  days: string;
}

/** `wcscmd setdeadline wcs://BUCKET/OBJECT DAYS` (wcs-api.md §5.8). */
export const setDeadlineCommand: CommandSpec<SetDeadlineArgs> = {
  name: 'setdeadline',
  positionals: [
    { name: 'url', describe: 'wcs://BUCKET/OBJECT' },
    { name: 'days', describe: 'days to keep; 0 = delete as soon as possible; -1 = never expire' },
  ],
  describe: 'Set how many days an object is kept (0: delete soon, -1: keep forever)',
  uses: [...CONFIG_OPTIONS, 'relevance', ...OUTPUT_OPTIONS],
  examples: [
    ['setdeadline wcs://test/test-100M 3', 'keep for 3 days'],
    ['setdeadline wcs://test/test-100M -1', 'remove the expiry (also written "-- -1", as for the Python tool)'],
  ],
  epilogue: '--relevance is accepted and ignored, as in the Python tool. With --json: {"bucket","key","days"}.',
  action: (args) => `setdeadline ${args.url}`,
  load: async () => (await import('../handlers/setdeadline.js')).runSetDeadline,
};
