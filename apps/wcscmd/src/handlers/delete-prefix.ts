import type { CliDeps } from '../cli-deps.js';
import type { DeletePrefixArgs } from '../commands/delete-prefix.js';
import { EXIT_FAILURE, EXIT_OK, type ExitCode } from '../exit-codes.js';
import type { GlobalArgs } from '../global-args.js';
import { formatWcsUrl, parseWcsBucketUrl } from '../wcs-url.js';
import { clientFor } from './client.js';
import { loadConfigFor, outputFor } from './common.js';
import { describeJobCode, isJobFailed } from './job-status.js';

/** `deletePrefix wcs://BUCKET PREFIX` (wcs-api.md §6.6): prints the persistentId; `--wait` polls fmgrStatus to the end. */
export async function runDeletePrefix(args: GlobalArgs & DeletePrefixArgs, deps: CliDeps): Promise<ExitCode> {
  const bucket = parseWcsBucketUrl(args.bucketUrl, 'bucket');
  const loaded = loadConfigFor(args, deps, 'manage');
  const client = await clientFor(deps, loaded);
  const { persistentId } = await client.fmgrDeletePrefix({
    items: { bucket, prefix: args.prefix },
    notifyUrl: loaded.config.notifyUrl || undefined,
    force: loaded.config.force === 1 ? 1 : 0,
    separate: loaded.config.separate === 1 ? 1 : 0,
    signal: deps.signal,
  });
  const output = outputFor(args, deps);
  if (!args.wait) {
    output.result(persistentId, { persistentId });
    output.note(`deletePrefix ${formatWcsUrl(bucket, args.prefix)} submitted: check it with "wcscmd fmgrStatus ${persistentId}"`);
    return EXIT_OK;
  }
  output.note(`deletePrefix ${formatWcsUrl(bucket, args.prefix)}: job ${persistentId} submitted, waiting`);
  // 200 ms between polls: --wait is interactive, and status reads are cheap GETs.
  const status = await client.waitForJob({ persistentId, kind: 'fmgr', intervalMs: 200, signal: deps.signal });
  const failed = isJobFailed(status);
  output.result(`${persistentId}: ${describeJobCode(status.code)}${status.desc ? ` (${status.desc})` : ''}`, { persistentId, status });
  return failed ? EXIT_FAILURE : EXIT_OK;
}
