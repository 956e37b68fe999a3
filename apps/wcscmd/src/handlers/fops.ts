import type { CliDeps } from '../cli-deps.js';
import type { FopsArgs } from '../commands/fops.js';
import { EXIT_OK, type ExitCode } from '../exit-codes.js';
import type { GlobalArgs } from '../global-args.js';
import { parseWcsObjectUrl } from '../wcs-url.js';
import { clientFor } from './client.js';
import { loadConfigFor, outputFor } from './common.js';

/** `fops wcs://BUCKET/OBJECT "OPS"` (wcs-api.md §7.1): prints the persistentId. */
export async function runFops(args: GlobalArgs & FopsArgs, deps: CliDeps): Promise<ExitCode> {
  const { bucket, key } = parseWcsObjectUrl(args.url, 'object');
  const loaded = loadConfigFor(args, deps, 'manage');
  const { persistentId } = await (await clientFor(deps, loaded)).submitFops({
    fops: args.ops,
    bucket,
    key,
    notifyUrl: loaded.config.notifyUrl || undefined,
    force: loaded.config.force === 1 ? 1 : 0,
    separate: loaded.config.separate === 1 ? 1 : 0,
    signal: deps.signal,
  });
  const output = outputFor(args, deps);
  output.result(persistentId, { persistentId });
  output.note(`check it with "wcscmd fopsStatus ${persistentId}"`);
  return EXIT_OK;
}
