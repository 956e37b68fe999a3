import type { CliDeps } from '../cli-deps.js';
import type { DelArgs } from '../commands/del.js';
import { EXIT_OK, type ExitCode } from '../exit-codes.js';
import type { GlobalArgs } from '../global-args.js';
import { formatWcsUrl, parseWcsObjectUrl } from '../wcs-url.js';
import { clientFor } from './client.js';
import { loadConfigFor, outputFor } from './common.js';

/** `del wcs://BUCKET/OBJECT` (wcs-api.md §5.5). */
export async function runDel(args: GlobalArgs & DelArgs, deps: CliDeps): Promise<ExitCode> {
  const { bucket, key } = parseWcsObjectUrl(args.url, 'object');
  const loaded = loadConfigFor(args, deps, 'manage');
  const { requestId } = await (await clientFor(deps, loaded)).deleteObject({ bucket, key, signal: deps.signal });
  outputFor(args, deps).result(`deleted ${formatWcsUrl(bucket, key)}`, { deleted: true, bucket, key, requestId });
  return EXIT_OK;
}
