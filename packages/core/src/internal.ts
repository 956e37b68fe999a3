/**
 * `@wcs/core/internal`: helpers shared by the `@wcs/*` packages and the `wcscmd` CLI that are not
 * part of the public API (`@wcs/core`). No stability promise: names and signatures here change
 * with any release, without notice in the changelog. Code outside this repository should not
 * import it.
 *
 * @packageDocumentation
 */

// Transport pieces the packages build requests with.
export { httpClientOptionsFromConfig } from './http/http-client.js';
export { withRetry } from './http/retry.js';
export { serviceErrorFromResponse, stripQuery } from './http/to-wcs-error.js';
export { TRAFFIC_LIMIT_HEADER } from './constants.js';

// The .wcscfg file format and secret masking, for `wcscmd --configure` and `--dump-config`.
export {
  WCSCFG_KEYS,
  wcscfgKeyForConfigKey,
  wcscfgKeyForFileName,
  type WcscfgKey,
} from './config/wcscfg-keys.js';
export { parseWcscfg, formatWcscfgSection, toWcscfgValues, type ParsedWcscfg } from './config/load-config.js';
export { redactText, maskSecret } from './config/redact.js';
