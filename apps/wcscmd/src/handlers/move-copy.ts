import type { CliDeps } from '../cli-deps.js';
import type { MoveCopyArgs } from '../commands/mv.js';
import { EXIT_OK, type ExitCode } from '../exit-codes.js';
import type { GlobalArgs } from '../global-args.js';
import { formatWcsUrl, parseWcsObjectUrl, parseWcsUrl } from '../wcs-url.js';
import { clientFor } from './client.js';
import { loadConfigFor, outputFor } from './common.js';

async function moveOrCopy(kind: 'move' | 'copy', args: GlobalArgs & MoveCopyArgs, deps: CliDeps): Promise<ExitCode> {
  const src = parseWcsObjectUrl(args.src, 'source');
  const parsedDst = parseWcsUrl(args.dst, 'destination');
  // An empty destination object means "the same key" (wcs-api.md §11.3, py3 Client.move).
  const dst = { bucket: parsedDst.bucket, key: parsedDst.key || src.key };
  const loaded = loadConfigFor(args, deps, 'manage');
  const client = await clientFor(deps, loaded);
  const { requestId } = await (kind === 'move' ? client.moveObject({ from: src, to: dst, signal: deps.signal }) : client.copyObject({ from: src, to: dst, signal: deps.signal }));
  const verb = kind === 'move' ? 'moved' : 'copied';
  outputFor(args, deps).result(`${verb} ${formatWcsUrl(src.bucket, src.key)} to ${formatWcsUrl(dst.bucket, dst.key)}`, {
    [verb]: true,
    from: src,
    to: dst,
    requestId,
  });
  return EXIT_OK;
}

/** `mv|move SRC DST` (wcs-api.md §5.6). */
export const runMove = (args: GlobalArgs & MoveCopyArgs, deps: CliDeps): Promise<ExitCode> => moveOrCopy('move', args, deps);
/** `cp|copy SRC DST` (wcs-api.md §5.7). */
export const runCopy = (args: GlobalArgs & MoveCopyArgs, deps: CliDeps): Promise<ExitCode> => moveOrCopy('copy', args, deps);
