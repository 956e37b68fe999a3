import { chmodSync, closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, basename } from 'node:path';
import ini from 'ini';
import { DEFAULT_CONFIG_FILE_NAME } from '../constants.js';
import { WcsConfigError } from '../errors.js';
import { parseConfig, type WcsConfig, type WcsConfigInput } from './schema.js';
import { WCSCFG_KEYS, wcscfgKeyForConfigKey, wcscfgKeyForFileName, type WcsConfigKey } from './wcscfg-keys.js';

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** Config file to read. Default: `$WCS_CONFIG`, else `~/.wcscfg`. A file named here or in `WCS_CONFIG` must exist. */
  configFile?: string | undefined;
  /** Section to read. Default: `$WCS_PROFILE`, else `default`. */
  profile?: string | undefined;
  /** Environment to read `WCS_*` overrides from. Default: `process.env`. */
  env?: NodeJS.ProcessEnv | undefined;
  /** Highest-precedence values, typically command-line flags. `undefined` entries are ignored. */
  overrides?: Partial<Record<keyof WcsConfigInput, unknown>> | undefined;
}

/** What {@link loadConfig} found. */
export interface LoadedConfig {
  config: WcsConfig;
  /** The config file path that was (or would have been) read. */
  file: string;
  /** False when the default file does not exist (then only env, flags and defaults apply). */
  fileFound: boolean;
  profile: string;
  /** Lines of the file that were ignored, e.g. unknown keys (the Python tool ignores them too). */
  warnings: string[];
  /**
   * Where each value that is not a default came from, after precedence: the file (`name` is the
   * .wcscfg key), the environment (`name` is the variable) or an override (`name` is the key).
   * Lets callers point users at the setting actually in use.
   */
  origins: Partial<Record<WcsConfigKey, ConfigOrigin>>;
}

/** One entry of {@link LoadedConfig.origins}. */
export interface ConfigOrigin {
  from: 'file' | 'env' | 'option';
  name: string;
}

/** Default config path: `$WCS_CONFIG`, else `$HOME/.wcscfg`. */
export function defaultConfigFile(env: NodeJS.ProcessEnv = process.env): string {
  return env['WCS_CONFIG'] || join(env['HOME'] || homedir(), DEFAULT_CONFIG_FILE_NAME);
}

/**
 * Loads the configuration. Precedence, highest first:
 * 1. `overrides` (command-line flags),
 * 2. environment variables `WCS_ACCESS_KEY`, `WCS_SECRET_KEY`, `WCS_PUT_URL`, `WCS_MGR_URL`, …
 *    (one per `.wcscfg` key, see `WCSCFG_KEYS`),
 * 3. the config file: keys before any section, then the selected section (`[default]` unless a
 *    profile is chosen),
 * 4. the schema defaults (the Python tool's defaults).
 *
 * Files written by the Python `wcscmd` load unchanged: `True`/`False` booleans, empty values
 * (treated as "not set"), unknown keys (ignored, reported in `warnings`), values containing
 * `;` or `#` (kept whole, as the Python parser keeps them), double-quoted values (unquoted).
 *
 * @throws WcsConfigError (`ERR_WCS_CONFIG`) when a named file is missing or unreadable, the
 *   profile does not exist, or a value is invalid (the message names key and source, never the value)
 */
export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const explicitFile = options.configFile ?? (env['WCS_CONFIG'] || undefined);
  const file = explicitFile ?? defaultConfigFile(env);
  const profile = options.profile ?? (env['WCS_PROFILE'] || 'default');

  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    // An absent default file is simply empty; a file the user named must be there.
    if (explicitFile !== undefined || code !== 'ENOENT') {
      throw new WcsConfigError(describeReadError(file, code), { cause });
    }
  }

  const values: Record<string, unknown> = {};
  const sources: Record<string, string> = {};
  const origins: Partial<Record<WcsConfigKey, ConfigOrigin>> = {};
  const warnings: string[] = [];

  if (text !== undefined) {
    const parsed = parseWcscfg(text);
    if (profile !== 'default' && !parsed.sections.has(profile)) {
      const known = [...parsed.sections.keys()].join(', ') || 'none';
      throw new WcsConfigError(`Profile "${profile}" is not in ${file} (sections found: ${known}).`);
    }
    // py3 warns about such lines (wcs-api.md §11.1); e.g. "access_key: AK" would otherwise leave the key unset without a word.
    // The line itself is not quoted: it may hold the secret key.
    for (const line of parsed.ignoredLines) warnings.push(`${file}: line ${line} is not "key = value" nor a [section], ignored`);
    const section = { ...parsed.topLevel, ...(parsed.sections.get(profile) ?? {}) };
    for (const [name, raw] of Object.entries(section)) {
      const row = wcscfgKeyForFileName(name);
      if (!row) {
        warnings.push(`${file}: unknown setting "${name}" ignored`);
        continue;
      }
      // The Python tool writes unset values as "key = "; they mean "use the default".
      if (raw === '') continue;
      values[row.key] = raw;
      sources[row.key] = `${row.file} in ${file}`;
      origins[row.key] = { from: 'file', name: row.file };
    }
  }

  for (const row of WCSCFG_KEYS) {
    const raw = env[row.env];
    if (raw !== undefined && raw !== '') {
      values[row.key] = raw;
      sources[row.key] = `environment variable ${row.env}`;
      origins[row.key] = { from: 'env', name: row.env };
    }
  }

  for (const [key, value] of Object.entries(options.overrides ?? {})) {
    if (value === undefined) continue;
    values[key] = value;
    const row = wcscfgKeyForConfigKey(key);
    sources[key] = row ? `option for ${row.file}` : `option ${key}`;
    origins[key as WcsConfigKey] = { from: 'option', name: row?.file ?? key };
  }

  const config = parseConfig(values, (key) => sources[key] ?? wcscfgKeyForConfigKey(key)?.file ?? key);
  return { config, file, fileFound: text !== undefined, profile, warnings, origins };
}

