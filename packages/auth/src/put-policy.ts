import { WcsInvalidArgumentError, type WcsConfig } from '@wcs/core';
import { z } from 'zod';
import { pythonJsonDumps } from './python-json.js';

// Messages name the expectation, never the value received: a policy may carry callback URLs
// and bodies that the caller does not want echoed into logs.
const optionalString = () => z.string({ error: 'must be a string' }).optional();
const zeroOrOne = () => z.literal([0, 1], { error: 'must be 0 or 1' }).optional();

/** Deadlines below this (1973-03-03 in ms) are certainly seconds given where ms are expected. */
const MIN_DEADLINE_MS = 100_000_000_000;
const DEADLINE_MESSAGE =
  'must be an absolute Unix time in milliseconds (a whole number or a string of digits, e.g. 1700000000000); pass deadlineSeconds for a relative lifetime';

const isDeadline = (value: number | string): boolean => {
  if (typeof value === 'string') return /^\d+$/.test(value) && Number(value) >= MIN_DEADLINE_MS;
  return Number.isSafeInteger(value) && value >= MIN_DEADLINE_MS;
};

/**
 * Every upload-policy (putPolicy) field of wcs-api.md §2.1, with the documented types. Names are
 * case-sensitive on the wire, so the object is strict: an unknown or misspelt field is an error
 * instead of silently vanishing from the token.
 *
 * `deadline` is optional here because {@link createUploadToken} adds it; when given it is an
 * absolute time in milliseconds, as a number (py3 style) or a string of digits (Go/Node style).
 */
export const PutPolicySchema = z.strictObject(
  {
    /** `<bucket>` or `<bucket>:<key>`. */
    scope: z
      .string({ error: (issue) => (issue.input === undefined ? 'is required ("<bucket>" or "<bucket>:<key>")' : 'must be a string') })
      .refine((s) => s !== '' && !s.startsWith(':'), { error: 'must name a bucket: "<bucket>" or "<bucket>:<key>"' }),
    /** Absolute expiry, Unix time in milliseconds. */
    deadline: z.union([z.number(), z.string()], { error: DEADLINE_MESSAGE }).refine(isDeadline, { error: DEADLINE_MESSAGE }).optional(),
    saveKey: optionalString(),
    /** Maximum upload size in bytes; 0 = no limit. */
    fsizeLimit: z
      .number({ error: 'must be a whole number of bytes' })
      .int({ error: 'must be a whole number of bytes' })
      .min(0, { error: 'must not be negative' })
      .optional(),
    /** 1 = replace an existing object named by `scope`. */
    overwrite: zeroOrOne(),
    returnUrl: optionalString(),
    returnBody: optionalString(),
    callbackUrl: optionalString(),
    callbackBody: optionalString(),
    persistentOps: optionalString(),
    persistentNotifyUrl: optionalString(),
    contentDetect: optionalString(),
    detectNotifyURL: optionalString(),
    detectNotifyRule: optionalString(),
    separate: zeroOrOne(),
    /** Meaning unconfirmed (wcs-api.md §13); passed through as given. */
    instant: z.number({ error: 'must be a whole number' }).int({ error: 'must be a whole number' }).optional(),
    hashAlgorithm: optionalString(),
    lastModifiedTime: optionalString(),
  },
  { error: 'the policy must be an object' },
);

/** A validated upload policy; property order is the order fields appear in the token. */
export type PutPolicy = z.infer<typeof PutPolicySchema>;
/** What callers pass to {@link createUploadToken}; same shape as {@link PutPolicy}. */
export type PutPolicyInput = z.input<typeof PutPolicySchema>;

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      if (issue.code === 'unrecognized_keys') {
        const names = issue.keys.map((k) => JSON.stringify(k)).join(', ');
        return `unknown field${issue.keys.length > 1 ? 's' : ''} ${names} (field names are case-sensitive; see wcs-api.md §2.1)`;
      }
      const field = issue.path.map(String).join('.');
      return field ? `${field} ${issue.message}` : issue.message;
    })
    .join('; ');
}

/**
 * Validates an upload policy and returns it with its fields in the caller's insertion order.
 *
 * Order matters because the signed JSON text follows it byte for byte (wcs-api.md §2.1); zod
 * would rebuild the object in schema order, so the output is re-keyed from the input's keys.
 * Fields whose value is `undefined` are dropped.
 *
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) naming every bad field
 * @example
 * parsePutPolicy({ scope: 'mybucket:a.txt', overwrite: 1 }); // { scope: 'mybucket:a.txt', overwrite: 1 }
 * parsePutPolicy({ scope: 'mybucket', overwirte: 1 });       // throws: unknown field "overwirte"
 */
export function parsePutPolicy(input: unknown): PutPolicy {
  const result = PutPolicySchema.safeParse(input);
  if (!result.success) {
    throw new WcsInvalidArgumentError(`Invalid upload policy: ${describeIssues(result.error.issues)}.`);
  }
  const parsed = result.data as Record<string, unknown>;
  const ordered: Record<string, unknown> = {};
  for (const key of Object.keys(input as object)) {
    if (parsed[key] !== undefined) ordered[key] = parsed[key];
  }
  return ordered as PutPolicy;
}

