/**
 * The one table that maps the Python tool's `.wcscfg` key names (wcs-api.md §11.1) to our
 * config keys and to their environment variables. Order is irrelevant; files are written in the
 * ASCII order of the `.wcscfg` names, as the Python tool does.
 */
export interface WcscfgKey {
  /** Name in `.wcscfg` (Python). */
  readonly file: string;
  /** Name in `WcsConfig`. */
  readonly key: WcsConfigKey;
  /** Environment variable that overrides the file. */
  readonly env: string;
  /** How the Python tool writes the value. */
  readonly kind: 'string' | 'int' | 'bool';
  /** Never printed, logged or put in an error message. */
  readonly secret?: true;
}

/** The name of a setting in {@link WcsConfig} (e.g. `blockSizeBytes` for the `.wcscfg` key `block_size`). */
export type WcsConfigKey =
  | 'accessKey'
  | 'secretKey'
  | 'putUrl'
  | 'mgrUrl'
  | 'useHttps'
  | 'verifyTls'
  | 'keepAlive'
  | 'connectionTimeoutSeconds'
  | 'connectionRetries'
  | 'blockSizeBytes'
  | 'bputSizeBytes'
  | 'mkblkRetries'
  | 'bputRetries'
  | 'mkfileRetries'
  | 'concurrency'
  | 'recordFolder'
  | 'uploadId'
  | 'tokenDeadlineSeconds'
  | 'overwrite'
  | 'returnUrl'
  | 'returnBody'
  | 'callbackUrl'
  | 'callbackBody'
  | 'persistentOps'
  | 'persistentNotifyUrl'
  | 'contentDetect'
  | 'detectNotifyUrl'
  | 'detectNotifyRule'
  | 'hashAlgorithm'
  | 'notifyUrl'
  | 'separate'
  | 'force'
  | 'listLimit'
  | 'listMarker'
  | 'listMode'
  | 'listPrefix'
  | 'output'
  | 'trafficLimit';

export const WCSCFG_KEYS: readonly WcscfgKey[] = [
  { file: 'access_key', key: 'accessKey', env: 'WCS_ACCESS_KEY', kind: 'string' },
  { file: 'secret_key', key: 'secretKey', env: 'WCS_SECRET_KEY', kind: 'string', secret: true },
  { file: 'put_url', key: 'putUrl', env: 'WCS_PUT_URL', kind: 'string' },
  { file: 'mgr_url', key: 'mgrUrl', env: 'WCS_MGR_URL', kind: 'string' },
  { file: 'ishttps', key: 'useHttps', env: 'WCS_ISHTTPS', kind: 'bool' },
  { file: 'isverify', key: 'verifyTls', env: 'WCS_ISVERIFY', kind: 'bool' },
  { file: 'keepalive', key: 'keepAlive', env: 'WCS_KEEPALIVE', kind: 'bool' },
  { file: 'connection_timeout', key: 'connectionTimeoutSeconds', env: 'WCS_CONNECTION_TIMEOUT', kind: 'int' },
  { file: 'connection_retries', key: 'connectionRetries', env: 'WCS_CONNECTION_RETRIES', kind: 'int' },
  { file: 'block_size', key: 'blockSizeBytes', env: 'WCS_BLOCK_SIZE', kind: 'int' },
  { file: 'bput_size', key: 'bputSizeBytes', env: 'WCS_BPUT_SIZE', kind: 'int' },
  { file: 'mkblk_retries', key: 'mkblkRetries', env: 'WCS_MKBLK_RETRIES', kind: 'int' },
  { file: 'bput_retries', key: 'bputRetries', env: 'WCS_BPUT_RETRIES', kind: 'int' },
  { file: 'mkfile_retries', key: 'mkfileRetries', env: 'WCS_MKFILE_RETRIES', kind: 'int' },
  { file: 'concurrency', key: 'concurrency', env: 'WCS_CONCURRENCY', kind: 'int' },
  { file: 'tmp_record_folder', key: 'recordFolder', env: 'WCS_TMP_RECORD_FOLDER', kind: 'string' },
  { file: 'upload_id', key: 'uploadId', env: 'WCS_UPLOAD_ID', kind: 'string' },
  { file: 'deadline', key: 'tokenDeadlineSeconds', env: 'WCS_DEADLINE', kind: 'int' },
  { file: 'overwrite', key: 'overwrite', env: 'WCS_OVERWRITE', kind: 'int' },
  { file: 'returnUrl', key: 'returnUrl', env: 'WCS_RETURN_URL', kind: 'string' },
  { file: 'returnBody', key: 'returnBody', env: 'WCS_RETURN_BODY', kind: 'string' },
  { file: 'callbackUrl', key: 'callbackUrl', env: 'WCS_CALLBACK_URL', kind: 'string' },
  { file: 'callbackBody', key: 'callbackBody', env: 'WCS_CALLBACK_BODY', kind: 'string' },
  { file: 'persistentOps', key: 'persistentOps', env: 'WCS_PERSISTENT_OPS', kind: 'string' },
  { file: 'persistentNotifyUrl', key: 'persistentNotifyUrl', env: 'WCS_PERSISTENT_NOTIFY_URL', kind: 'string' },
  { file: 'contentDetect', key: 'contentDetect', env: 'WCS_CONTENT_DETECT', kind: 'string' },
  { file: 'detectNotifyURL', key: 'detectNotifyUrl', env: 'WCS_DETECT_NOTIFY_URL', kind: 'string' },
  { file: 'detectNotifyRule', key: 'detectNotifyRule', env: 'WCS_DETECT_NOTIFY_RULE', kind: 'string' },
  { file: 'hashAlgorithm', key: 'hashAlgorithm', env: 'WCS_HASH_ALGORITHM', kind: 'string' },
  { file: 'notifyurl', key: 'notifyUrl', env: 'WCS_NOTIFY_URL', kind: 'string' },
  { file: 'separate', key: 'separate', env: 'WCS_SEPARATE', kind: 'int' },
  { file: 'force', key: 'force', env: 'WCS_FORCE', kind: 'int' },
  { file: 'limit', key: 'listLimit', env: 'WCS_LIMIT', kind: 'int' },
  { file: 'marker', key: 'listMarker', env: 'WCS_MARKER', kind: 'string' },
  { file: 'mode', key: 'listMode', env: 'WCS_MODE', kind: 'int' },
  { file: 'prefix', key: 'listPrefix', env: 'WCS_PREFIX', kind: 'string' },
  { file: 'output', key: 'output', env: 'WCS_OUTPUT', kind: 'string' },
  { file: 'traffic_limit', key: 'trafficLimit', env: 'WCS_TRAFFIC_LIMIT', kind: 'int' },
];

const byFile = new Map(WCSCFG_KEYS.map((k) => [k.file, k]));
const byKey = new Map(WCSCFG_KEYS.map((k) => [k.key as string, k]));

/** The table row for a `.wcscfg` name, or undefined for a key we do not know. */
export const wcscfgKeyForFileName = (name: string): WcscfgKey | undefined => byFile.get(name);

/** The table row for one of our config keys. */
export const wcscfgKeyForConfigKey = (key: string): WcscfgKey | undefined => byKey.get(key);
