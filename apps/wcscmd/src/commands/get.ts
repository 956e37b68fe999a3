import type { CommandModule } from 'yargs';
import type { GlobalArgs } from '../global-args.js';
import { dispatch, type CommandArgs } from './command-args.js';

export interface GetArgs {
  url: string;
  file?: string | undefined;
}

/** `wcscmd get URL [FILE]`: download a URL (wcs-api.md §9, §11.5). */
export const getCommand: CommandModule<GlobalArgs, CommandArgs<GetArgs>> = {
  command: 'get <url> [file]',
  describe: 'Download a file by URL',
  builder: (y) =>
    y
      .positional('url', { type: 'string', demandOption: true, describe: 'http(s) URL of the object' })
      .positional('file', { type: 'string', describe: 'local file (default: the name in the URL, in the current directory)' })
      .example('$0 get http://test.example.com/a/b.jpg', 'saves ./b.jpg')
      .example('$0 get http://test.example.com/a/b.jpg ./copy.jpg', 'saves ./copy.jpg')
      .epilogue(
        'The body goes to a temporary file beside FILE, which is renamed only once the download is complete (and its etag matches the ETag header, when the server sends one): a failed download leaves nothing under FILE. Sends x-wos-traffic-limit when traffic_limit is set. With --json: {"url","file","bytes"}.',
      ),
  handler: (args) => dispatch(args, `get ${args.url}`, async () => (await import('../handlers/get.js')).runGet),
};
