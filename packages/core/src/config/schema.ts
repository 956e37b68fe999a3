import { homedir } from 'node:os';
import { join } from 'node:path';
import { BLOCK_SIZE_BYTES } from '../constants.js';
import { WcsConfigError } from '../errors.js';
import { redactConfig } from './redact.js';
import { wcscfgKeyForConfigKey } from './wcscfg-keys.js';

// Checked by hand rather than with zod: the config is read by every command of wcscmd at
// start-up, and importing zod costs more than the whole rest of a `wcscmd stat` before its
// request (bench/cli/startup.mjs). The rules and messages are those the zod schema had.

// `.wcscfg` and environment values arrive as strings; programmatic callers pass numbers and
// booleans. Both are accepted here, and nowhere else.
const TRUE_WORDS = new Set(['true', 'yes', 'on', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'off', '0']);

/**
 * Where multipart resume records go unless `tmp_record_folder` says otherwise: `~/.wcs/multipart`,
 * private to the user (the uploader creates it 0700 and refuses a folder others can write).
 */
export function defaultRecordFolder(): string {
  return join(homedir(), '.wcs', 'multipart');
}

/** One setting: its default and how a given value is checked (an error message, or the value). */
interface Rule<In, Out> {
  /** The value when none is given; a function so a default may depend on the machine (a home folder). */
  readonly fallback: () => Out;
  readonly check: (value: In) => { value: Out } | { message: string };
}

const bool = (fallback: boolean): Rule<boolean | string, boolean> => ({
  fallback: () => fallback,
  check: (value) => {
    if (typeof value === 'boolean') return { value };
    const word = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
    if (word !== undefined && TRUE_WORDS.has(word)) return { value: true };
    if (word !== undefined && FALSE_WORDS.has(word)) return { value: false };
    return { message: 'must be one of true/false, yes/no, on/off, 1/0' };
  },
});

const int = (fallback: number, min: number, max = Number.MAX_SAFE_INTEGER, multipleOf?: { step: number; label: string }): Rule<number | string, number> => ({
  fallback: () => fallback,
  check: (value) => {
    // Python's int() accepts surrounding blanks, a sign and digits; nothing else.
    const n =
      typeof value === 'number' ? value : typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value) ? Number(value.trim()) : Number.NaN;
    if (!Number.isSafeInteger(n)) return { message: 'must be a whole number' };
    if (n < min) return { message: `must be at least ${min}` };
    if (n > max) return { message: `must be at most ${max}` };
    if (multipleOf && n % multipleOf.step !== 0) return { message: `must be a multiple of ${multipleOf.label}` };
    return { value: n };
  },
});

const str = (fallback = ''): Rule<string, string> => ({
  fallback: () => fallback,
  check: (value) => (typeof value === 'string' ? { value } : { message: 'must be text' }),
});

/**
 * Every setting of the Python tool's `.wcscfg` (wcs-api.md §11.1), under our names, with the
 * Python tool's defaults. Units are in the names. `wcscfg-keys.ts` maps file names to these.
 */
const RULES = {
  accessKey: str(),
  secretKey: str(),
  /** Upload host: a bare host (scheme from `useHttps`) or a full `http(s)://` URL. */
  putUrl: str(),
  /** Manage host: a bare host (scheme from `useHttps`) or a full `http(s)://` URL. */
  mgrUrl: str(),
  useHttps: bool(false),
  verifyTls: bool(true),
  /** false: every request is sent with `Connection: close`, as the Python tool does. */
  keepAlive: bool(false),
  connectionTimeoutSeconds: int(40, 1, 3600),
  connectionRetries: int(3, 0, 100),
  blockSizeBytes: int(BLOCK_SIZE_BYTES, 1, Number.MAX_SAFE_INTEGER, { step: BLOCK_SIZE_BYTES, label: `${BLOCK_SIZE_BYTES} (4 MiB)` }),
  bputSizeBytes: int(BLOCK_SIZE_BYTES, 1, Number.MAX_SAFE_INTEGER, { step: 2, label: '2 (an even number of bytes)' }),
  mkblkRetries: int(3, 0, 100),
  bputRetries: int(3, 0, 100),
  mkfileRetries: int(3, 0, 100),
  /**
   * Blocks uploaded in parallel; 0 means one at a time. 8, not the Python tool's 4: with 40 ms
   * per request at 400 Mbit/s, 4 workers leave the link idle between chunks, and 8 cost
   * nothing on a fast link (bench/cli/README.md has the figures).
   */
  concurrency: int(8, 0, 64),
  /** Resume records of multipart uploads: a per-user folder, never the shared /tmp/multipart/ the Python tool uses (issue 10 item 11). */
  recordFolder: {
    fallback: defaultRecordFolder,
    check: (value: string) =>
      typeof value !== 'string'
        ? { message: 'must be text' }
        : { value: value.trim() === '' ? defaultRecordFolder() : value.replace(/^~(?=$|\/)/, homedir()) },
  },
  uploadId: str(),
  /** Upload token lifetime in seconds, relative to signing time (wcs-api.md §11.1). */
  tokenDeadlineSeconds: int(7200, 1),
  overwrite: int(0, 0, 1),
  returnUrl: str(),
  returnBody: str(),
  callbackUrl: str(),
  callbackBody: str(),
  persistentOps: str(),
  persistentNotifyUrl: str(),
  contentDetect: str(),
  detectNotifyUrl: str(),
  detectNotifyRule: str(),
  hashAlgorithm: str(),
  notifyUrl: str(),
  separate: int(0, 0, 1),
  force: int(0, 0, 1),
  listLimit: int(1000, 0, 1000),
  listMarker: str(),
  /** 0 files first, 1 folders first; any other value means "not set" (Python default 3). */
  listMode: int(3, 0, 3),
  listPrefix: str(),
  /** Accepted for compatibility; the Python tool never sends it either. */
  output: str(),
  trafficLimit: int(0, 0),
} satisfies Record<string, Rule<never, unknown>>;

