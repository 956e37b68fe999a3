import { badRequest } from './errors.js';

export const MAX_KEY_BYTES = 1000;

/** Key rules of wcs-api.md §1.3: ≤ 1000 bytes, no leading/trailing `/`, no `/../` or `/./`. */
export function validateKey(key: string): string {
  if (key === '') throw badRequest('key must not be empty');
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) throw badRequest(`key exceeds ${MAX_KEY_BYTES} bytes`);
  if (key.startsWith('/') || key.endsWith('/')) throw badRequest('key must not start or end with "/"');
  if (key.includes('/../') || key.includes('/./')) throw badRequest('key must not contain "/../" or "/./"');
  if (key.includes('\0')) throw badRequest('key must not contain NUL');
  return key;
}

/** Byte-wise (UTF-8) ordering, the order a flat key store lists in. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

const MIME_TYPES: Readonly<Record<string, string>> = {
  txt: 'text/plain', html: 'text/html', htm: 'text/html', css: 'text/css', js: 'application/javascript',
  json: 'application/json', xml: 'application/xml', csv: 'text/csv', md: 'text/markdown',
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', svg: 'image/svg+xml',
  ico: 'image/x-icon', bmp: 'image/bmp', pdf: 'application/pdf', zip: 'application/zip', gz: 'application/gzip',
  tar: 'application/x-tar', mp4: 'video/mp4', mp3: 'audio/mpeg', wav: 'audio/wav', flv: 'video/x-flv',
  m3u8: 'application/vnd.apple.mpegurl', ts: 'video/mp2t', mov: 'video/quicktime', webm: 'video/webm',
  wasm: 'application/wasm', bin: 'application/octet-stream',
};

/** MIME type from the key's extension; application/octet-stream when unknown. */
export function guessMimeType(key: string): string {
  const base = key.slice(key.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  if (dot < 0) return 'application/octet-stream';
  return MIME_TYPES[base.slice(dot + 1).toLowerCase()] ?? 'application/octet-stream';
}
