/*
 * `wcscmd sync SOURCE DESTINATION` — the logic is in handlers/sync.ts (`runSync(options, deps)`,
 * options = `SyncCommandArgs`); this module is its row of the command table.
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
 * | --checksum             | checksum           | boolean  | false            | re-hash every local file, ignoring the etag cache: for files changed in place with their mtime restored |
 * | --include GLOB         | filters (ordered)  | string[] | none             | include matching paths (repeatable; rsync-like: first matching rule wins) |
 * | --exclude GLOB         | filters (ordered)  | string[] | none             | exclude matching paths (repeatable); a glob without / matches base names at any depth; a folder's name or path covers its files |
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
import type { GlobalArgs } from '../global-args.js';
import type { SyncCommandArgs } from '../handlers/sync.js';
import { CONFIG_OPTIONS, OUTPUT_OPTIONS, type OptionSpec } from '../options.js';
import type { CommandSpec } from './command-spec.js';

const GROUP = 'sync:';

/** sync's own options. `force` here is a flag and shadows the global value-taking --force after `sync`. */
const SYNC_OWN_OPTIONS: readonly OptionSpec[] = [
  { name: 'dry-run', group: GROUP, describe: 'print the plan; send no upload, download or delete' },
  { name: 'delete', group: GROUP, describe: 'remove from the destination what the source no longer has' },
  { name: 'max-delete', value: 'N', group: GROUP, describe: 'above N deletions nothing is deleted and the exit code is 1 (default 1000)' },
  { name: 'size-only', group: GROUP, describe: 'same size = same file (no etag comparison)' },
  { name: 'force', group: GROUP, describe: 'transfer every file, even identical ones' },
  { name: 'checksum', group: GROUP, describe: 're-hash every local file, ignoring the etag cache (files changed in place with their mtime restored)' },
  { name: 'include', value: 'GLOB', collect: 'filters', group: GROUP, describe: 'include paths matching GLOB (repeatable; first matching rule wins)' },
  { name: 'exclude', value: 'GLOB', collect: 'filters', group: GROUP, describe: "exclude paths matching GLOB (repeatable); a glob without / matches base names; a folder's name covers its files" },
  { name: 'min-size', value: 'SIZE', group: GROUP, describe: 'leave out smaller files (512, 10K, 20M, 1G)' },
  { name: 'max-size', value: 'SIZE', group: GROUP, describe: 'leave out larger files' },
  { name: 'transfers', value: 'N', group: GROUP, describe: 'files in flight (default 4)' },
  { name: 'bwlimit', value: 'RATE', group: GROUP, describe: 'client-side average rate limit, e.g. 20M (bytes per second)' },
  { name: 'follow-symlinks', group: GROUP, describe: 'follow symbolic links, with loop detection (default: skipped and reported)' },
  { name: 'multiput-threshold', value: 'SIZE', group: GROUP, describe: 'files above this size go by resumable multipart upload (default 20M)' },
  { name: 'download-url', value: 'URL', group: GROUP, describe: "download direction: the bucket's download domain (objects are fetched from URL/KEY)" },
  { name: 'state-dir', value: 'DIR', group: GROUP, describe: 'etag cache, run state and locks (default ~/.wcs/sync)' },
];

/** What the parser hands over: sync's options under their long names, filters in command-line order. */
export interface RawSyncArgs {
  source: string;
  destination: string;
  'dry-run'?: boolean;
  delete?: boolean;
  'max-delete'?: string;
  'size-only'?: boolean;
  force?: boolean | string;
  checksum?: boolean;
  filters?: ReadonlyArray<{ option: string; value: string }>;
  'min-size'?: string;
  'max-size'?: string;
  transfers?: string;
  bwlimit?: string;
  'follow-symlinks'?: boolean;
  'multiput-threshold'?: string;
  'download-url'?: string;
  'state-dir'?: string;
}

/** The handler's plain options object from the parsed command line. */
export function toSyncCommandArgs(args: GlobalArgs & RawSyncArgs): SyncCommandArgs {
  const { force, filters, ...rest } = args;
  const globals = rest as Omit<GlobalArgs, 'force'>;
  return {
    ...globals,
    source: args.source,
    destination: args.destination,
    dryRun: args['dry-run'],
    delete: args.delete,
    maxDelete: args['max-delete'],
    sizeOnly: args['size-only'],
    force: (force as unknown) === true,
    checksum: args.checksum,
    filters: (filters ?? []).map((f) => ({ type: f.option === 'include' ? 'include' : 'exclude', pattern: f.value })),
    minSize: args['min-size'],
    maxSize: args['max-size'],
    transfers: args.transfers,
    bwlimit: args.bwlimit,
    followSymlinks: args['follow-symlinks'],
    multiputThreshold: args['multiput-threshold'],
    downloadUrl: args['download-url'],
    stateDir: args['state-dir'],
  };
}

/** `wcscmd sync SOURCE DESTINATION` (issue 12). */
export const syncCommand: CommandSpec<RawSyncArgs> = {
  name: 'sync',
  positionals: [
    { name: 'source', describe: 'local directory, or wcs://BUCKET[/PREFIX] to download' },
    { name: 'destination', describe: 'wcs://BUCKET[/PREFIX] to upload, or a local directory' },
  ],
  describe: 'Sync a local directory and a bucket prefix (upload or download what differs)',
  uses: [...CONFIG_OPTIONS, 'overwrite', 'deadline', 'traffic_limit', ...OUTPUT_OPTIONS],
  ownOptions: SYNC_OWN_OPTIONS,
  examples: [
    ['sync ./site wcs://www/site/', 'upload what changed (compared by size and etag)'],
    ['sync ./site wcs://www/site/ --delete --dry-run', 'show what would be uploaded and deleted, change nothing'],
    ['sync ./photos wcs://bak/photos/ --exclude "*.tmp" --include "raw/keep/**" --exclude "raw/**"', 'filters: the first matching rule decides'],
    ['sync wcs://www/site/ ./copy --download-url http://www.example.com', 'download into ./copy'],
    ['sync ./logs wcs://bak/logs/ --json --transfers 8 --bwlimit 20M', 'JSON lines for scripts, 8 files at once, 20 MiB/s on average'],
  ],
  epilogue:
    'Files are the same when the sizes and the WCS etags are equal; local etags are cached by (device, inode, size, mtime), so an unchanged tree is not hashed again (--checksum re-hashes). ' +
    'Keys are the prefix joined with the path relative to the directory, with /; the prefix is a folder: wcs://www/site is wcs://www/site/. ' +
    'A run killed at any moment and started again with the same arguments finishes the job without sending finished files again. ' +
    'Block size, chunk size, concurrency and retries come from the config as for multiput. ' +
    'Exit codes: 0 all done, 1 a file failed or --max-delete refused the deletions (the other files were transferred), 2 usage error. ' +
    'With --json: one JSON line per event (planned, skipped, uploaded, downloaded, deleted, failed, progress), the last one {"type":"summary",...}.',
  action: (args) => `sync ${args.source} ${args.destination}`,
  load: async () => {
    const { runSync } = await import('../handlers/sync.js');
    return (args, deps) => runSync(toSyncCommandArgs(args), deps);
  },
};