function describeReadError(file: string, code: string | undefined): string {
  switch (code) {
    case 'ENOENT':
      return `Config file ${file} does not exist: run "wcscmd --configure" to create it, or pass -c FILE.`;
    case 'EACCES':
    case 'EPERM':
      return `Config file ${file} is not readable: check its permissions.`;
    case 'EISDIR':
      return `Config file ${file} is a directory, not a file.`;
    default:
      return `Config file ${file} could not be read (${code ?? 'unknown error'}).`;
  }
}

/** A `.wcscfg` split into keys before any section and named sections, every value a string. */
export interface ParsedWcscfg {
  topLevel: Record<string, string>;
  sections: Map<string, Record<string, string>>;
  /** 1-based numbers of the lines that are neither blank, a comment, a `[section]` nor `key = value` (ignored). */
  ignoredLines: number[];
}

/**
 * Parses `.wcscfg` text with `ini`, after making each value a JSON string so that `ini` keeps it
 * verbatim: the Python parser takes everything after the first `=` (trimmed, outer double quotes
 * removed), while `ini` would cut at `;` or `#` (common in persistentOps and URLs) and turn
 * `true` into a boolean.
 */
export function parseWcscfg(text: string): ParsedWcscfg {
  const ignoredLines: number[] = [];
  const lines = text.split(/\r?\n/).map((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) return '';
    const section = /^\[(.+)\]$/.exec(trimmed);
    // Escape dots so "[my.profile]" stays one section instead of ini's nested objects.
    if (section) return `[${section[1]!.trim().replace(/\./g, '\\.')}]`;
    const eq = trimmed.indexOf('=');
    if (eq <= 0) {
      ignoredLines.push(index + 1);
      return '';
    }
    const name = trimmed.slice(0, eq).trim();
    let value = trimmed.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    return `${name} = ${JSON.stringify(value)}`;
  });
  const parsed = ini.parse(lines.join('\n')) as Record<string, unknown>;
  const topLevel: Record<string, string> = {};
  const sections = new Map<string, Record<string, string>>();
  for (const [name, value] of Object.entries(parsed)) {
    if (typeof value === 'string') topLevel[name] = value;
    else if (value && typeof value === 'object') {
      const entries: Record<string, string> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (typeof v === 'string') entries[k] = v;
      }
      sections.set(name, entries);
    }
  }
  return { topLevel, sections, ignoredLines };
}

/** Renders one section the way the Python tool writes it: ASCII key order, `True`/`False`, `key = ` for empty. */
export function formatWcscfgSection(name: string, values: Record<string, string>): string {
  const keys = Object.keys(values).sort();
  return [`[${name}]`, ...keys.map((k) => `${k} = ${values[k]}`)].join('\n') + '\n';
}

/** A config as `.wcscfg` values (every key, Python spelling and formatting). */
export function toWcscfgValues(config: WcsConfig): Record<string, string> {
  const out: Record<string, string> = {};
  for (const row of WCSCFG_KEYS) {
    const value = config[row.key];
    out[row.file] = typeof value === 'boolean' ? (value ? 'True' : 'False') : String(value);
  }
  return out;
}

/**
 * Writes `config` as section `profile` of `file`, keeping the file's other sections, atomically
 * (temporary file, fsync, rename) and with mode 0600 since it holds the secret key.
 */
export function writeConfigFile(file: string, config: WcsConfig, profile = 'default'): void {
  let sections = new Map<string, Record<string, string>>();
  let topLevel: Record<string, string> = {};
  try {
    ({ sections, topLevel } = parseWcscfg(readFileSync(file, 'utf8')));
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new WcsConfigError(describeReadError(file, (cause as NodeJS.ErrnoException).code), { cause });
    }
  }
  sections.set(profile, toWcscfgValues(config));
  // [default] leads when it is the section written, as in the files the Python tool writes.
  const names = [...sections.keys()];
  const ordered = profile === 'default' ? ['default', ...names.filter((n) => n !== 'default')] : names;
  // Keys before any section apply to every profile (loadConfig reads them first): keep them first.
  const preamble = Object.keys(topLevel)
    .sort()
    .map((k) => `${k} = ${topLevel[k]}\n`)
    .join('');
  const text = preamble + ordered.map((name) => formatWcscfgSection(name, sections.get(name)!)).join('\n');
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    chmodSync(tmp, 0o600);
    renameSync(tmp, file);
  } catch (cause) {
    rmSync(tmp, { force: true });
    throw new WcsConfigError(`Could not write config file ${file}: ${(cause as Error).message}`, { cause });
  }
}