/**
 * Serialises a policy exactly like Python 3 `json.dumps(policy)` with default arguments, the
 * text py3 signs (wcs-api.md §2.1): `", "` and `": "` separators, insertion order, non-ASCII as
 * `\uXXXX` (surrogate pairs for astral characters), Python's escapes (`\" \\ \n \r \t \b \f`,
 * other control characters as `\u00XX`, `/` not escaped), integers plain. Use it to get tokens
 * byte-identical to `wcscmd`'s.
 *
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for a non-integer number
 * @example
 * serializePolicyPython({ scope: 'mybucket:hello.txt', deadline: 1700000000000 });
 * // '{"scope": "mybucket:hello.txt", "deadline": 1700000000000}'
 */
export function serializePolicyPython(policy: PutPolicy): string {
  return pythonJsonDumps(policy);
}

/**
 * The config-backed policy fields, in the order py3 adds them (`PutPolicy.dump_policy`,
 * wcs-api.md §2.1 "Python SDK specifics"): `[policy field, WcsConfig key]`.
 *
 * persistentNotifyUrl comes before persistentOps here. That is the order of the §2.1 prose and
 * of the vendor's own `dump_policy` source (wcs-python-sdk `wcs/commons/putpolicy.py`), which is
 * what `wcscmd put` actually signs. Example U3 lists the two the other way round; U3 is still
 * reproducible because the serializer follows whatever insertion order the policy object has
 * (test/vectors.test.ts builds U3 in U3's order).
 */
const PY3_CONFIG_FIELDS = [
  ['overwrite', 'overwrite'],
  ['returnUrl', 'returnUrl'],
  ['returnBody', 'returnBody'],
  ['callbackUrl', 'callbackUrl'],
  ['callbackBody', 'callbackBody'],
  ['persistentNotifyUrl', 'persistentNotifyUrl'],
  ['persistentOps', 'persistentOps'],
  ['contentDetect', 'contentDetect'],
  ['detectNotifyURL', 'detectNotifyUrl'],
  ['detectNotifyRule', 'detectNotifyRule'],
  ['hashAlgorithm', 'hashAlgorithm'],
] as const satisfies ReadonlyArray<readonly [keyof PutPolicy, keyof WcsConfig]>;

const CONFIG_BACKED = new Set<string>(PY3_CONFIG_FIELDS.map(([field]) => field));

/**
 * Builds the upload policy `wcscmd put`/`multiput` would sign, from config values
 * (wcs-api.md §2.1 "Python SDK specifics", §11.1).
 *
 * Key order: `scope`, then each of `overwrite` (integer), `returnUrl`, `returnBody`,
 * `callbackUrl`, `callbackBody`, `persistentNotifyUrl`, `persistentOps`, `contentDetect`,
 * `detectNotifyURL`, `detectNotifyRule`, `hashAlgorithm` **only if its value is truthy** (so empty
 * strings and `overwrite: 0` are left out), as py3 does.
 *
 * `overrides` win over config: a config-backed field keeps its py3 position and takes the
 * override's value (an empty string or 0 therefore removes it); `scope` replaces the computed
 * scope; any other field (`saveKey`, `fsizeLimit`, `separate`, `instant`, `lastModifiedTime`) is
 * appended in the overrides' order; an explicit absolute `deadline` goes last, where py3 puts it.
 * With no `deadline`, {@link createUploadToken} appends one from `deadlineSeconds` (pass
 * `config.tokenDeadlineSeconds`, the relative `deadline` of `.wcscfg`).
 *
 * Difference from py3, on purpose: py3 reads `.wcscfg` values as strings, so a file line
 * `overwrite = 0` is the truthy string "0" and py3 then signs `"overwrite": 0`. Our config is
 * typed, 0 is falsy, and the field is omitted; the server default is the same (0).
 *
 * @param target `scope` is `bucket` alone when `key` is undefined, else `"bucket:key"`
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for an empty bucket or a bad override
 * @example
 * const policy = putPolicyFromConfig(config, { bucket: 'mybucket', key: 'a.mp4' }, { fsizeLimit: 1 << 30 });
 * const token = createUploadToken(policy, {
 *   credentials: { accessKey: config.accessKey, secretKey: config.secretKey },
 *   deadlineSeconds: config.tokenDeadlineSeconds,
 * });
 */
export function putPolicyFromConfig(
  config: WcsConfig,
  target: { bucket: string; key?: string | undefined },
  overrides?: Partial<PutPolicy>,
): PutPolicy {
  if (typeof target.bucket !== 'string' || target.bucket === '') {
    throw new WcsInvalidArgumentError('Cannot build an upload policy: the bucket name is empty.');
  }
  const extra: Record<string, unknown> = { ...overrides };
  const policy: Record<string, unknown> = {
    scope: extra['scope'] ?? (target.key === undefined ? target.bucket : `${target.bucket}:${target.key}`),
  };
  for (const [field, configKey] of PY3_CONFIG_FIELDS) {
    const value = extra[field] !== undefined ? extra[field] : config[configKey];
    // Python truthiness: '' and 0 are left out (`if cfg.returnUrl:` in dump_policy).
    if (value) policy[field] = value;
  }
  for (const [field, value] of Object.entries(extra)) {
    if (field === 'scope' || field === 'deadline' || CONFIG_BACKED.has(field) || value === undefined) continue;
    policy[field] = value;
  }
  if (extra['deadline'] !== undefined) policy['deadline'] = extra['deadline'];
  return parsePutPolicy(policy);
}
