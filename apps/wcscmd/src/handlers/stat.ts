import type { CliDeps } from '../cli-deps.js';
import type { StatArgs } from '../commands/stat.js';
import { EXIT_OK, type ExitCode } from '../exit-codes.js';
import type { GlobalArgs } from '../global-args.js';
import { formatBytes, formatFields, formatPutTime } from '../output.js';
import { formatWcsUrl, parseWcsObjectUrl } from '../wcs-url.js';
import { clientFor } from './client.js';
import { loadConfigFor, outputFor } from './common.js';

/** `stat wcs://BUCKET/OBJECT` (wcs-api.md §5.4). */
export async function runStat(args: GlobalArgs & StatArgs, deps: CliDeps): Promise<ExitCode> {
  const { bucket, key } = parseWcsObjectUrl(args.url, 'object');
  const loaded = loadConfigFor(args, deps, 'manage');
  const info = await (await clientFor(deps, loaded)).statObject({ bucket, key, signal: deps.signal });
  const fields: Array<[string, string]> = [
    ['object', formatWcsUrl(bucket, key)],
    ['size', `${info.fsize} (${formatBytes(info.fsize)})`],
    ['hash', info.hash],
    ['mime type', info.mimeType],
    ['put time', `${formatPutTime(info.putTime)} (${info.putTime})`],
  ];
  if (info.expirationDate) fields.push(['expires', info.expirationDate]);
  if (info.storageClass) fields.push(['storage class', info.storageClass]);
  outputFor(args, deps).result(formatFields(fields), {
    bucket,
    key,
    fsize: info.fsize,
    hash: info.hash,
    mimeType: info.mimeType,
    putTime: info.putTime,
    ...(info.expirationDate ? { expirationDate: info.expirationDate } : {}),
    ...(info.storageClass ? { storageClass: info.storageClass } : {}),
    requestId: info.requestId,
  });
  return EXIT_OK;
}
