import type { CliDeps } from '../cli-deps.js';
import { EXIT_OK, type ExitCode } from '../exit-codes.js';
import type { GlobalArgs } from '../global-args.js';
import { clientFor } from './client.js';
import { loadConfigFor, outputFor } from './common.js';

/** `listbucket`: one bucket name per line (wcs-api.md §5.1). */
export async function runListBucket(args: GlobalArgs, deps: CliDeps): Promise<ExitCode> {
  const loaded = loadConfigFor(args, deps, 'manage');
  const { buckets } = await (await clientFor(deps, loaded)).listBuckets({ signal: deps.signal });
  outputFor(args, deps).result(buckets, { buckets: buckets.map((name) => ({ name })) });
  return EXIT_OK;
}
