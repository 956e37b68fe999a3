/**
 * URL-safe Base64 as WCS expects it: alphabet `A-Z a-z 0-9 - _` with `=` padding kept
 * (every vendor SDK keeps it: wcs-api.md §0), over the UTF-8 bytes of a string.
 */
export function urlSafeBase64Encode(input: string | Uint8Array): string {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  return bytes.toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

/** Decodes URL-safe (or standard) Base64, padded or not, to bytes. */
export function urlSafeBase64DecodeToBuffer(input: string): Buffer {
  return Buffer.from(input.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

/** Decodes URL-safe (or standard) Base64 to a UTF-8 string. */
export function urlSafeBase64Decode(input: string): string {
  return urlSafeBase64DecodeToBuffer(input).toString('utf8');
}
