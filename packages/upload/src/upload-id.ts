import { randomInt } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Length of a generated UploadBatch id. */
export const UPLOAD_ID_LENGTH = 32;

/** A new UploadBatch id: 32 random `[A-Za-z0-9]`, as py3 generates them (wcs-api.md §11.6). */
export function createUploadId(): string {
  let id = '';
  for (let i = 0; i < UPLOAD_ID_LENGTH; i++) id += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return id;
}

/** True for ids safe to use as a header value and a file name. */
export function isValidUploadId(id: string): boolean {
  return /^[A-Za-z0-9_-]{1,128}$/.test(id);
}
