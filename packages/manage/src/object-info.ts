import * as z from 'zod/mini';
import { WireNumber, WireOptionalText } from './manage-call.js';

/** One object as `list` reports it (wcs-api.md §5.3), camelCase, numbers as numbers. */
export interface ObjectInfo {
  key: string;
  /** WCS etag (§3.1). */
  hash: string;
  /** Size in bytes. */
  fsize: number;
  mimeType: string;
  /** Upload time as the service sends it (ms per the doc; some values are in 100-ns units, §12.10). */
  putTime: number;
  /** `YYYYMMDDhhmmss` when a retention is set; absent otherwise. */
  expirationDate?: string | undefined;
  storageClass?: string | undefined;
}

/** Wire shape of one list item; unknown members are ignored (§5.3: further fields [U]). */
export const ObjectInfoWireSchema = z.looseObject({
  key: z.string(),
  hash: z._default(z.string(), ''),
  fsize: WireNumber,
  mimeType: z._default(z.string(), ''),
  putTime: WireNumber,
  expirationDate: WireOptionalText,
  storageClass: WireOptionalText,
});

/** Wire item → public camelCase `ObjectInfo` (drops unknown members and empty optionals). */
export function toObjectInfo(item: z.output<typeof ObjectInfoWireSchema>): ObjectInfo {
  const info: ObjectInfo = { key: item.key, hash: item.hash, fsize: item.fsize, mimeType: item.mimeType, putTime: item.putTime };
  if (item.expirationDate !== undefined) info.expirationDate = item.expirationDate;
  if (item.storageClass !== undefined) info.storageClass = item.storageClass;
  return info;
}
