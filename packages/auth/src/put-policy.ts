import { WcsInvalidArgumentError, type WcsConfig } from '@wcs/core';
import { pythonJsonDumps } from './python-json.js';

/**
 * Every upload-policy (putPolicy) field of wcs-api.md §2.1, with the documented types; property
 * order is the order fields appear in the token. Names are case-sensitive on the wire, so
 * {@link parsePutPolicy} is strict: an unknown or misspelt field is an error instead of silently
 * vanishing from the token.
 */
// A type, not an interface: like the zod-inferred type it replaces, it is assignable to
// Record<string, unknown>.
export type PutPolicy = {
  /** `<bucket>` or `<bucket>:<key>`. */
  scope: string;
  /**
   * Absolute expiry, Unix time in milliseconds, as a number (py3 style) or a string of digits
   * (Go/Node style). Optional because {@link createUploadToken} adds it.
   */
  deadline?: number | string | undefined;
  saveKey?: string | undefined;
  /** Maximum upload size in bytes; 0 = no limit. */
  fsizeLimit?: number | undefined;
  /** 1 = replace an existing object named by `scope`. */
  overwrite?: 0 | 1 | undefined;
  returnUrl?: string | undefined;
  returnBody?: string | undefined;
  callbackUrl?: string | undefined;
  callbackBody?: string | undefined;
  persistentOps?: string | undefined;
  persistentNotifyUrl?: string | undefined;
  contentDetect?: string | undefined;
  detectNotifyURL?: string | undefined;
  detectNotifyRule?: string | undefined;
  separate?: 0 | 1 | undefined;
  /** Meaning unconfirmed (wcs-api.md §13); passed through as given. */
  instant?: number | undefined;
  hashAlgorithm?: string | undefined;
  lastModifiedTime?: string | undefined;
};
/** What callers pass to {@link createUploadToken}; same shape as {@link PutPolicy}. */
export type PutPolicyInput = PutPolicy;

// Messages name the expectation, never the value received: a policy may carry callback URLs
// and bodies that the caller does not want echoed into logs.
//
// Hand-written rather than a zod schema: this runs on every `wcscmd put`, and loading and
// building the full zod costs that one-request process more than the request itself (issue 11).
// put-policy.test.ts checks these rules against the zod schema they replace, message for message.

/** Deadlines below this (1973-03-03 in ms) are certainly seconds given where ms are expected. */
const MIN_DEADLINE_MS = 100_000_000_000;
const DEADLINE_MESSAGE =
  'must be an absolute Unix time in milliseconds (a whole number or a string of digits, e.g. 1700000000000); pass deadlineSeconds for a relative lifetime';

const isDeadline = (value: unknown): boolean => {
  if (typeof value === 'string') return /^\d+$/.test(value) && Number(value) >= MIN_DEADLINE_MS;
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= MIN_DEADLINE_MS;
};

/** The problems of one field's value (empty when it is valid); `undefined` is valid for all but scope. */
type FieldCheck = (value: unknown) => string[];

const optionalString: FieldCheck = (v) => (v === undefined || typeof v === 'string' ? [] : ['must be a string']);
const zeroOrOne: FieldCheck = (v) => (v === undefined || v === 0 || v === 1 ? [] : ['must be 0 or 1']);
/**
 * A whole number, as zod's int() and min(0) reported it: a non-number or a fraction is one
 * problem; outside the safe-integer range is one, and negative another.
 */
function wholeNumber(message: string, negative?: string): FieldCheck {
  return (v) => {
    if (v === undefined) return [];
    if (typeof v !== 'number' || !Number.isInteger(v)) return [message];
    const problems = Number.isSafeInteger(v) ? [] : [message];
    if (negative !== undefined && v < 0) problems.push(negative);
    return problems;
  };
}

/** The fields in §2.1 order, which is also the order problems are reported in. */
const FIELDS: ReadonlyArray<readonly [keyof PutPolicy, FieldCheck]> = [
  [
    'scope',
    (v) =>
      v === undefined
        ? ['is required ("<bucket>" or "<bucket>:<key>")']
        : typeof v !== 'string'
          ? ['must be a string']
          : v === '' || v.startsWith(':')
            ? ['must name a bucket: "<bucket>" or "<bucket>:<key>"']
            : [],
  ],
  ['deadline', (v) => (v === undefined || isDeadline(v) ? [] : [DEADLINE_MESSAGE])],
  ['saveKey', optionalString],
  ['fsizeLimit', wholeNumber('must be a whole number of bytes', 'must not be negative')],
  ['overwrite', zeroOrOne],
  ['returnUrl', optionalString],
  ['returnBody', optionalString],
  ['callbackUrl', optionalString],
  ['callbackBody', optionalString],
  ['persistentOps', optionalString],
  ['persistentNotifyUrl', optionalString],
  ['contentDetect', optionalString],
  ['detectNotifyURL', optionalString],
  ['detectNotifyRule', optionalString],
  ['separate', zeroOrOne],
  ['instant', wholeNumber('must be a whole number')],
  ['hashAlgorithm', optionalString],
  ['lastModifiedTime', optionalString],
];
const FIELD_NAMES = new Set<string>(FIELDS.map(([name]) => name));

/** Every problem of a policy, in field order, unknown fields last; empty when it is valid. */
function policyProblems(input: unknown): string[] {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return ['the policy must be an object'];
  const record = input as Record<string, unknown>;
  const problems: string[] = [];
  for (const [name, check] of FIELDS) {
    for (const message of check(record[name])) problems.push(`${name} ${message}`);
  }
  const unknown: string[] = [];
  // for…in, not Object.keys: an inherited enumerable field would not be signed either.
  for (const key in record) if (!FIELD_NAMES.has(key)) unknown.push(key);
  if (unknown.length > 0) {
    const names = unknown.map((k) => JSON.stringify(k)).join(', ');
    problems.push(`unknown field${unknown.length > 1 ? 's' : ''} ${names} (field names are case-sensitive; see wcs-api.md §2.1)`);
  }
  return problems;
}

/**
 * Validates an upload policy and returns it with its fields in the caller's insertion order.
 *
 * Order matters because the signed JSON text follows it byte for byte (wcs-api.md §2.1).
 * Fields whose value is `undefined` are dropped.
 *
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) naming every bad field
 * @example
 * parsePutPolicy({ scope: 'mybucket:a.txt', overwrite: 1 }); // { scope: 'mybucket:a.txt', overwrite: 1 }
 * parsePutPolicy({ scope: 'mybucket', overwirte: 1 });       // throws: unknown field "overwirte"
 */
export function parsePutPolicy(input: unknown): PutPolicy {
  const problems = policyProblems(input);
  if (problems.length > 0) {
    throw new WcsInvalidArgumentError(`Invalid upload policy: ${problems.join('; ')}.`);
  }
  const record = input as Record<string, unknown>;
  const ordered: Record<string, unknown> = {};
  for (const key of Object.keys(record)) {
    if (record[key] !== undefined) ordered[key] = record[key];
  }
  return ordered as unknown as PutPolicy;
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
