import type { CommandModule } from 'yargs';
import type { GlobalArgs } from '../global-args.js';
import { dispatch, type CommandArgs } from './command-args.js';

export interface FopsArgs {
  url: string;
  ops: string;
}

/** `wcscmd fops wcs://BUCKET/OBJECT "OPS"`: persistent processing (wcs-api.md §7.1). */
export const fopsCommand: CommandModule<GlobalArgs, CommandArgs<FopsArgs>> = {
  command: 'fops <url> <ops>',
  describe: 'Submit audio/video or data processing of an object',
  builder: (y) =>
    y
      .positional('url', { type: 'string', demandOption: true, describe: 'wcs://BUCKET/OBJECT' })
      .positional('ops', { type: 'string', demandOption: true, describe: 'processing commands, separated by ";"' })
      .example('$0 fops wcs://test/test.mp4 "vframe/jpg/offset/1"', 'prints the persistentId; check with fopsStatus')
      .epilogue('Uses --notify, --force, --separate. With --json: {"persistentId"}.'),
  handler: (args) => dispatch(args, `fops ${args.url}`, async () => (await import('../handlers/fops.js')).runFops),
};
