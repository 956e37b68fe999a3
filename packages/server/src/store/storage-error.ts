import { WcsHttpError } from '../errors.js';

const FULL_CODES = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL']);

/**
 * A failure of the disk or the database, answered as a WCS-shaped 5xx whose message names the
 * error code but never a server path (Node's fs messages embed absolute paths). A full disk is
 * 503, which clients retry; anything else 500.
 */
export class StorageError extends WcsHttpError {
  override name = 'StorageError';
  constructor(readonly code: string, readonly what: string) {
    super(FULL_CODES.has(code) ? 503 : 500, FULL_CODES.has(code) ? `storage full: cannot ${what} (${code})` : `storage error: cannot ${what} (${code})`);
  }
}

/** Wraps an fs or SQLite error as a {@link StorageError}; WcsHttpErrors pass through. */
export function storageError(e: unknown, what: string): WcsHttpError {
  if (e instanceof WcsHttpError) return e;
  const code = (e as { code?: unknown })?.code;
  return new StorageError(typeof code === 'string' && /^[A-Z_0-9]+$/.test(code) ? code : 'EIO', what);
}

const DISK_CODES = new Set(['ENOSPC', 'EDQUOT', 'EIO', 'EROFS', 'EACCES', 'EPERM', 'EMFILE', 'ENFILE', 'EFBIG']);

/** True for errors that mean the disk or the database failed (not a dropped connection, not bad input). */
export function isStorageFailure(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'string' && (DISK_CODES.has(code) || code.startsWith('SQLITE_'));
}
