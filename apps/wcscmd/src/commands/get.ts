import { OUTPUT_OPTIONS } from '../options.js';
import type { CommandSpec } from './command-spec.js';

export interface GetArgs {
  url: string;
  file?: string | undefined;
}

/** `wcscmd get URL [FILE]`: download a URL (wcs-api.md §9, §11.5). */
export const getCommand: CommandSpec<GetArgs> = {
  name: 'get',
  positionals: [
    { name: 'url', describe: 'http(s) URL of the object' },
    { name: 'file', optional: true, describe: 'local file (default: the name in the URL, in the current directory)' },
  ],
  describe: 'Download a file by URL',
  uses: ['config', 'profile', 'traffic_limit', ...OUTPUT_OPTIONS],
  examples: [
    ['get http://test.example.com/a/b.jpg', 'saves ./b.jpg'],
    ['get http://test.example.com/a/b.jpg ./copy.jpg', 'saves ./copy.jpg'],
  ],
  epilogue:
    'The body goes to a temporary file beside FILE, which is renamed only once the download is complete (and its etag matches the ETag header, when the server sends one): a failed download leaves nothing under FILE. Sends x-wos-traffic-limit when traffic_limit is set. With --json: {"url","file","bytes"}.',
  action: (args) => `get ${args.url}`,
  load: async () => (await import('../handlers/get.js')).runGet,
};
