import { WcsConfigError, loadConfig, type LoadedConfig, type WcsConfigKey } from '@wcs/core';
import { readFileSync } from 'node:fs';
import { parseWcscfg, wcscfgKeyForConfigKey } from '@wcs/core/internal';
import { configOverridesFromArgs } from './config-overrides.js';
import type { GlobalArgs } from './global-args.js';

/** Which settings a command cannot run without. */
export type ConfigNeeds = 'upload' | 'manage' | 'status' | 'none';

const REQUIRED: Record<ConfigNeeds, readonly WcsConfigKey[]> = {
  upload: ['accessKey', 'secretKey', 'putUrl'],
  manage: ['accessKey', 'secretKey', 'mgrUrl'],
  // fopsStatus/fmgrStatus carry no Authorization (wcs-api.md §6.9, §7.2).
  status: ['mgrUrl'],
  none: [],
};

/**
 * Loads the configuration for one command through core's `loadConfig` (flags > `WCS_*` env >
 * `-c FILE` or `~/.wcscfg` section `--profile`/`WCS_PROFILE` > defaults) and checks that the
 * settings the command needs are present, naming each missing one.
 *
 * @throws WcsConfigError (`ERR_WCS_CONFIG`) for a missing named file, an unknown profile, a bad
 *   value, or missing required settings (with the hint to run `wcscmd --configure`)
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for a malformed numeric option
 */
export function loadCliConfig(args: GlobalArgs, env: NodeJS.ProcessEnv, needs: ConfigNeeds): LoadedConfig {
  const loaded = loadConfig({ configFile: args.config, profile: args.profile, env, overrides: configOverridesFromArgs(args) });
  const missing = REQUIRED[needs].filter((key) => loaded.config[key] === '').map((key) => wcscfgKeyForConfigKey(key)?.file ?? key);
  if (missing.length > 0) {
    if (!loaded.fileFound) {
      throw new WcsConfigError(
        `Config file ${loaded.file} does not exist and ${listWords(missing)} ${missing.length > 1 ? 'are' : 'is'} not set: run "wcscmd --configure" to create it, or pass -c FILE.`,
        { issues: missing.map((name) => `${name} is not set`) },
      );
    }
    const where = loaded.profile === 'default' ? loaded.file : `${loaded.file} [${loaded.profile}]`;
    const others = loaded.profile === 'default' ? sectionsWithoutDefault(loaded.file) : [];
    if (others.length > 0) {
      // The Python tool read keys from any section; here a section is a profile, [default] unless chosen.
      const choose = others.length === 1 ? `--profile ${others[0]!}` : '--profile NAME';
      throw new WcsConfigError(
        `${listWords(missing)} ${missing.length > 1 ? 'are' : 'is'} not set in ${loaded.file}: it has no [default] section (sections found: ${others.join(', ')}). Rename the section to [default], or pass ${choose}.`,
        { issues: missing.map((name) => `${name} is not set`) },
      );
    }
    throw new WcsConfigError(
      `${listWords(missing)} ${missing.length > 1 ? 'are' : 'is'} not set in ${where}: run "wcscmd --configure" or add ${missing.length > 1 ? 'them' : 'it'} to the file.`,
      { issues: missing.map((name) => `${name} is not set`) },
    );
  }
  return loaded;
}

/** The sections of a file that has sections but no [default] (else none). */
function sectionsWithoutDefault(file: string): string[] {
  try {
    const names = [...parseWcscfg(readFileSync(file, 'utf8')).sections.keys()];
    return names.includes('default') ? [] : names;
  } catch {
    return [];
  }
}

const listWords = (words: readonly string[]): string =>
  words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
