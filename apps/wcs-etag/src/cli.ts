// Argument parsing uses node:util parseArgs, not yargs (which wcscmd uses): wcs-etag must start
// in under 2× `node -e 0`, and yargs with its locale/i18n machinery costs more to load than the
// whole hashing run on a small file. Four boolean flags do not need a framework.
import { parseArgs } from 'node:util';
import { etagAndCrc64OfFile, etagAndCrc64OfStream, etagOfFile, etagOfStream } from '@wcs/etag';

/** Exit codes: 0 all hashed, 1 some file failed, 2 usage error (like sha1sum / grep). */
export const EXIT_OK = 0;
export const EXIT_FILE_ERROR = 1;
export const EXIT_USAGE = 2;

export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  stdin: NodeJS.ReadableStream;
}

export interface CliOptions {
  /** Version printed by --version; injected by the bundler. */
  version: string;
}

interface FileResult {
  path: string;
  etag?: string;
  crc64?: string;
  error?: string;
}

const USAGE = `Usage: wcs-etag [options] FILE...
       wcs-etag etag [options] FILE...     (the Python wcs_etag_cal form)

Print the WCS etag of each FILE, one line per file: ETAG  PATH.
With FILE "-", read standard input.

Options:
  --crc64     also print the CRC-64/XZ (crc64ecma) column: ETAG  CRC64  PATH
  --json      print one JSON array of {path, etag, crc64?} or {path, error}
  --verbose   show stack traces for errors
  -h, --help  show this help
  --version   show the version

Exit status: 0 if every file was hashed, 1 if any could not be read, 2 on usage errors.
`;

/** One-line reason for a file that could not be hashed, from Node's error code. */
function describeFileError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'not a directory';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Runs wcs-etag with the given arguments (without `node` and the script) and returns the exit
 * code. Never throws for a bad file or bad usage; those are reported on `io.stderr`.
 */
export async function runCli(argv: readonly string[], io: CliIo, options: CliOptions): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      tokens: true,
      options: {
        crc64: { type: 'boolean' },
        json: { type: 'boolean' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    });
  } catch (error) {
    // parseArgs' messages run to several sentences; the first one (the option's name) is enough.
    const message = error instanceof Error ? error.message : String(error);
    const unknown = /^Unknown option '([^']*)'/.exec(message);
    const line = unknown ? `unknown option '${unknown[1]}'` : (message.split(/\.(?: |$)/)[0] ?? message);
    io.stderr.write(`wcs-etag: ${line} (see wcs-etag --help)\n`);
    return EXIT_USAGE;
  }
  const { values, tokens } = parsed;
  if (values.help) {
    io.stdout.write(USAGE);
    return EXIT_OK;
  }
  if (values.version) {
    io.stdout.write(`${options.version}\n`);
    return EXIT_OK;
  }

  // `wcs-etag etag FILE…` is the Python tool's form. The word counts as the subcommand only
  // before a `--`, so `wcs-etag -- etag` hashes a file named "etag".
  const paths: string[] = [];
  let sawTerminator = false;
  let firstPositional = true;
  for (const token of tokens) {
    if (token.kind === 'option-terminator') sawTerminator = true;
    if (token.kind !== 'positional') continue;
    const isSubcommand = firstPositional && !sawTerminator && token.value === 'etag';
    firstPositional = false;
    if (!isSubcommand) paths.push(token.value);
  }
  if (paths.length === 0) {
    io.stderr.write(USAGE);
    return EXIT_USAGE;
  }

  const withCrc = values.crc64 === true;
  const results: FileResult[] = [];
  let exitCode = EXIT_OK;
  for (const path of paths) {
    let result: FileResult;
    try {
      const source = path === '-' ? io.stdin : undefined;
      if (withCrc) {
        const hashes = source ? await etagAndCrc64OfStream(source) : await etagAndCrc64OfFile(path);
        result = { path, etag: hashes.etag, crc64: hashes.crc64 };
      } else {
        result = { path, etag: source ? await etagOfStream(source) : await etagOfFile(path) };
      }
    } catch (error) {
      exitCode = EXIT_FILE_ERROR;
      result = { path, error: describeFileError(error) };
      io.stderr.write(`wcs-etag: ${path}: ${result.error}\n`);
      if (values.verbose && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    }
    if (values.json) {
      results.push(result);
    } else if (result.etag !== undefined) {
      // Two spaces between columns, as sha1sum prints, so existing `cut`/`awk` habits work.
      io.stdout.write(withCrc ? `${result.etag}  ${result.crc64}  ${path}\n` : `${result.etag}  ${path}\n`);
    }
  }
  if (values.json) io.stdout.write(`${JSON.stringify(results)}\n`);
  return exitCode;
}
