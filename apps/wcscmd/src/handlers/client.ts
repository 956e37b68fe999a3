import type { LoadedConfig } from '@wcs/core';
import type { CliClient } from '../cli-client.js';
import type { CliDeps } from '../cli-deps.js';

/** The client for a loaded config: the injected factory (tests) or the SDK adapter, loaded on first use. */
export async function clientFor(deps: CliDeps, loaded: LoadedConfig): Promise<CliClient> {
  if (deps.createClient) return deps.createClient(loaded.config);
  const { createCliClient } = await import('../create-cli-client.js');
  return createCliClient(loaded.config);
}

/**
 * The upload calls for a loaded config: the injected factory (tests) or upload-calls.ts alone, so
 * that `put` and `multiput` load neither `@wcs/manage` nor the SDK.
 */
export async function uploadClientFor(deps: CliDeps, loaded: LoadedConfig): Promise<Pick<CliClient, 'simpleUpload' | 'multipartUpload'>> {
  if (deps.createClient) return deps.createClient(loaded.config);
  const { createUploadClient } = await import('../upload-calls.js');
  return createUploadClient(loaded.config);
}
