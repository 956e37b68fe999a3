/*
 * `wcscmd sync SOURCE DESTINATION` — the logic is in handlers/sync.ts (`runSync(options, deps)`,
 * options = `SyncCommandArgs`); this module only registers it with today's parser.
 * Option list for re-registering it in another parser (all values passed to the handler as text,
 * booleans as true/undefined; the handler validates and names the option in its message):
 *
 * | option                 | handler field      | type     | default          | help |
 * |------------------------|--------------------|----------|------------------|------|
 * | SOURCE (positional)    | source             | string   | required         | local directory, or wcs://BUCKET[/PREFIX] to download |
 * | DESTINATION (pos.)     | destination        | string   | required         | wcs://BUCKET[/PREFIX] to upload, or a local directory |
 * | --dry-run              | dryRun             | boolean  | false            | print the plan; send no upload, download or delete |
 * | --delete               | delete             | boolean  | false            | remove from the destination what the source no longer has (only after both sides were listed without error) |
 * | --max-delete N         | maxDelete          | count    | 1000             | above N deletions nothing is deleted and the exit code is 1 |
 * | --size-only            | sizeOnly           | boolean  | false            | same size = same file (no etag comparison) |
 * | --force                | force              | boolean  | false            | transfer every file, even identical ones (a flag here; the global fops/fmgr --force takes a value, so today's cli.ts rewrites sync's bare --force to --force=sync) |
 * | --checksum             | checksum           | boolean  | false            | re-hash every local file, ignoring the etag cache: for files changed in place with their mtime restored |
 * | --include GLOB         | filters (ordered)  | string[] | none             | include matching paths (repeatable; rsync-like: first matching rule wins) |
 * | --exclude GLOB         | filters (ordered)  | string[] | none             | exclude matching paths (repeatable); a glob without / matches base names at any depth |
 * | --min-size SIZE        | minSize            | size     | none             | leave out smaller files (512, 10K, 20M, 1G) |
 * | --max-size SIZE        | maxSize            | size     | none             | leave out larger files |
 * | --transfers N          | transfers          | count≥1  | 4                | files in flight |
 * | --bwlimit RATE         | bwlimit            | size/s   | 0 (none)         | client-side average rate limit, e.g. 20M |
 * | --follow-symlinks      | followSymlinks     | boolean  | false            | follow symbolic links (loops are detected and reported); default: reported as skipped |
 * | --multiput-threshold S | multiputThreshold  | size     | 20M              | files above S go by resumable multipart upload |
 * | --download-url URL     | downloadUrl        | string   | required to download | the bucket's download domain: objects are fetched from URL/KEY |
 * | --state-dir DIR        | stateDir           | string   | ~/.wcs/sync      | where the etag cache, run state and locks live (created 0700) |
 * | --overwrite 0/1 (global) | overwrite        | string   | 1 for sync       | policy overwrite, as put; 0 makes changed files fail instead of replacing them |
 * | --json / --quiet (global) | json / quiet    | boolean  | false            | one JSON line per event + summary / only failures |
 *
 * Examples: see `examples` below (they are printed by `wcscmd sync --help`).
 */
import type { Argv, CommandModule } from 'yargs';
import type { CliDeps } from '../cli-deps.js';
import type { ExitCode } from '../exit-codes.js';
import type { GlobalArgs } from '../global-args.js';
import type { SyncCommandArgs } from '../handlers/sync.js';
import { dispatch, type CommandArgs, type CommandContext } from './command-args.js';

/** Option names `findUnknownOption` (cli.ts) must accept. */
export const SYNC_OPTIONS = [
  'dry-run', 'delete', 'max-delete', 'size-only', 'checksum', 'include', 'exclude', 'min-size', 'max-size', 'transfers',
  'bwlimit', 'follow-symlinks', 'multiput-threshold', 'download-url', 'state-dir',
] as const;

export const SYNC_EXAMPLES: ReadonlyArray<readonly [string, string]> = [
  ['$0 sync ./site wcs://www/site/', 'upload what changed (compared by size and etag)'],
  ['$0 sync ./site wcs://www/site/ --delete --dry-run', 'show what would be uploaded and deleted, change nothing'],
  ['$0 sync ./photos wcs://bak/photos/ --exclude "*.tmp" --include "raw/keep/**" --exclude "raw/**"', 'filters: the first matching rule decides'],
  ['$0 sync wcs://www/site/ ./copy --download-url http://www.example.com', 'download into ./copy'],
  ['$0 sync ./logs wcs://bak/logs/ --json --transfers 8 --bwlimit 20M', 'JSON lines for scripts, 8 files at once, 20 MiB/s on average'],
];

export interface RawSyncArgs {
  source: string;
  destination: string;
  'dry-run'?: boolean;
  delete?: boolean;
  'max-delete'?: string;
  'size-only'?: boolean;
  checksum?: boolean;
  'min-size'?: string;
  'max-size'?: string;
  transfers?: string;
  bwlimit?: string;
  'follow-symlinks'?: boolean;
  'multiput-threshold'?: string;
  'download-url'?: string;
  'state-dir'?: string;
}

