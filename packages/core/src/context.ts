import type { WcsConfig } from './config/schema.js';
import { createHttpClient, httpClientOptionsFromConfig, type HttpClient, type HttpClientOptions } from './http/http-client.js';

/**
 * What every service function takes: the validated config and the transport. No module-level
 * client, no singletons: tests build one against the local server.
 */
export interface WcsContext {
  readonly config: WcsConfig;
  readonly http: HttpClient;
  /** Clock in ms, injectable for token deadlines in tests. Default `Date.now`. */
  readonly now?: () => number;
}

/** A context whose transport follows the config's timeout, retries, keepalive and TLS settings. */
export function createWcsContext(config: WcsConfig, httpOptions: HttpClientOptions = {}): WcsContext {
  // An option left undefined (a JavaScript caller forwarding an unset value) keeps the config's
  // setting instead of replacing it with the transport's default.
  const overrides = Object.fromEntries(Object.entries(httpOptions).filter(([, value]) => value !== undefined)) as HttpClientOptions;
  return { config, http: createHttpClient({ ...httpClientOptionsFromConfig(config), ...overrides }) };
}
