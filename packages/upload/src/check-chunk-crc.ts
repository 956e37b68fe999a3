import { crc32 } from 'node:zlib';
import { WcsIntegrityError } from '@wcs/core';

/**
 * Checks a mkblk/bput answer's `crc32` against the chunk sent: CRC-32/IEEE (zlib), as Java v1
 * verifies it (wcs-api.md §3.3; py3/Go/Node do not). An answer without `crc32` passes.
 *
 * @throws WcsIntegrityError (`ERR_WCS_INTEGRITY`) on a mismatch; the caller retries the chunk
 */
export function checkChunkCrc(data: Uint8Array, reportedCrc32: number | undefined): void {
  if (reportedCrc32 === undefined) return;
  const expected = crc32(data) >>> 0;
  if (reportedCrc32 >>> 0 === expected) return;
  throw new WcsIntegrityError(`A chunk came back with crc32 ${reportedCrc32}, sent ${expected}: damaged in transit.`, {
    expected: String(expected),
    actual: String(reportedCrc32),
  });
}
