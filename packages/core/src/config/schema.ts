import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { BLOCK_SIZE_BYTES } from '../constants.js';
import { WcsConfigError } from '../errors.js';
import { wcscfgKeyForConfigKey } from './wcscfg-keys.js';

/**
 * Where multipart resume records go unless `tmp_record_folder` says otherwise: `~/.wcs/multipart`,
 * private to the user (the uploader creates it 0700 and refuses a folder others can write).
 */
export function defaultRecordFolder(): string {
  return join(homedir(), '.wcs', 'multipart');
}

// `.wcscfg` and environment values arrive as strings; programmatic callers pass numbers and
// booleans. Both are accepted here, and nowhere else.
const TRUE_WORDS = new Set(['true', 'yes', 'on', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'off', '0']);

// z.custom gives callers typed input (number | string…) while the transform does the checking.
const bool = (fallback: boolean) =>
  z
    .custom<boolean | string>()
    .transform((value, ctx): boolean => {
      if (typeof value === 'boolean') return value;
      const word = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
      if (word !== undefined && TRUE_WORDS.has(word)) return true;
      if (word !== undefined && FALSE_WORDS.has(word)) return false;
      ctx.addIssue({ code: 'custom', message: 'must be one of true/false, yes/no, on/off, 1/0' });
      return z.NEVER;
    })
    .default(fallback);

const int = (fallback: number, min: number, max = Number.MAX_SAFE_INTEGER, multipleOf?: { step: number; label: string }) =>
  z
    .custom<number | string>()
    .transform((value, ctx): number => {
      // Python's int() accepts surrounding blanks, a sign and digits; nothing else.
      const n =
        typeof value === 'number'
          ? value
          : typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)
            ? Number(value.trim())
            : Number.NaN;
      if (!Number.isSafeInteger(n)) {
        ctx.addIssue({ code: 'custom', message: 'must be a whole number' });
        return z.NEVER;
      }
      if (n < min) ctx.addIssue({ code: 'custom', message: `must be at least ${min}` });
      else if (n > max) ctx.addIssue({ code: 'custom', message: `must be at most ${max}` });
      else if (multipleOf && n % multipleOf.step !== 0) ctx.addIssue({ code: 'custom', message: `must be a multiple of ${multipleOf.label}` });
      return n;
    })
    .default(fallback);

const str = () => z.string({ message: 'must be text' }).default('');

/**
 * Every setting of the Python tool's `.wcscfg` (wcs-api.md §11.1), under our names, with the
 * Python tool's defaults. Units are in the names. `wcscfg-keys.ts` maps file names to these.
 */
export const WcsConfigSchema = z
  .strictObject({
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
    /** Blocks uploaded in parallel; 0 means one at a time. */
    concurrency: int(4, 0, 64),
    /** Resume records of multipart uploads: a per-user folder, never the shared /tmp/multipart/ py3 uses (issue 10 item 11). */
    recordFolder: z
      .string()
      .transform((value) => (value.trim() === '' ? defaultRecordFolder() : value.replace(/^~(?=$|\/)/, homedir())))
      .default(() => defaultRecordFolder()),
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
  });

/** What a caller may pass: every key optional, strings accepted for numbers and booleans. */
export type WcsConfigInput = z.input<typeof WcsConfigSchema>;
/** A complete, validated configuration. */
export type WcsConfig = Readonly<z.output<typeof WcsConfigSchema>>;

/**
 * Validates a config object and fills in defaults.
 *
 * @param input values from a file, the environment, flags or code
 * @param describeKey names each offending key in messages (e.g. `block_size in ~/.wcscfg`);
 *   by default the key as our config names it
 * @throws WcsConfigError (`ERR_WCS_CONFIG`) listing every bad key; values are never shown
 */
export function parseConfig(input: unknown, describeKey: (key: string) => string = (k) => k): WcsConfig {
  const result = WcsConfigSchema.safeParse(input ?? {});
  if (result.success) return Object.freeze(result.data);
  const issues = result.error.issues.map((issue) => {
    const key = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return `unknown setting${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map(describeKey).join(', ')}`;
    }
    // Zod's own messages state expectations, not the value received, so secrets stay out.
    return `${key ? describeKey(key) : 'config'} ${issue.message}`;
  });
  throw new WcsConfigError(`Invalid configuration: ${issues.join('; ')}`, { issues });
}

/** The `.wcscfg` name for one of our keys (e.g. `blockSizeBytes` → `block_size`). */
export const fileNameOf = (key: string): string => wcscfgKeyForConfigKey(key)?.file ?? key;
