import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { WcsConfigError, defaultConfigFile, parseConfig, writeConfigFile, type WcsConfig, type WcsConfigKey } from '@wcs/core';
import { maskSecret, parseWcscfg, wcscfgKeyForFileName } from '@wcs/core/internal';
import { writeTargetOf } from '../atomic-file.js';
import type { CliDeps } from '../cli-deps.js';
import { EXIT_FAILURE, EXIT_OK, type ExitCode } from '../exit-codes.js';
import type { GlobalArgs } from '../global-args.js';

/** The Python tool's prompt order (wcs-api.md §11.1), by `.wcscfg` name, with a short explanation. */
export const CONFIGURE_PROMPTS: ReadonlyArray<readonly [string, string]> = [
  ['access_key', 'Access key'],
  ['secret_key', 'Secret key'],
  ['put_url', 'Upload host (put_url)'],
  ['mgr_url', 'Manage host (mgr_url)'],
  ['block_size', 'Multipart block size in bytes, a multiple of 4194304'],
  ['bput_size', 'Multipart chunk size in bytes'],
  ['connection_retries', 'Connection retries'],
  ['connection_timeout', 'Connection timeout in seconds'],
  ['mkblk_retries', 'mkblk retries'],
  ['bput_retries', 'bput retries'],
  ['mkfile_retries', 'mkfile retries'],
  ['tmp_record_folder', 'Folder for multipart resume records'],
  ['concurrency', 'Blocks uploaded in parallel (0 = one at a time)'],
  ['ishttps', 'Use https for hosts without a scheme'],
  ['isverify', 'Verify TLS certificates'],
  ['mode', 'List mode (0 files first, 1 folders first, 3 flat)'],
  ['keepalive', 'Keep connections alive'],
  ['deadline', 'Upload token lifetime in seconds'],
  ['traffic_limit', 'x-wos-traffic-limit (0 = off)'],
];

class EndOfInput extends Error {}

const TRUE_ANSWER = /^(y|yes|true|on|1)$/i;
const FALSE_ANSWER = /^(n|no|false|off|0)$/i;

/**
 * `wcscmd --configure`: asks for each setting in the Python order, showing the current value in
 * [..] (booleans as Yes/No, the secret key masked); Enter keeps it. Works on a terminal and with
 * answers piped on stdin. Saves with core's writeConfigFile (0600, other profiles kept) only after
 * `Save settings? [y/N]`; settings not prompted for keep their values. EOF or Ctrl-C: nothing is
 * written, exit 1.
 */
