import type { WcsConfig } from './schema.js';
import { WCSCFG_KEYS } from './wcscfg-keys.js';

const MASK = '****';

/** Masks one secret: empty stays empty (so "not set" is visible), anything else becomes `****`. */
export const maskSecret = (value: string): string => (value ? MASK : '');

/** A copy of the config with every secret masked: the only form in which a config is printed or logged. */
export function redactConfig(config: WcsConfig): WcsConfig {
  const copy: Record<string, unknown> = { ...config };
  for (const row of WCSCFG_KEYS) {
    if (row.secret && typeof copy[row.key] === 'string') copy[row.key] = maskSecret(copy[row.key] as string);
  }
  return Object.freeze(copy) as unknown as WcsConfig;
}

/**
 * Removes secrets from free text (an error body, a debug line): each given secret, and anything
 * shaped like a WCS token (`AK:<56 base64 chars ending ==>[:policy]`).
 */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join(MASK);
  }
  return out.replace(/([A-Za-z0-9_\-.]+):[A-Za-z0-9_-]{54}==(:[A-Za-z0-9_=-]+)?/g, `$1:${MASK}`);
}
