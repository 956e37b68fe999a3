import type { LoadedConfig } from '@wcs/core';
import type { CliClient } from '../cli-client.js';
import type { CliDeps } from '../cli-deps.js';

/** The client for a loaded config: the injected factory (tests) or the SDK adapter, loaded on first use. */
export async function clientFor(deps: CliDeps, loaded: LoadedConfig): Promise<CliClient> {
  if (deps.createClient) return deps.createClient(loaded.config);
  const { createCliClient } = await import('../create-cli-client.js');
  return createCliClient(loaded.config);
}
