import { createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { urlSafeBase64Encode } from '@wcs/core';
import { verifyCallbackSignature } from './callback-signature.js';

const pair = { accessKey: 'ak-example', secretKey: 'sk-example' };
const other = { accessKey: 'ak-other', secretKey: 'sk-other' };
// Built independently of the code under test, from wcs-api.md §2.3.
const header = (sk: string, ak: string, signingStr: string): string =>
  `${ak}:${urlSafeBase64Encode(createHmac('sha1', sk).update(signingStr).digest('hex'))}`;

describe('verifyCallbackSignature', () => {
  const url = 'http://example.com/notify?x=1';
  const body = 'eyJpZCI6IjEiLCJjb2RlIjozfQ==';

  it('accepts a persistentOps notification signed over url + "\\n" + body', () => {
    const authorization = header('sk-example', 'ak-example', `${url}\n${body}`);
    expect(verifyCallbackSignature({ authorization, url, body, credentials: pair })).toBe(true);
    expect(verifyCallbackSignature({ authorization, url, body: Buffer.from(body), credentials: pair })).toBe(true);
  });

  it('accepts the fmgr form, signed over url + "\\n" + b64u(body)', () => {
    const authorization = header('sk-example', 'ak-example', `${url}\n${urlSafeBase64Encode(body)}`);
    expect(verifyCallbackSignature({ authorization, url, body, credentials: pair, bodyEncoding: 'base64url' })).toBe(true);
    expect(verifyCallbackSignature({ authorization, url, body, credentials: pair })).toBe(false);
  });

  it('picks the pair whose access key matches among several', () => {
    const authorization = header('sk-other', 'ak-other', `${url}\n${body}`);
    expect(verifyCallbackSignature({ authorization, url, body, credentials: [pair, other] })).toBe(true);
    expect(verifyCallbackSignature({ authorization, url, body, credentials: [pair] })).toBe(false);
  });

  it('rejects tampering and malformed headers', () => {
    const authorization = header('sk-example', 'ak-example', `${url}\n${body}`);
    expect(verifyCallbackSignature({ authorization, url, body: `${body}x`, credentials: pair })).toBe(false);
    expect(verifyCallbackSignature({ authorization, url: 'http://example.com/notify', body, credentials: pair })).toBe(false);
    expect(verifyCallbackSignature({ authorization: `${authorization}A`, url, body, credentials: pair })).toBe(false);
    expect(verifyCallbackSignature({ authorization: header('sk-wrong', 'ak-example', `${url}\n${body}`), url, body, credentials: pair })).toBe(false);
    for (const bad of [undefined, null, '', 'nocolon', ':sig']) {
      expect(verifyCallbackSignature({ authorization: bad, url, body, credentials: pair })).toBe(false);
    }
  });
});
