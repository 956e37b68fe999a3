import type { CommandModule } from 'yargs';
import type { GlobalArgs } from '../global-args.js';
import { dispatch, type CommandArgs } from './command-args.js';
import type { PutArgs } from './put.js';

export interface MultiputArgs extends PutArgs {
  restart?: boolean | undefined;
}

/** `wcscmd multiput wcs://BUCKET/OBJECT LOCALFILE`: resumable multipart upload (wcs-api.md §4.2, §11.6). */
export const multiputCommand: CommandModule<GlobalArgs, CommandArgs<MultiputArgs>> = {
  command: 'multiput <url> <localfile>',
  describe: 'Upload a local file in blocks, resumable with --upload-id',
  builder: (y) =>
    y
      .positional('url', { type: 'string', demandOption: true, describe: 'wcs://BUCKET/OBJECT (object omitted: the file name)' })
      .positional('localfile', { type: 'string', demandOption: true, describe: 'file to upload' })
      .option('restart', {
        type: 'boolean',
        describe: 'start over when the resume record no longer matches the file (changed since) or is corrupt, instead of failing',
      })
      .example('$0 multiput wcs://test/test-100M /root/test-100M', 'prints "upload id: ID" on stderr first')
      .example('$0 multiput wcs://test/test-100M /root/test-100M --upload-id 3IL3ce3kR6kDf4sihxh0LcWUpzTYEKFf', 'resume: only missing blocks are sent')
      .example('$0 multiput wcs://test/test-100M /root/test-100M --restart', 'the file changed since the interrupted run: upload it from the start')
      .epilogue(
        'Block size, chunk size, concurrency and retries come from the config (block_size, bput_size, concurrency, *_retries); progress records are kept under tmp_record_folder. Running the same upload again resumes it automatically; if the file changed since, it fails and names the record: run it with --restart to start over. With --json: {"bucket","key","hash","fsize","uploadId","resumedBlocks","body"}.',
      ),
  handler: (args) => dispatch(args, `multiput ${args.url}`, async () => (await import('../handlers/put.js')).runMultiput),
};
