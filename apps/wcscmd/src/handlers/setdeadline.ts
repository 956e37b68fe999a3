import { assertDeadlineDays } from '@wcs/manage';
import type { CliDeps } from '../cli-deps.js';
import type { SetDeadlineArgs } from '../commands/setdeadline.js';
import { parseIntOption } from '../config-overrides.js';
import { EXIT_OK, type ExitCode } from '../exit-codes.js';
import type { GlobalArgs } from '../global-args.js';
import { formatWcsUrl, parseWcsObjectUrl } from '../wcs-url.js';
import { clientFor } from './client.js';
import { loadConfigFor, outputFor } from './common.js';

/** `setdeadline wcs://BUCKET/OBJECT DAYS` (wcs-api.md §5.8): -1 keeps forever, 0 deletes soon. */
export async function runSetDeadline(args: GlobalArgs & SetDeadlineArgs, deps: CliDeps): Promise<ExitCode> {
  const { bucket, key } = parseWcsObjectUrl(args.url, 'object');
  const days = parseIntOption('DAYS', args.days, -1);
  // A usage error before the config is read, in the SDK's words (the SDK refuses it too).
  assertDeadlineDays(days, 'DAYS', deps.now());
  const loaded = loadConfigFor(args, deps, 'manage');
  const { requestId } = await (await clientFor(deps, loaded)).setDeadline({ bucket, key, days, signal: deps.signal });
  const what = days === -1 ? 'no expiry' : days === 0 ? 'delete as soon as possible' : `keep ${days} day${days === 1 ? '' : 's'}`;
  outputFor(args, deps).result(`set deadline of ${formatWcsUrl(bucket, key)}: ${what}`, { bucket, key, days, requestId });
  return EXIT_OK;
}
