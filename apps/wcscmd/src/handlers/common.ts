import { fstatSync, statSync } from 'node:fs';
import { toBaseUrl, type LoadedConfig } from '@wcs/core';
import { wcscfgKeyForConfigKey } from '@wcs/core/internal';
import type { CliDeps } from '../cli-deps.js';
import type { GlobalArgs } from '../global-args.js';
import { loadCliConfig, type ConfigNeeds } from '../load-cli-config.js';
import { createOutput, type Output } from '../output.js';
import { createProgress, progressModeFor, type Progress } from '../progress.js';

/** The output of a command, per `--json` / `--quiet`. */
export const outputFor = (args: GlobalArgs, deps: CliDeps): Output =>
  createOutput({ json: args.json === true, quiet: args.quiet === true }, deps.stdout, deps.stderr);

/**
 * The output of a command that has just written `file` (list/listall RESFILE, get FILE). When that
 * file is this process's stdout (`wcscmd get URL /dev/stdout | tar x`), the result line goes to
 * stderr instead: appended to stdout it would corrupt the data written there.
 */
export function outputBesideFile(args: GlobalArgs, deps: CliDeps, file: string): Output {
  return isStdout(file, deps) ? createOutput({ json: args.json === true, quiet: args.quiet === true }, deps.stderr, deps.stderr) : outputFor(args, deps);
}

function isStdout(file: string, deps: CliDeps): boolean {
  if (deps.stdout !== process.stdout) return false;
  try {
    const out = fstatSync(1);
    const target = statSync(file);
    return out.dev === target.dev && out.ino === target.ino;
  } catch {
    return false;
  }
}

/**
 * Loads the config for a command and tells the error funnel what it needs to word a failure:
 * the secret key (to redact), the config file and the host setting the command talks to.
 */
export function loadConfigFor(args: GlobalArgs, deps: CliDeps, needs: ConfigNeeds): LoadedConfig {
  const loaded = loadCliConfig(args, deps.env, needs);
  if (loaded.config.secretKey) deps.secrets.add(loaded.config.secretKey);
  deps.failure.configFile = loaded.profile === 'default' ? loaded.file : `${loaded.file} [${loaded.profile}]`;
  deps.failure.credentials = describeCredentialSource(loaded, deps.failure.configFile);
  const setting = needs === 'upload' ? 'put_url' : needs === 'manage' || needs === 'status' ? 'mgr_url' : undefined;
  if (setting) {
    const raw = setting === 'put_url' ? loaded.config.putUrl : loaded.config.mgrUrl;
    const origin = loaded.origins[setting === 'put_url' ? 'putUrl' : 'mgrUrl'];
    const source = origin?.from === 'env' ? `the environment variable ${origin.name}` : `${setting} in ${deps.failure.configFile}`;
    deps.failure.host = { setting, value: toBaseUrl(raw, loaded.config.useHttps, setting), source };
  }
  return loaded;
}

/**
 * Where the access and secret key came from, for the 401 hint, as core's loader resolved it: a
 * wrong key set in the environment must not send the user to edit a file that is not in use.
 * No option sets the keys, so the file and the environment are the two sources.
 */
export function describeCredentialSource(loaded: Pick<LoadedConfig, 'origins'>, configFile: string): string {
  const rows = (['accessKey', 'secretKey'] as const).map((key) => wcscfgKeyForConfigKey(key)!);
  const fromEnv = rows.filter((row) => loaded.origins[row.key]?.from === 'env');
  const fromFile = rows.filter((row) => loaded.origins[row.key]?.from !== 'env');
  if (fromEnv.length === 0) return `access_key and secret_key in ${configFile}`;
  const vars = fromEnv.length === 1 ? `the environment variable ${fromEnv[0]!.env}` : `the environment variables ${fromEnv.map((r) => r.env).join(' and ')}`;
  return fromFile.length === 0 ? vars : `${fromFile.map((r) => r.file).join(' and ')} in ${configFile} and ${vars}`;
}

/** A progress reporter for a transfer: bar on a TTY, log lines otherwise, nothing with --quiet or --json. */
export function progressFor(args: GlobalArgs, deps: CliDeps, label: string, total: number | undefined): Progress {
  return createProgress({
    label,
    total,
    mode: progressModeFor(deps.stderrIsTTY, args.quiet === true),
    stream: deps.stderr,
    now: deps.now,
    // The shell's COLUMNS is rarely exported: the terminal's own width comes next.
    columns: Number(deps.env['COLUMNS']) || (deps.stderr as { columns?: number }).columns || 80,
  });
}
