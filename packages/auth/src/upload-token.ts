import { urlSafeBase64DecodeToBuffer, urlSafeBase64Encode, WcsInvalidArgumentError } from '@wcs/core';
import { assertCredentials, encodedHexSign, type Credentials } from './credentials.js';
import { parsePutPolicy, type PutPolicyInput } from './put-policy.js';
import { pythonJsonDumps } from './python-json.js';

/** Upload-token lifetime when none is given: py3's 7200 s (wcs-api.md §2.1, §11.1 `deadline`). */
export const DEFAULT_UPLOAD_TOKEN_DEADLINE_SECONDS = 7200;

/** Options of {@link createUploadToken}. */
export interface UploadTokenOptions {
  credentials: Credentials;
  /** Current time in milliseconds since the epoch; default `Date.now`. Injected by tests. */
  now?: () => number;
  /**
   * Token lifetime in seconds, used only when the policy has no `deadline`. Default 7200
   * ({@link DEFAULT_UPLOAD_TOKEN_DEADLINE_SECONDS}); `.wcscfg` `deadline` is this value.
   */
  deadlineSeconds?: number;
  /**
   * How the policy JSON is written. `'python'` (default): byte-identical to py3/`wcscmd`
   * (`json.dumps` defaults, {@link serializePolicyPython}). `'compact'`: `JSON.stringify`, no
   * spaces, UTF-8 as is (the Go/Node style). Both are valid tokens (wcs-api.md §12 item 2).
   */
  serialization?: 'python' | 'compact';
}

/**
 * Signs an upload token (wcs-api.md §2.1):
 * `AK + ":" + b64u(hex(HMAC-SHA1(SK, encodedPolicy))) + ":" + encodedPolicy`,
 * where `encodedPolicy = b64u(policy JSON)`.
 *
 * The policy is validated first (strict: unknown fields are errors). Its fields are signed in
 * the order the object lists them. If it has no `deadline`, one is appended **last** as a JSON
 * integer: `floor(now / 1000) * 1000 + deadlineSeconds * 1000`, exactly as py3 does (whole
 * seconds, then milliseconds). An explicit `deadline` is kept as given, in its position.
 *
 * @throws WcsConfigError (`ERR_WCS_CONFIG`) when a key is missing
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for a bad policy or option,
 *   naming the field (never a key or a value)
 * @example
 * createUploadToken(
 *   { scope: 'mybucket:hello.txt', deadline: 1700000000000 },
 *   { credentials: { accessKey: 'ak-example', secretKey: 'sk-example' } },
 * );
 * // 'ak-example:MThjYjdjZjc3ZDc5MDM2OTEwYTJhYjQyMGIzMWRiMmNmYTM1MTFkZg==:eyJzY29wZSI6ICJteWJ1Y2tldDpoZWxsby50eHQiLCAiZGVhZGxpbmUiOiAxNzAwMDAwMDAwMDAwfQ=='
 */
export function createUploadToken(policy: PutPolicyInput, options: UploadTokenOptions): string {
  assertCredentials(options.credentials);
  const deadlineSeconds = options.deadlineSeconds ?? DEFAULT_UPLOAD_TOKEN_DEADLINE_SECONDS;
  if (!Number.isSafeInteger(deadlineSeconds) || deadlineSeconds <= 0) {
    throw new WcsInvalidArgumentError('deadlineSeconds must be a positive whole number of seconds.');
  }
  const serialization = options.serialization ?? 'python';
  if (serialization !== 'python' && serialization !== 'compact') {
    throw new WcsInvalidArgumentError('serialization must be "python" or "compact".');
  }

  const signed: Record<string, unknown> = { ...parsePutPolicy(policy) };
  if (signed['deadline'] === undefined) {
    const nowMs = (options.now ?? Date.now)();
    if (!Number.isFinite(nowMs)) throw new WcsInvalidArgumentError('now() must return milliseconds since the epoch.');
    // py3: int(time.mktime(now)) * 1000 + seconds * 1000 — truncated to whole seconds, emitted
    // as an integer after every other field (wcs-api.md §2.1 "Python SDK specifics").
    signed['deadline'] = Math.floor(nowMs / 1000) * 1000 + deadlineSeconds * 1000;
  }

  const json = serialization === 'python' ? pythonJsonDumps(signed) : JSON.stringify(signed);
  const encodedPolicy = urlSafeBase64Encode(json);
  return `${options.credentials.accessKey}:${encodedHexSign(options.credentials.secretKey, encodedPolicy)}:${encodedPolicy}`;
}

/** What {@link parseUploadToken} reveals about a token. */
export interface ParsedUploadToken {
  accessKey: string;
  /** The decoded policy JSON (unvalidated: it is whatever the signer put there). */
  policy: unknown;
  /** The Base64 policy exactly as it appears in the token. */
  encodedPolicy: string;
}

/**
 * Decodes an upload token for diagnostics: the access key and the policy (scope, deadline…).
 * It does not verify the signature, and it never returns or prints the signature.
 *
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) when the text is not
 *   `AK:sign:encodedPolicy` with a JSON policy; the token itself is not quoted
 * @example
 * const { accessKey, policy } = parseUploadToken(token);
 * console.log(accessKey, (policy as { deadline?: number }).deadline);
 */
export function parseUploadToken(token: string): ParsedUploadToken {
  // The sign and the Base64 policy never contain ':', so the last two fields are unambiguous.
  const parts = typeof token === 'string' ? token.split(':') : [];
  if (parts.length < 3) {
    throw new WcsInvalidArgumentError('Not an upload token: expected "<accessKey>:<sign>:<encodedPolicy>".');
  }
  const encodedPolicy = parts[parts.length - 1] ?? '';
  const accessKey = parts.slice(0, -2).join(':');
  let policy: unknown;
  try {
    policy = JSON.parse(urlSafeBase64DecodeToBuffer(encodedPolicy).toString('utf8'));
  } catch (error) {
    throw new WcsInvalidArgumentError('Not an upload token: its policy part is not Base64-encoded JSON.', { cause: error });
  }
  return { accessKey, policy, encodedPolicy };
}
