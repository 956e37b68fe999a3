/**
 * The global options of the Python tool (wcs-api.md §11.2) plus ours (`--profile`, `--json`,
 * `--quiet`, `--verbose`), as parsed. Values stay strings: numbers are validated by
 * {@link configOverridesFromArgs} so each bad value gets a message naming its option.
 */
export interface GlobalArgs {
  config?: string | undefined;
  profile?: string | undefined;
  configure?: boolean | undefined;
  'dump-config'?: boolean | undefined;
  ssl?: boolean | undefined;
  'upload-id'?: string | undefined;
  limit?: string | undefined;
  prefix?: string | undefined;
  mode?: string | undefined;
  marker?: string | undefined;
  overwrite?: string | undefined;
  returnurl?: string | undefined;
  returnbody?: string | undefined;
  callbackurl?: string | undefined;
  callbackbody?: string | undefined;
  persistentops?: string | undefined;
  persistentntyurl?: string | undefined;
  contentdetect?: string | undefined;
  detectntyurl?: string | undefined;
  detectntyrule?: string | undefined;
  hashalgorithm?: string | undefined;
  notify?: string | undefined;
  separate?: string | undefined;
  force?: string | undefined;
  deadline?: string | undefined;
  traffic_limit?: string | undefined;
  startdate?: string | undefined;
  enddate?: string | undefined;
  islistdetails?: string | undefined;
  storagetype?: string | undefined;
  relevance?: boolean | undefined;
  output?: string | undefined;
  debug?: string | undefined;
  json?: boolean | undefined;
  quiet?: boolean | undefined;
  verbose?: boolean | undefined;
}
