import { describe, expect, it } from '@jest/globals';
import * as auth from '@wcs/auth';
import * as core from '@wcs/core';
import * as etag from '@wcs/etag';
import * as fmgr from '@wcs/fmgr';
import * as manage from '@wcs/manage';
import * as sync from '@wcs/sync';
import * as upload from '@wcs/upload';
import * as sdk from './index.js';
import type { HttpClientOptions, HttpRequestOptions, RetryPolicy, WcsConfigInput, WcsContext, WcsErrorCode, WcsResumeRecordReason } from './index.js';

/** The exports of `module` that are WcsError or a subclass of it, by name. */
function wcsErrorClasses(module: Record<string, unknown>): Map<string, unknown> {
  const found = new Map<string, unknown>();
  for (const [name, value] of Object.entries(module)) {
    if (typeof value !== 'function') continue;
    for (let proto: unknown = value; proto; proto = Object.getPrototypeOf(proto)) {
      if (proto === core.WcsError) {
        found.set(name, value);
        break;
      }
    }
  }
  return found;
}

describe('@wcs/sdk exports', () => {
  // Whatever a function of the SDK throws, a user must be able to `instanceof` it with one import.
  it('every WcsError class of @wcs/core and of the packages it composes, as the same object', () => {
    const packages = { core, auth, etag, upload, manage, fmgr, sync };
    const missing: string[] = [];
    let count = 0;
    for (const [pkg, module] of Object.entries(packages)) {
      for (const [name, cls] of wcsErrorClasses(module)) {
        count++;
        if ((sdk as Record<string, unknown>)[name] !== cls) missing.push(`${name} (@wcs/${pkg})`);
      }
    }
    expect(missing).toEqual([]);
    // The walk found the hierarchy (so the check above cannot pass on an empty list).
    expect(count).toBeGreaterThanOrEqual(11);
    expect(wcsErrorClasses(core).has('WcsLocalIoError')).toBe(true);
  });

  it('the helpers to recognise errors and the core types users build on', () => {
    expect(sdk.isWcsError(new sdk.WcsLocalIoError('disk full'))).toBe(true);
    expect(sdk.toWcsError(Object.assign(new Error('x'), { code: 'ENOSPC' }))).toBeInstanceOf(sdk.WcsLocalIoError);
    for (const name of ['loadConfig', 'parseConfig', 'createWcsContext', 'createHttpClient', 'entry', 'urlSafeBase64Encode', 'BLOCK_SIZE_BYTES', 'SDK_VERSION']) {
      expect(sdk).toHaveProperty(name);
    }
  });

  it('the types a user annotates its own code with (checked by tsc)', () => {
    const code: WcsErrorCode = 'ERR_WCS_LOCAL_IO';
    const reason: WcsResumeRecordReason = 'mismatch';
    const policy: Pick<RetryPolicy, 'retryableStatuses'> = { retryableStatuses: [503] };
    const request: HttpRequestOptions = { method: 'GET', url: 'http://127.0.0.1:1/', retryPolicy: policy };
    const options: HttpClientOptions = { retries: 1, onRetry: (event) => void event.attempt };
    const input: WcsConfigInput = { accessKey: 'ak', secretKey: 'sk' };
    const ctx: WcsContext = sdk.createWcsContext(sdk.parseConfig(input), options);
    ctx.http.close();
    expect([code, reason, request.method]).toEqual(['ERR_WCS_LOCAL_IO', 'mismatch', 'GET']);
  });

  it("none of @wcs/core/internal's helpers", async () => {
    const internal = await import('@wcs/core/internal');
    const leaked = Object.keys(internal).filter((name) => name in sdk);
    expect(leaked).toEqual([]);
  });
});
