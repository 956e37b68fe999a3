import { describe, expect, it } from '@jest/globals';
import * as errors from './errors.js';
import * as publicApi from './index.js';
import * as internal from './internal.js';

// The public entry is an API promise: adding to it is a decision (README table, changelog), so
// the list is spelled out here. Types are checked by tsc, not here (they have no runtime value).
const PUBLIC_VALUES = [
  'BLOCK_SIZE_BYTES',
  'SDK_VERSION',
  'WcsAbortError',
  'WcsConfigError',
  'WcsError',
  'WcsIntegrityError',
  'WcsInvalidArgumentError',
  'WcsJobFailedError',
  'WcsLocalIoError',
  'WcsNetworkError',
  'WcsResumeRecordError',
  'WcsServiceError',
  'WcsTimeoutError',
  'createHttpClient',
  'createUserAgent',
  'createWcsContext',
  'defaultConfigFile',
  'entry',
  'isWcsError',
  'loadConfig',
  'parseConfig',
  'redactConfig',
  'toBaseUrl',
  'toWcsError',
  'urlSafeBase64Decode',
  'urlSafeBase64DecodeToBuffer',
  'urlSafeBase64Encode',
  'writeConfigFile',
];

const INTERNAL_VALUES = [
  'TRAFFIC_LIMIT_HEADER',
  'WCSCFG_KEYS',
  'formatWcscfgSection',
  'httpClientOptionsFromConfig',
  'maskSecret',
  'parseWcscfg',
  'redactText',
  'serviceErrorFromResponse',
  'stripQuery',
  'toWcscfgValues',
  'wcscfgKeyForConfigKey',
  'wcscfgKeyForFileName',
  'withRetry',
];

describe('entry points of @wcs/core', () => {
  it('@wcs/core exports exactly the public API', () => {
    expect(Object.keys(publicApi).sort()).toEqual(PUBLIC_VALUES);
  });

  it('@wcs/core/internal exports exactly the helpers for the packages and wcscmd, none of them public', () => {
    expect(Object.keys(internal).sort()).toEqual(INTERNAL_VALUES);
    expect(Object.keys(internal).filter((name) => name in publicApi)).toEqual([]);
  });

  it('every export of the errors module is public (a new error class cannot stay internal)', () => {
    const notPublic = Object.keys(errors).filter((name) => !(name in publicApi));
    expect(notPublic).toEqual([]);
  });
});
