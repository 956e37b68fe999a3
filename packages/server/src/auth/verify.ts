import { createHmac, timingSafeEqual } from 'node:crypto';
import { encodeB64u, tryDecodeB64u } from '../encoding.js';
import { badRequest, unauthorized } from '../errors.js';

/** Access key → secret key. */
export type CredentialMap = ReadonlyMap<string, string>;

/**
 * `b64u(hex(HMAC-SHA1(sk, data)))`. WCS signs the lowercase hex digest, not the raw bytes
 * (wcs-api.md §2.1 step 4, §12.1).
 */
export function signHex(secretKey: string, data: string | Buffer): string {
  return encodeB64u(createHmac('sha1', secretKey).update(data).digest('hex'));
}

/** Constant-time comparison of two signatures, ignoring `=` padding on the received one. */
function signatureMatches(received: string, expected: string): boolean {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(received)) return false;
  const a = Buffer.from(received.replace(/=+$/, ''), 'ascii');
  const b = Buffer.from(expected.replace(/=+$/, ''), 'ascii');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The putPolicy fields this server acts on (wcs-api.md §2.1). */
export interface PutPolicy {
  scope: string;
  deadline: number;
  saveKey?: string;
  fsizeLimit?: number;
  overwrite: number;
  returnUrl?: string;
  returnBody?: string;
  callbackUrl?: string;
  callbackBody?: string;
  persistentOps?: string;
  persistentNotifyUrl?: string;
  separate?: number;
}

export interface VerifiedUploadToken {
  accessKey: string;
  secretKey: string;
  policy: PutPolicy;
  bucket: string;
  /** Present when the scope is `bucket:key`: the key is pinned. */
  scopeKey?: string;
}

function toInt(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  // Go/Node/Java emit numbers as JSON strings, py3 as JSON numbers (wcs-api.md §2.1, §12.2).
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n)) throw unauthorized(`invalid upload token: policy ${field} must be an integer`);
  return n;
}

function optString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw unauthorized(`invalid upload token: policy ${field} must be a string`);
  return value;
}

/**
 * Verifies an upload token `AK:b64u(hex(HMAC-SHA1(SK, encodedPolicy))):encodedPolicy`
 * (wcs-api.md §2.1) and decodes its policy.
 * @throws WcsHttpError 401 on a malformed, unknown-AK, badly signed or expired token.
 */
export function verifyUploadToken(token: string | undefined, credentials: CredentialMap, nowMs: number): VerifiedUploadToken {
  if (token === undefined || token === '') throw unauthorized('missing upload token');
  // The browser js-sdk sends `UpToken <token>` (wcs-api.md §1.2, §12.4); the prefix is tolerated.
  const bare = token.startsWith('UpToken ') ? token.slice('UpToken '.length) : token;
  const parts = bare.split(':');
  if (parts.length !== 3) throw unauthorized('invalid upload token: expected AK:sign:policy');
  const [accessKey, sign, encodedPolicy] = parts as [string, string, string];
  const secretKey = credentials.get(accessKey);
  if (secretKey === undefined) throw unauthorized('invalid upload token: unknown access key');
  if (!signatureMatches(sign, signHex(secretKey, encodedPolicy))) {
    throw unauthorized('invalid upload token: signature mismatch');
  }
  const policyBytes = tryDecodeB64u(encodedPolicy);
  if (policyBytes === undefined) throw unauthorized('invalid upload token: policy is not URL-safe Base64');
  let raw: unknown;
  try {
    raw = JSON.parse(policyBytes.toString('utf8'));
  } catch {
    throw unauthorized('invalid upload token: policy is not JSON');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw unauthorized('invalid upload token: policy is not a JSON object');
  }
  const p = raw as Record<string, unknown>;
  const scope = optString(p.scope, 'scope');
  if (scope === undefined) throw unauthorized('invalid upload token: policy has no scope');
  const deadline = toInt(p.deadline, 'deadline');
  if (deadline === undefined) throw unauthorized('invalid upload token: policy has no deadline');
  // deadline is an absolute Unix time in milliseconds (wcs-api.md §2.1).
  if (deadline < nowMs) throw unauthorized('token expired');
  const overwrite = toInt(p.overwrite, 'overwrite') ?? 0;
  if (overwrite !== 0 && overwrite !== 1) throw unauthorized('invalid upload token: overwrite must be 0 or 1');
  const fsizeLimit = toInt(p.fsizeLimit, 'fsizeLimit');
  if (fsizeLimit !== undefined && fsizeLimit < 0) throw unauthorized('invalid upload token: fsizeLimit must be >= 0');
  const policy: PutPolicy = {
    scope,
    deadline,
    overwrite,
    ...(fsizeLimit !== undefined && fsizeLimit > 0 ? { fsizeLimit } : {}),
  };
  const strings = ['saveKey', 'returnUrl', 'returnBody', 'callbackUrl', 'callbackBody', 'persistentOps', 'persistentNotifyUrl'] as const;
  for (const f of strings) {
    const v = optString(p[f], f);
    if (v !== undefined) policy[f] = v;
  }
  const separate = toInt(p.separate, 'separate');
  if (separate !== undefined) policy.separate = separate;
  const colon = scope.indexOf(':');
  const bucket = colon < 0 ? scope : scope.slice(0, colon);
  if (bucket === '') throw unauthorized('invalid upload token: scope has an empty bucket');
  const result: VerifiedUploadToken = { accessKey, secretKey, policy, bucket };
  if (colon >= 0) result.scopeKey = scope.slice(colon + 1);
  return result;
}

/**
 * Verifies a manage token `AK:b64u(hex(HMAC-SHA1(SK, signingStr)))` where signingStr is the raw
 * path, `?` + raw query when a query exists, `\n`, then the raw body bytes (wcs-api.md §2.2).
 * `rawUrl` must be the request target exactly as received, never a re-encoded URL.
 * @returns the access key.
 */
export function verifyManageToken(authorization: string | undefined, rawUrl: string, body: Buffer, credentials: CredentialMap): string {
  if (authorization === undefined || authorization === '') throw unauthorized('missing Authorization token');
  const parts = authorization.split(':');
  if (parts.length !== 2) throw unauthorized('invalid manage token: expected AK:sign');
  const [accessKey, sign] = parts as [string, string];
  const secretKey = credentials.get(accessKey);
  if (secretKey === undefined) throw unauthorized('invalid manage token: unknown access key');
  const expected = signHex(secretKey, Buffer.concat([Buffer.from(manageSigningPrefix(rawUrl), 'utf8'), body]));
  if (!signatureMatches(sign, expected)) throw unauthorized('invalid manage token: signature mismatch');
  return accessKey;
}

/** `path?query\n` or `path\n`; an empty query after `?` counts as none, as py3's urlparse does. */
export function manageSigningPrefix(rawUrl: string): string {
  const q = rawUrl.indexOf('?');
  if (q < 0) return `${rawUrl}\n`;
  const path = rawUrl.slice(0, q);
  const query = rawUrl.slice(q + 1);
  return query === '' ? `${path}\n` : `${path}?${query}\n`;
}

/** Parses `bucket:key` text of an entry, for EncodedEntryURI values (wcs-api.md §0). */
export function splitEntry(entry: string): { bucket: string; key: string | undefined } {
  const colon = entry.indexOf(':');
  if (colon < 0) return { bucket: entry, key: undefined };
  const bucket = entry.slice(0, colon);
  if (bucket === '') throw badRequest('entry has an empty bucket');
  return { bucket, key: entry.slice(colon + 1) };
}
