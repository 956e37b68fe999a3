import type { CommandModule } from 'yargs';
import type { GlobalArgs } from '../global-args.js';
import { dispatch, type CommandArgs } from './command-args.js';

export interface PutArgs {
  url: string;
  localfile: string;
}

/** `wcscmd put wcs://BUCKET/OBJECT LOCALFILE`: normal upload (wcs-api.md §4.1). */
export const putCommand: CommandModule<GlobalArgs, CommandArgs<PutArgs>> = {
  command: 'put <url> <localfile>',
  describe: 'Upload a local file',
  builder: (y) =>
    y
      .positional('url', { type: 'string', demandOption: true, describe: 'wcs://BUCKET/OBJECT (object omitted: the file name)' })
      .positional('localfile', { type: 'string', demandOption: true, describe: 'file to upload' })
      .example('$0 put wcs://test/test-1k ./test-1k --overwrite 1', 'upload, replacing an existing object')
      .example('$0 put wcs://test ./photo.jpg', 'upload as key photo.jpg')
      .epilogue(
        'Policy options: --overwrite, --returnurl, --returnbody, --callbackurl, --callbackbody, --persistentops, --persistentntyurl, --contentdetect, --detectntyurl, --detectntyrule, --deadline (token lifetime, s). With --json: {"bucket","key","hash","fsize","body"}.',
      ),
  handler: (args) => dispatch(args, `put ${args.url}`, async () => (await import('../handlers/put.js')).runPut),
};
