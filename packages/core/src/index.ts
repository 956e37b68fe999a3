export * from './errors.js';
export * from './constants.js';
export { urlSafeBase64Encode, urlSafeBase64Decode, urlSafeBase64DecodeToBuffer } from './encoding/url-safe-base64.js';
export { entry } from './encoding/entry.js';
export { parseConfig, fileNameOf, defaultRecordFolder, type WcsConfig, type WcsConfigInput } from './config/schema.js';
export { WCSCFG_KEYS, wcscfgKeyForConfigKey, wcscfgKeyForFileName, type WcscfgKey, type WcsConfigKey } from './config/wcscfg-keys.js';
export {
  loadConfig,
  defaultConfigFile,
  parseWcscfg,
  formatWcscfgSection,
  toWcscfgValues,
  writeConfigFile,
  type LoadConfigOptions,
  type LoadedConfig,
  type ConfigOrigin,
  type ParsedWcscfg,
} from './config/load-config.js';
export { redactConfig, redactText, maskSecret } from './config/redact.js';
export { toBaseUrl } from './config/base-url.js';
export {
  createHttpClient,
  httpClientOptionsFromConfig,
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
export {
  computeRetryDelay,
  normalizeRetryOptions,
  DEFAULT_RETRY_OPTIONS,
  withRetry,
  retryDelayMs,
  parseRetryAfter,
  retryAfterMsOf,
  isRetryableByDefault,
  type RetryOptions,
  type RetryPolicy,
  type RetryAttempt,
} from './http/retry.js';
export { isRetryableStatus, parseServiceErrorBody, serviceErrorFromResponse, stripQuery } from './http/to-wcs-error.js';
export { createUserAgent } from './http/user-agent.js';
export { createWcsContext, type WcsContext } from './context.js';
