import { CONFIG_OPTIONS, JOB_OPTIONS, OUTPUT_OPTIONS } from '../options.js';
import type { CommandSpec } from './command-spec.js';

export interface FopsArgs {
  url: string;
  ops: string;
}

/** `wcscmd fops wcs://BUCKET/OBJECT "OPS"`: persistent processing (wcs-api.md §7.1). */
export const fopsCommand: CommandSpec<FopsArgs> = {
  name: 'fops',
  positionals: [
    { name: 'url', describe: 'wcs://BUCKET/OBJECT' },
    { name: 'ops', describe: 'processing commands, separated by ";"' },
  ],
  describe: 'Submit audio/video or data processing of an object',
  uses: [...CONFIG_OPTIONS, ...JOB_OPTIONS, ...OUTPUT_OPTIONS],
  examples: [['fops wcs://test/test.mp4 "vframe/jpg/offset/1"', 'prints the persistentId; check with fopsStatus']],
  epilogue: 'With --json: {"persistentId"}.',
  action: (args) => `fops ${args.url}`,
  load: async () => (await import('../handlers/fops.js')).runFops,
};
