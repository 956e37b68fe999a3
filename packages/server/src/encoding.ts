import { badRequest } from './errors.js';

const B64U_RE = /^[A-Za-z0-9_-]*={0,2}$/;

/** URL-safe Base64 with `=` padding kept, as every WCS SDK sends it (wcs-api.md §0). */
export function encodeB64u(value: string | Buffer): string {
  const buf = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  return buf.toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

/** Strict decoder: only the URL-safe alphabet; padding optional. Returns undefined when malformed. */
export function tryDecodeB64u(value: string): Buffer | undefined {
  if (!B64U_RE.test(value)) return undefined;
  const bare = value.replace(/=+$/, '');
  if (bare.length % 4 === 1) return undefined;
  const padded = bare + '='.repeat((4 - (bare.length % 4)) % 4);
  if (value.length !== bare.length && value !== padded) return undefined;
  return Buffer.from(bare, 'base64url');
}

/** Decodes b64u text to a UTF-8 string, or throws 400 naming the field. */
export function decodeB64uText(value: string, field: string): string {
  const buf = tryDecodeB64u(value);
  if (buf === undefined) throw badRequest(`${field} is not valid URL-safe Base64`);
  const text = buf.toString('utf8');
  if (Buffer.from(text, 'utf8').compare(buf) !== 0) throw badRequest(`${field} is not valid UTF-8`);
  return text;
}
