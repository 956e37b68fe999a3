import { randomBytes } from 'node:crypto';

/** The framing of a `multipart/form-data` body whose last part is the file (wcs-api.md §4.1). */
export interface MultipartForm {
  boundary: string;
  contentType: string;
  /** Every field part plus the file part's header: sent before the file bytes. */
  head: Buffer;
  /** The closing boundary: sent after the file bytes. Withholding it makes the body invalid. */
  tail: Buffer;
}

/**
 * Frames form fields and a file part. Fields go first, in the given order, and the file last
 * (the Go SDK's order, wcs-api.md §4.1 and §12.21), so the body can be streamed: the file bytes
 * are never buffered, only the few hundred bytes of framing.
 */
export function createMultipartForm(
  fields: ReadonlyArray<readonly [string, string]>,
  fileName: string,
  boundary = `----wcs-ts-${randomBytes(16).toString('hex')}`,
): MultipartForm {
  let head = '';
  for (const [name, value] of fields) {
    head += `--${boundary}\r\nContent-Disposition: form-data; name="${quoteName(name)}"\r\n\r\n${value}\r\n`;
  }
  head +=
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${quoteFileName(fileName)}"\r\n` +
    'Content-Type: application/octet-stream\r\n\r\n';
  return {
    boundary,
    contentType: `multipart/form-data; boundary=${boundary}`,
    head: Buffer.from(head, 'utf8'),
    tail: Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8'),
  };
}

/** Field names are ours or `x:<name>`; quotes and line breaks would break the framing. */
function quoteName(name: string): string {
  return name.replace(/[\r\n"]/g, (c) => encodeURIComponent(c));
}

/** py3 sends `urllib.quote(key)` as the file name (wcs-api.md §4.1): percent-encoded, `/` kept. */
function quoteFileName(name: string): string {
  return encodeURIComponent(name).replace(/%2F/gi, '/');
}