/** --include/--exclude in command-line order: yargs keeps each option's values but not their interleaving. */
export function filtersInOrder(argv: readonly string[]): Array<{ type: 'include' | 'exclude'; pattern: string }> {
  const out: Array<{ type: 'include' | 'exclude'; pattern: string }> = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--') break;
    const m = /^--(include|exclude)(?:=(.*))?$/s.exec(token);
    if (!m) continue;
    const pattern = m[2] ?? argv[++i];
    if (pattern !== undefined) out.push({ type: m[1] as 'include' | 'exclude', pattern });
  }
  return out;
}

export const syncCommand: CommandModule<GlobalArgs, CommandArgs<RawSyncArgs>> = {
  command: 'sync <source> <destination>',
  describe: 'Sync a local directory and a bucket prefix (upload or download what differs)',
  builder: (y) => {
    const b = y
      .positional('source', { type: 'string', demandOption: true, describe: 'local directory, or wcs://BUCKET[/PREFIX] to download' })
      .positional('destination', { type: 'string', demandOption: true, describe: 'wcs://BUCKET[/PREFIX] to upload, or a local directory' })
      .option('dry-run', { type: 'boolean', describe: 'print the plan; send no upload, download or delete' })
      .option('delete', { type: 'boolean', describe: 'remove from the destination what the source no longer has' })
      .option('max-delete', { type: 'string', requiresArg: true, describe: 'above N deletions nothing is deleted and the exit code is 1 (default 1000)' })
      .option('size-only', { type: 'boolean', describe: 'same size = same file (no etag comparison)' })
      .option('checksum', { type: 'boolean', describe: 're-hash every local file, ignoring the etag cache (files changed in place with their mtime restored)' })
      .option('include', { type: 'string', requiresArg: true, array: false, describe: 'include paths matching GLOB (repeatable; first matching rule wins)' })
      .option('exclude', { type: 'string', requiresArg: true, array: false, describe: 'exclude paths matching GLOB (repeatable); a glob without / matches base names' })
      .option('min-size', { type: 'string', requiresArg: true, describe: 'leave out smaller files (512, 10K, 20M, 1G)' })
      .option('max-size', { type: 'string', requiresArg: true, describe: 'leave out larger files' })
      .option('transfers', { type: 'string', requiresArg: true, describe: 'files in flight (default 4)' })
      .option('bwlimit', { type: 'string', requiresArg: true, describe: 'client-side average rate limit, e.g. 20M (bytes per second)' })
      .option('force', { describe: 'sync: transfer every file, even identical ones (a flag); fops/deletePrefix: 1 = redo outputs' })
      .option('follow-symlinks', { type: 'boolean', describe: 'follow symbolic links, with loop detection (default: skipped and reported)' })
      .option('multiput-threshold', { type: 'string', requiresArg: true, describe: 'files above this size go by resumable multipart upload (default 20M)' })
      .option('download-url', { type: 'string', requiresArg: true, describe: 'download direction: the bucket\'s download domain (objects are fetched from URL/KEY)' })
      .option('state-dir', { type: 'string', requiresArg: true, describe: 'etag cache, run state and locks (default ~/.wcs/sync)' })
      .epilogue(
        'Files are the same when the sizes and the WCS etags are equal; local etags are cached by (device, inode, size, mtime), so an unchanged tree is not hashed again (--checksum re-hashes). ' +
          'Keys are the prefix joined with the path relative to the directory, with /; a prefix without a trailing / is used as given. ' +
          'A run killed at any moment and started again with the same arguments finishes the job without sending finished files again. ' +
          'Block size, chunk size, concurrency and retries come from the config as for multiput. ' +
          'Exit codes: 0 all done, 1 a file failed or --max-delete refused the deletions (the other files were transferred), 2 usage error. ' +
          'With --json: one JSON line per event (planned, skipped, uploaded, downloaded, deleted, failed, progress), the last one {"type":"summary",...}.',
      );
    for (const [command, description] of SYNC_EXAMPLES) b.example(command, description);
    return b as unknown as Argv<CommandArgs<RawSyncArgs>>;
  },
  handler: (args) => {
    const { argv } = (args as unknown as { wcscmd: CommandContext }).wcscmd;
    const { force: _fopsForce, ...globals } = args;
    const options: SyncCommandArgs = {
      ...globals,
      source: args.source,
      destination: args.destination,
      dryRun: args['dry-run'],
      delete: args.delete,
      maxDelete: args['max-delete'],
      sizeOnly: args['size-only'],
      // cli.ts turns a bare --force into --force=sync, since the global --force (fops/fmgr) takes a value.
      force: args.force === 'sync' || (args as { force?: unknown }).force === true,
      checksum: args.checksum,
      filters: filtersInOrder(argv ?? []),
      minSize: args['min-size'],
      maxSize: args['max-size'],
      transfers: args.transfers,
      bwlimit: args.bwlimit,
      followSymlinks: args['follow-symlinks'],
      multiputThreshold: args['multiput-threshold'],
      downloadUrl: args['download-url'],
      stateDir: args['state-dir'],
    };
    return dispatch(options as unknown as CommandArgs<SyncCommandArgs>, `sync ${args.source} ${args.destination}`, async () => (await import('../handlers/sync.js')).runSync as (args: GlobalArgs & SyncCommandArgs, deps: CliDeps) => Promise<ExitCode>);
  },
};
