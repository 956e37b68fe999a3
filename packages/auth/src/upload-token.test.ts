import { describe, expect, it } from '@jest/globals';
import { urlSafeBase64Decode, WcsConfigError, WcsInvalidArgumentError } from '@wcs/core';
import { createUploadToken, parseUploadToken } from './upload-token.js';

const credentials = { accessKey: 'ak-example', secretKey: 'sk-example' };
const policyText = (token: string): string => urlSafeBase64Decode(token.split(':')[2] ?? '');

describe('createUploadToken', () => {
  it('appends deadline = floor(now/1000)*1000 + 7200000 as the last key, as a JSON integer', () => {
    const token = createUploadToken(
      { scope: 'b:k', returnBody: 'x', overwrite: 1 },
      { credentials, now: () => 1_700_000_123_456 },
    );
    expect(policyText(token)).toBe('{"scope": "b:k", "returnBody": "x", "overwrite": 1, "deadline": 1700007323000}');
  });

  it('uses deadlineSeconds for the lifetime', () => {
    const token = createUploadToken({ scope: 'b' }, { credentials, now: () => 1_700_000_000_999, deadlineSeconds: 60 });
    expect(policyText(token)).toBe('{"scope": "b", "deadline": 1700000060000}');
  });

  it('keeps an explicit deadline where the caller put it and never calls the clock', () => {
    const now = (): number => {
      throw new Error('clock must not be read');
    };
    const token = createUploadToken({ deadline: 1800000000000, scope: 'b' }, { credentials, now });
    expect(policyText(token)).toBe('{"deadline": 1800000000000, "scope": "b"}');
  });

  it('serialises compactly on request (UTF-8 kept, no spaces)', () => {
    const token = createUploadToken({ scope: '网宿' }, { credentials, now: () => 1_700_000_000_000, serialization: 'compact' });
    expect(policyText(token)).toBe('{"scope":"网宿","deadline":1700007200000}');
  });

  it('escapes non-ASCII in the default Python serialisation', () => {
    const token = createUploadToken({ scope: '网宿' }, { credentials, now: () => 1_700_000_000_000 });
    expect(policyText(token)).toBe('{"scope": "\\u7f51\\u5bbf", "deadline": 1700007200000}');
  });

  it.each([
    [{}, /scope is required/],
    [{ scope: 'b', overwrite: 2 }, /overwrite must be 0 or 1/],
    [{ scope: 'b', Scope: 'c' }, /unknown field "Scope"/],
  ])('rejects the invalid policy %j with WcsInvalidArgumentError', (policy, message) => {
    expect(() => createUploadToken(policy as { scope: string }, { credentials })).toThrow(WcsInvalidArgumentError);
    expect(() => createUploadToken(policy as { scope: string }, { credentials })).toThrow(message);
  });

  it('rejects bad options', () => {
    expect(() => createUploadToken({ scope: 'b' }, { credentials, deadlineSeconds: 0 })).toThrow(/deadlineSeconds/);
    expect(() => createUploadToken({ scope: 'b' }, { credentials, deadlineSeconds: 1.5 })).toThrow(WcsInvalidArgumentError);
    expect(() => createUploadToken({ scope: 'b' }, { credentials, serialization: 'yaml' as 'compact' })).toThrow(/serialization/);
  });

  it('throws WcsConfigError naming the missing key, never a secret', () => {
    let error: unknown;
    try {
      createUploadToken({ scope: 'b' }, { credentials: { accessKey: 'ak-example', secretKey: '' } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WcsConfigError);
    const message = (error as WcsConfigError).message;
    expect(message).toMatch(/missing secret key/);
    expect(message).toMatch(/wcscmd --configure/);
    expect(message).toMatch(/WCS_SECRET_KEY/);
    expect(message).not.toMatch(/missing access key|ak-example/);
  });
});

describe('parseUploadToken', () => {
  it('returns the access key and the decoded policy, not the sign', () => {
    const token = createUploadToken({ scope: 'b:k', deadline: 1700000000000 }, { credentials });
    const parsed = parseUploadToken(token);
    expect(parsed).toEqual({ accessKey: 'ak-example', policy: { scope: 'b:k', deadline: 1700000000000 }, encodedPolicy: token.split(':')[2] });
    expect(JSON.stringify(parsed)).not.toContain(token.split(':')[1]);
  });

  it('rejects text that is not a token without quoting it', () => {
    expect(() => parseUploadToken('just-a-secret')).toThrow(WcsInvalidArgumentError);
    expect(() => parseUploadToken('just-a-secret')).not.toThrow(/just-a-secret/);
    expect(() => parseUploadToken('ak:sign:bm90IGpzb24=')).toThrow(/not Base64-encoded JSON/);
  });
});
