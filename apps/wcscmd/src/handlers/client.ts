import type { LoadedConfig } from '@wcs/core';
import type { CliClient } from '../cli-client.js';
import type { CliDeps } from '../cli-deps.js';

/** The client for a loaded config: the injected factory (tests) or the SDK adapter, loaded on first use. */
export async function clientFor(deps: CliDeps, loaded: LoadedConfig): Promise<CliClient> {
  if (deps.createClient) return deps.createClient(loaded.config);
  const { createCliClient } = await import('../create-cli-client.js');
  return createCliClient(loaded.config);
}

/** The upload calls of the client: all that `put` and `multiput` use. */
export type UploadClient = Pick<CliClient, 'simpleUpload' | 'multipartUpload'>;

/**
 * Starts loading the upload calls now, so the code loads while the caller checks the local file
 * and the config, and returns the function that builds them for the loaded config: the injected
 * factory (tests) or upload-calls.ts alone, so that `put` and `multiput` load neither
 * `@wcs/manage` nor the SDK.
 */
export function uploadClientLoader(deps: CliDeps): (loaded: LoadedConfig) => Promise<UploadClient> {
  const { createClient } = deps;
  if (createClient) return async (loaded) => createClient(loaded.config);
  const module = import('../upload-calls.js');
  // A failure to load is reported where the client is awaited, not as an unhandled rejection before.
  module.catch(() => undefined);
  return async (loaded) => (await module).createUploadClient(loaded.config);
}
