import { CONFIG_OPTIONS, OUTPUT_OPTIONS, POLICY_OPTIONS } from '../options.js';
import type { CommandSpec } from './command-spec.js';
import type { PutArgs } from './put.js';

export interface MultiputArgs extends PutArgs {
  restart?: boolean | undefined;
}

/** `wcscmd multiput wcs://BUCKET/OBJECT LOCALFILE`: resumable multipart upload (wcs-api.md §4.2, §11.6). */
export const multiputCommand: CommandSpec<MultiputArgs> = {
  name: 'multiput',
  positionals: [
    { name: 'url', describe: 'wcs://BUCKET/OBJECT (object omitted: the file name)' },
    { name: 'localfile', describe: 'file to upload' },
  ],
  describe: 'Upload a local file in blocks, resumable with --upload-id',
  uses: [...CONFIG_OPTIONS, 'upload-id', ...POLICY_OPTIONS, ...OUTPUT_OPTIONS],
  ownOptions: [
    {
      name: 'restart',
      group: 'multiput:',
      describe: 'start over when the resume record no longer matches the file (changed since) or is corrupt, instead of failing',
    },
  ],
  examples: [
    ['multiput wcs://test/test-100M /root/test-100M', 'prints "upload id: ID" on stderr first'],
    ['multiput wcs://test/test-100M /root/test-100M --upload-id 3IL3ce3kR6kDf4sihxh0LcWUpzTYEKFf', 'resume: only missing blocks are sent'],
    ['multiput wcs://test/test-100M /root/test-100M --restart', 'the file changed since the interrupted run: upload it from the start'],
  ],
  epilogue:
    'Block size, chunk size, concurrency and retries come from the config (block_size, bput_size, concurrency, *_retries); progress records are kept under tmp_record_folder. Running the same upload again resumes it automatically; if the file changed since, it fails and names the record: run it with --restart to start over. With --json: {"bucket","key","hash","fsize","uploadId","resumedBlocks","body"}.',
  action: (args) => `multiput ${args.url}`,
  load: async () => (await import('../handlers/put.js')).runMultiput,
};
