/**
 * One option of the command line. The long name (without dashes) is also the field of the parsed
 * arguments (GlobalArgs), so handlers read `args['upload-id']` as before.
 */
export interface OptionSpec {
  readonly name: string;
  /** One letter, for `-c FILE` / `-cFILE` / clusters such as `-sq`. */
  readonly short?: string;
  /** Placeholder of the value in help; absent for a flag (which takes no value). */
  readonly value?: string;
  readonly describe: string;
  /** Heading the option is listed under in `wcscmd --help`. */
  readonly group: string;
  /**
   * Repeatable: each occurrence is appended, in command-line order, to the array field of this
   * name as `{ option, value }` (e.g. `--include`/`--exclude` both collected into `filters`, so
   * their interleaving is kept). Without it, a repeated option keeps its last value (optparse).
   */
  readonly collect?: string;
}

export const GROUP_CONFIG = 'Configuration:';
export const GROUP_LIST = 'List options (list, listall):';
export const GROUP_POLICY = 'Upload policy (put, multiput):';
export const GROUP_JOB = 'Jobs (deletePrefix, fops):';
export const GROUP_STAT = 'bucketstat:';
export const GROUP_OUTPUT = 'Output:';
export const GROUP_COMPAT = 'Accepted for compatibility, no effect:';
export const GROUP_OTHER = 'Other:';

/**
 * The Python tool's global options (wcs-api.md §11.2) and ours. As with optparse, every one of
 * them is accepted by every command (scripts written for the Python tool pass them freely); each
 * command's help lists only those it uses. Values stay strings: config-overrides.ts validates
 * numbers so each bad value gets a message naming its option.
 */
export const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  { name: 'configure', group: GROUP_CONFIG, describe: 'create or update the config file interactively (answers may be piped on stdin)' },
  { name: 'config', short: 'c', value: 'FILE', group: GROUP_CONFIG, describe: 'config file (default $WCS_CONFIG or ~/.wcscfg)' },
  { name: 'profile', value: 'NAME', group: GROUP_CONFIG, describe: 'config file section to use (default $WCS_PROFILE or "default")' },
  { name: 'dump-config', group: GROUP_CONFIG, describe: 'print the effective config (.wcscfg format, secret key masked)' },
  { name: 'ssl', short: 's', group: GROUP_CONFIG, describe: 'use https for hosts given without a scheme (ishttps)' },
  { name: 'deadline', value: 'SECONDS', group: GROUP_CONFIG, describe: 'upload token lifetime in seconds (deadline)' },
  { name: 'traffic_limit', value: 'N', group: GROUP_CONFIG, describe: 'x-wos-traffic-limit value for uploads and downloads (0 = off)' },
  { name: 'upload-id', value: 'ID', group: GROUP_POLICY, describe: 'resume this multiput upload' },
  { name: 'overwrite', value: '0|1', group: GROUP_POLICY, describe: '1 = replace an existing object (overwrite)' },
  { name: 'returnurl', value: 'URL', group: GROUP_POLICY, describe: 'policy returnUrl' },
  { name: 'returnbody', value: 'BODY', group: GROUP_POLICY, describe: 'policy returnBody' },
  { name: 'callbackurl', value: 'URL', group: GROUP_POLICY, describe: 'policy callbackUrl' },
  { name: 'callbackbody', value: 'BODY', group: GROUP_POLICY, describe: 'policy callbackBody' },
  { name: 'persistentops', value: 'OPS', group: GROUP_POLICY, describe: 'policy persistentOps' },
  { name: 'persistentntyurl', value: 'URL', group: GROUP_POLICY, describe: 'policy persistentNotifyUrl' },
  { name: 'contentdetect', value: 'TYPE', group: GROUP_POLICY, describe: 'policy contentDetect' },
  { name: 'detectntyurl', value: 'URL', group: GROUP_POLICY, describe: 'policy detectNotifyURL' },
  { name: 'detectntyrule', value: 'RULE', group: GROUP_POLICY, describe: 'policy detectNotifyRule' },
  { name: 'hashalgorithm', value: 'ALG', group: GROUP_POLICY, describe: 'policy hashAlgorithm (e.g. crc64ecma)' },
  { name: 'limit', value: 'N', group: GROUP_LIST, describe: 'objects per page, 1-1000 (0: not sent, the service default, as in the Python tool)' },
  { name: 'prefix', value: 'PREFIX', group: GROUP_LIST, describe: 'only keys starting with this' },
  { name: 'mode', value: 'M', group: GROUP_LIST, describe: '0 = files first, 1 = folders first, 3 = not set: flat (default)' },
  { name: 'marker', value: 'MARKER', group: GROUP_LIST, describe: 'start after this marker (from a previous page)' },
  { name: 'notify', value: 'URL', group: GROUP_JOB, describe: 'notifyURL for the job result' },
  { name: 'separate', value: '0|1', group: GROUP_JOB, describe: '1 = one notification per command' },
  { name: 'force', value: '0|1', group: GROUP_JOB, describe: '1 = redo and overwrite existing outputs' },
  { name: 'startdate', value: 'DATE', group: GROUP_STAT, describe: 'yyyy-mm-dd (default yesterday)' },
  { name: 'enddate', value: 'DATE', group: GROUP_STAT, describe: 'yyyy-mm-dd (default today)' },
  { name: 'islistdetails', value: 'BOOL', group: GROUP_STAT, describe: 'true|false: daily details (default false)' },
  { name: 'storagetype', value: 'TYPE', group: GROUP_STAT, describe: 'Standard|InfrequentAccess|Archive (default: all)' },
  { name: 'json', group: GROUP_OUTPUT, describe: 'print one JSON document on stdout' },
  { name: 'quiet', short: 'q', group: GROUP_OUTPUT, describe: 'no progress or notes on stderr' },
  { name: 'verbose', group: GROUP_OUTPUT, describe: 'on failure, also print the stack and cause chain' },
  { name: 'relevance', group: GROUP_COMPAT, describe: 'setdeadline m3u8 flag (the Python tool never sends it either)' },
  { name: 'output', value: 'BUCKET:KEY', group: GROUP_COMPAT, describe: 'stored, unused' },
  { name: 'debug', value: 'X', group: GROUP_COMPAT, describe: 'ignored' },
  { name: 'help', short: 'h', group: GROUP_OTHER, describe: 'show help (with a command: that command\'s arguments, options and examples)' },
  { name: 'version', group: GROUP_OTHER, describe: 'show the wcscmd version' },
];

/** Options every command that reads the config file uses. */
export const CONFIG_OPTIONS = ['config', 'profile', 'ssl'] as const;
/** Options every command takes. */
export const OUTPUT_OPTIONS = ['json', 'quiet', 'verbose', 'help'] as const;
export const LIST_OPTIONS = ['limit', 'prefix', 'mode', 'marker'] as const;
export const JOB_OPTIONS = ['notify', 'separate', 'force'] as const;
export const POLICY_OPTIONS = [
  'overwrite',
  'returnurl',
  'returnbody',
  'callbackurl',
  'callbackbody',
  'persistentops',
  'persistentntyurl',
  'contentdetect',
  'detectntyurl',
  'detectntyrule',
  'hashalgorithm',
  'deadline',
  'traffic_limit',
] as const;