type Rules = typeof RULES;
type OutputOf<R> = R extends { fallback: () => infer Out } ? Out : never;

/**
 * A complete, validated configuration: every `.wcscfg` setting under our names (`wcscfg-keys.ts`
 * maps the file's names to these), with the defaults filled in. Written out rather than derived
 * from the rules so that editors and the API reference show each field; the check below keeps
 * the two in step.
 */
export interface WcsConfig {
  /** Access key (`access_key`, `WCS_ACCESS_KEY`). */
  readonly accessKey: string;
  /** Secret key (`secret_key`, `WCS_SECRET_KEY`): never printed, logged or put in an error (`redactConfig` masks it). */
  readonly secretKey: string;
  /** Upload host (`put_url`, `WCS_PUT_URL`): a bare host (scheme from `useHttps`) or a full `http(s)://` URL. */
  readonly putUrl: string;
  /** Manage host (`mgr_url`, `WCS_MGR_URL`): a bare host (scheme from `useHttps`) or a full `http(s)://` URL. */
  readonly mgrUrl: string;
  /** `https://` for bare hosts (`ishttps`, default false). */
  readonly useHttps: boolean;
  /** TLS certificate verification (`isverify`, default true). */
  readonly verifyTls: boolean;
  /** `keepalive`; false (default): every request is sent with `Connection: close`, as the Python tool does. */
  readonly keepAlive: boolean;
  /** `connection_timeout`: longest wait for a connection, and longest silence on one (default 40, 1-3600). */
  readonly connectionTimeoutSeconds: number;
  /** `connection_retries`: extra attempts of a request that is safe to repeat (default 3). */
  readonly connectionRetries: number;
  /** Multipart block size (`block_size`), a multiple of 4 MiB (default 4 MiB). */
  readonly blockSizeBytes: number;
  /** Multipart chunk (bput) size (`bput_size`), an even number of bytes (default 4 MiB). */
  readonly bputSizeBytes: number;
  /** `mkblk_retries`: extra attempts of a block's first chunk (default 3). */
  readonly mkblkRetries: number;
  /** `bput_retries`: extra attempts of a following chunk (default 3). */
  readonly bputRetries: number;
  /** `mkfile_retries`: extra attempts of the final mkfile request (default 3). */
  readonly mkfileRetries: number;
  /** Blocks uploaded in parallel (`concurrency`, default 8; 0 = one at a time). */
  readonly concurrency: number;
  /** Folder of multipart resume records (`tmp_record_folder`, default `~/.wcs/multipart`, private to the user). */
  readonly recordFolder: string;
  /** Multipart upload to resume (`upload_id`); empty = a new upload. */
  readonly uploadId: string;
  /** Upload token lifetime in seconds, relative to signing time (`deadline`, default 7200). */
  readonly tokenDeadlineSeconds: number;
  /** `overwrite`; 1 = an upload replaces an existing object (put policy `overwrite`). */
  readonly overwrite: number;
  /** Put policy `returnUrl`: the service answers an upload with a 303 to this URL. */
  readonly returnUrl: string;
  /** Put policy `returnBody`: the template of the upload answer's body. */
  readonly returnBody: string;
  /** Put policy `callbackUrl`: the service posts to this URL after an upload. */
  readonly callbackUrl: string;
  /** Put policy `callbackBody`: the body of that callback. */
  readonly callbackBody: string;
  /** Put policy `persistentOps`: fops run on the uploaded object. */
  readonly persistentOps: string;
  /** Put policy `persistentNotifyUrl`: where the results of `persistentOps` are posted. */
  readonly persistentNotifyUrl: string;
  /** Put policy `contentDetect`: content moderation of the upload. */
  readonly contentDetect: string;
  /** Put policy `detectNotifyURL`: where moderation results are posted. */
  readonly detectNotifyUrl: string;
  /** Put policy `detectNotifyRule`: which moderation results are posted. */
  readonly detectNotifyRule: string;
  /** Put policy `hashAlgorithm` (e.g. `crc64ecma`). */
  readonly hashAlgorithm: string;
  /** `notifyurl`: default `notifyUrl` of fmgr and fops jobs. */
  readonly notifyUrl: string;
  /** `separate`: default `separate` of fmgr and fops jobs (0 or 1). */
  readonly separate: number;
  /** `force`: default `force` of fmgr and fops jobs (0 or 1). */
  readonly force: number;
  /** `limit`: default page size of object listings (default 1000, at most 1000). */
  readonly listLimit: number;
  /** `marker`: default start marker of object listings. */
  readonly listMarker: string;
  /** `mode`: default listing mode, 0 files first, 1 folders first; 3 (default) = not set. */
  readonly listMode: number;
  /** `prefix`: default key prefix of object listings. */
  readonly listPrefix: string;
  /** `output`: accepted for compatibility; the Python tool never sends it either. */
  readonly output: string;
  /** `traffic_limit`: bandwidth limit sent in `x-wos-traffic-limit` on uploads and downloads; 0 (default) = none. */
  readonly trafficLimit: number;
}

