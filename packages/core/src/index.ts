/**
 * `@wcs/core`: what a user of the WCS packages needs from the shared layer: the error hierarchy,
 * the config loader (`.wcscfg`, `WCS_*` variables), the context every operation takes, the HTTP
 * transport, the encodings of WCS URLs and the constants users compute with.
 *
 * Helpers that only the other `@wcs/*` packages and `wcscmd` use live in `@wcs/core/internal`,
 * which has no stability promise.
 *
 * @packageDocumentation
 */

// Errors: every class (a new one in errors.ts is public at once; @wcs/sdk's test checks it
// re-exports them all), `isWcsError` and `toWcsError`.
export * from './errors.js';

export { BLOCK_SIZE_BYTES, SDK_VERSION } from './constants.js';

export { entry } from './encoding/entry.js';
export { urlSafeBase64Encode, urlSafeBase64Decode, urlSafeBase64DecodeToBuffer } from './encoding/url-safe-base64.js';

export { parseConfig, type WcsConfig, type WcsConfigInput } from './config/schema.js';
export type { WcsConfigKey } from './config/wcscfg-keys.js';
export {
  loadConfig,
  defaultConfigFile,
  writeConfigFile,
  type LoadConfigOptions,
  type LoadedConfig,
  type ConfigOrigin,
} from './config/load-config.js';
export { redactConfig } from './config/redact.js';
export { toBaseUrl } from './config/base-url.js';

export { createWcsContext, type WcsContext } from './context.js';

export {
  createHttpClient,
  type HttpBody,
  type HttpClient,
  type HttpClientOptions,
  type HttpRequestOptions,
  type HttpResponse,
  type HttpStreamResponse,
  type JsonAnswerSchema,
  type RetryEvent,
  type SigningRequest,
} from './http/http-client.js';
// Types of `HttpRequestOptions.retryPolicy`.
export type { RetryPolicy, RetryAttempt } from './http/retry.js';
export { createUserAgent } from './http/user-agent.js';