export async function runConfigure(args: GlobalArgs, deps: CliDeps): Promise<ExitCode> {
  const file = args.config ?? defaultConfigFile(deps.env);
  const profile = args.profile ?? (deps.env['WCS_PROFILE'] || 'default');
  deps.failure.configFile = file;
  // Checked before the questions, not after all of them have been answered.
  const folder = dirname(resolve(file));
  if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory()) {
    throw new WcsConfigError(`cannot write ${file}: the folder ${folder} does not exist. Create it, or give another file with -c FILE.`);
  }
  const current = currentConfig(file, profile);
  // A bad value must not lock the user out of the command that repairs it: it is shown as the default.
  for (const name of current.invalid) deps.stdout.write(`Note: the ${name} in ${file} is not valid; its default is shown below.\n`);
  let values: Record<string, unknown> = { ...current.config };
  if (typeof values['secretKey'] === 'string' && values['secretKey']) deps.secrets.add(values['secretKey']);

  const rl = createInterface({ input: deps.stdin, terminal: deps.stdinIsTTY, ...(deps.stdinIsTTY ? { output: deps.stdout as NodeJS.WritableStream } : {}) });
  // Ctrl-C at a prompt ends input like EOF: the changes are dropped, not half-saved.
  rl.on('SIGINT', () => rl.close());
  // Piped input gets no readline SIGINT: bin.ts turns Ctrl-C into this abort.
  deps.signal?.addEventListener('abort', () => rl.close(), { once: true });
  const lines = rl[Symbol.asyncIterator]();
  const ask = async (prompt: string): Promise<string> => {
    deps.stdout.write(prompt);
    const next = await lines.next();
    if (next.done) throw new EndOfInput();
    return next.value.trim();
  };

  try {
    deps.stdout.write(
      `Enter new values or accept defaults in brackets with Enter.\nSettings are saved to ${file}${profile === 'default' ? '' : ` [${profile}]`}.\n\n`,
    );
    for (;;) {
      for (const [name, label] of CONFIGURE_PROMPTS) {
        const row = wcscfgKeyForFileName(name)!;
        for (;;) {
          const answer = await ask(`${label} [${shownValue(row.key, values[row.key])}]: `);
          if (answer === '') break;
          if (typeof values[row.key] === 'boolean') {
            if (TRUE_ANSWER.test(answer) || FALSE_ANSWER.test(answer)) {
              values = { ...values, [row.key]: TRUE_ANSWER.test(answer) };
              break;
            }
            deps.stdout.write('  Please answer yes or no.\n');
            continue;
          }
          const candidate = { ...values, [row.key]: answer };
          try {
            parseConfig(candidate, () => name);
          } catch (error) {
            const issue = error instanceof WcsConfigError ? error.issues.find((i) => i.startsWith(name)) : undefined;
            if (issue) {
              deps.stdout.write(`  ${issue}; try again.\n`);
              continue;
            }
          }
          if (row.secret) deps.secrets.add(answer);
          values = candidate;
          break;
        }
      }
      const config = parseConfig(values);
      deps.stdout.write('\nNew settings:\n');
      for (const [name] of CONFIGURE_PROMPTS) {
        const row = wcscfgKeyForFileName(name)!;
        deps.stdout.write(`  ${name}: ${shownValue(row.key, config[row.key])}\n`);
      }
      if (/^y/i.test(await ask('\nSave settings? [y/N] '))) {
        // Through a symbolic link (a dotfiles checkout), the file it names is written; the link stays.
        writeConfigFile(writeTargetOf(file).path, config, profile);
        deps.stdout.write(`Configuration saved to '${file}'\n`);
        return EXIT_OK;
      }
      if (/^n/i.test(await ask('Retry configuration? [Y/n] '))) {
        deps.stdout.write('Changes were NOT saved.\n');
        return EXIT_OK;
      }
      deps.stdout.write('\n');
    }
  } catch (error) {
    if (error instanceof EndOfInput) {
      deps.stdout.write('\n');
      deps.stderr.write('wcscmd: configuration interrupted: changes were NOT saved.\n');
      return EXIT_FAILURE;
    }
    throw error;
  } finally {
    rl.close();
  }
}

/**
 * The section being edited as it is now: the file's values over the defaults (no env, no flags:
 * this edits the file), read as loadConfig reads them (keys before any section, then the
 * section; empty means default). Invalid values are left out and named in `invalid`.
 */
function currentConfig(file: string, profile: string): { config: WcsConfig; invalid: string[] } {
  if (!existsSync(file)) return { config: parseConfig({}), invalid: [] };
  const { topLevel, sections } = parseWcscfg(readFileSync(file, 'utf8'));
  // A new profile starts from the defaults.
  if (profile !== 'default' && !sections.has(profile)) return { config: parseConfig({}), invalid: [] };
  const values: Record<string, unknown> = {};
  const invalid: string[] = [];
  for (const [name, raw] of Object.entries({ ...topLevel, ...(sections.get(profile) ?? {}) })) {
    const row = wcscfgKeyForFileName(name);
    if (!row || raw === '') continue;
    try {
      parseConfig({ [row.key]: raw });
      values[row.key] = raw;
    } catch {
      invalid.push(name);
    }
  }
  return { config: parseConfig(values), invalid };
}

function shownValue(key: WcsConfigKey, value: unknown): string {
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  // Config values are strings and numbers (booleans above); an answer not yet parsed is a string.
  const text = typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
  return key === 'secretKey' ? maskSecret(text) : text;
}