/** What a caller may pass: every key optional; strings are accepted for numbers and booleans. */
export type WcsConfigInput = {
  [K in keyof WcsConfig]?: (WcsConfig[K] extends boolean ? boolean | string : WcsConfig[K] extends number ? number | string : string) | undefined;
};

// Compile-time only: the written-out WcsConfig must equal what the rules produce.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const outputsInSync: Same<WcsConfig, Readonly<{ [K in keyof Rules]: OutputOf<Rules[K]> }>> = true;
void outputsInSync;

const KEYS = Object.keys(RULES) as Array<keyof Rules>;
const KNOWN = new Set<string>(KEYS);

/**
 * Validates a config object and fills in defaults. An absent (undefined) value takes the default.
 *
 * @param input values from a file, the environment, flags or code
 * @param describeKey names each offending key in messages (e.g. `block_size in ~/.wcscfg`);
 *   by default the key as our config names it
 * @throws WcsConfigError (`ERR_WCS_CONFIG`) listing every bad key; values are never shown
 */
export function parseConfig(input: unknown, describeKey: (key: string) => string = (k) => k): WcsConfig {
  const source = input ?? {};
  if (typeof source !== 'object' || Array.isArray(source)) {
    throw new WcsConfigError('Invalid configuration: config must be an object', { issues: ['config must be an object'] });
  }
  const values = source as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const issues: string[] = [];
  for (const key of KEYS) {
    const rule = RULES[key] as Rule<unknown, unknown>;
    const value = values[key];
    if (value === undefined) {
      out[key] = rule.fallback();
      continue;
    }
    // Messages state expectations, never the value received, so secrets stay out.
    const result = rule.check(value);
    if ('message' in result) issues.push(`${describeKey(key)} ${result.message}`);
    else out[key] = result.value;
  }
  const unknown = Object.keys(values).filter((k) => !KNOWN.has(k));
  if (unknown.length > 0) issues.push(`unknown setting${unknown.length > 1 ? 's' : ''} ${unknown.map(describeKey).join(', ')}`);
  if (issues.length > 0) throw new WcsConfigError(`Invalid configuration: ${issues.join('; ')}`, { issues });
  // console.log(config), util.inspect and JSON.stringify show the secrets masked. Non-enumerable,
  // so `{ ...config }` is still the whole config (with its secrets) for code that builds on it.
  Object.defineProperties(out, {
    toJSON: { value: function toJSON(this: WcsConfig) { return { ...redactConfig(this) }; } },
    [INSPECT]: { value: function inspect(this: WcsConfig) { return { ...redactConfig(this) }; } },
  });
  return Object.freeze(out) as unknown as WcsConfig;
}

/** `util.inspect.custom`, without importing node:util into every config user's start-up. */
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** The `.wcscfg` name for one of our keys (e.g. `blockSizeBytes` → `block_size`). */
export const fileNameOf = (key: string): string => wcscfgKeyForConfigKey(key)?.file ?? key;
