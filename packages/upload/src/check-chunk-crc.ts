import { crc32 } from 'node:zlib';
import { WcsIntegrityError } from '@wcs/core';

/**
 * Checks a mkblk/bput answer's `crc32` against the chunk sent: CRC-32/IEEE (zlib), as Java v1
 * verifies it (wcs-api.md §3.3; py3/Go/Node do not). An answer without `crc32` passes.
 *
 * @throws WcsIntegrityError (`ERR_WCS_INTEGRITY`) on a mismatch; the caller retries the chunk
 */
export function checkChunkCrc(data: Uint8Array | number, reportedCrc32: number | undefined): void {
  if (reportedCrc32 === undefined) return;
  // A number is the chunk's CRC-32 computed already (while it was being sent).
  const expected = typeof data === 'number' ? data >>> 0 : crc32(data) >>> 0;
  if (reportedCrc32 >>> 0 === expected) return;
  throw new WcsIntegrityError(`A chunk came back with crc32 ${reportedCrc32}, sent ${expected}: damaged in transit.`, {
    expected: String(expected),
    actual: String(reportedCrc32),
  });
}
