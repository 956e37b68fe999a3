import type { WcsConfig } from '@wcs/core';
import type { CliClient } from './cli-client.js';

export function createCliClient(_config: WcsConfig): CliClient {
  throw new Error('not yet');
}
