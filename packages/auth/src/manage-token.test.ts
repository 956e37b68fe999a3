import { createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { urlSafeBase64Encode, WcsConfigError, WcsInvalidArgumentError, type SigningRequest } from '@wcs/core';
import { createManageAuthorizer, createManageToken } from './manage-token.js';

const credentials = { accessKey: 'ak-example', secretKey: 'sk-example' };
/** Reference implementation of wcs-api.md §2.2 step 2–3 over an explicit signing string. */
const expected = (signingStr: string | Buffer): string =>
  `ak-example:${urlSafeBase64Encode(createHmac('sha1', 'sk-example').update(signingStr).digest('hex'))}`;

describe('createManageAuthorizer (the @wcs/core transport signer)', () => {
  const authorize = createManageAuthorizer(credentials);

  it('GET with a query signs "path?query\\n"', () => {
    const req: SigningRequest = { method: 'GET', path: '/list', query: 'bucket=mybucket&limit=100&prefix=cGhvdG9zLw==', body: '' };
    // M2 of wcs-api.md §2.2.
    expect(authorize(req)).toBe('ak-example:YjE3ZGMyZWYzYWNkMzFmYmU1NzhkNDMyZDI5ZTU5OTA4YjE2ODdhOQ==');
  });

  it('POST with a body signs "path\\nbody"', () => {
    const req: SigningRequest = { method: 'POST', path: '/setdeadline', query: '', body: 'bucket=bXlidWNrZXQ=&key=aGVsbG8udHh0&deadline=30' };
    // M3 of wcs-api.md §2.2.
    expect(authorize(req)).toBe('ak-example:N2UwMmFkZTk4NTQ0NmE2YjQwNWIyNDY0MTdiOGY2Mzg4ZTY4NjllYQ==');
  });

  it('path only signs "path\\n"', () => {
    const req: SigningRequest = { method: 'GET', path: '/bucket/list', query: '', body: '' };
    // M5 of wcs-api.md §2.2.
    expect(authorize(req)).toBe('ak-example:OWY2MzIzNjQ2NTYxZGIyOTFiYzQ5NDkwNjY1NjUxNGE2ZTc4NjBhYg==');
  });

  it('query and body together sign "path?query\\nbody"', () => {
    const req: SigningRequest = { method: 'POST', path: '/p', query: 'a=1', body: 'x=2' };
    expect(authorize(req)).toBe(expected('/p?a=1\nx=2'));
  });

  it('signs byte bodies as bytes, without re-encoding (non-UTF-8 included)', () => {
    const bytes = new Uint8Array([0xff, 0x00, 0xfe, 0x41]);
    expect(authorize({ method: 'POST', path: '/fops', query: '', body: bytes })).toBe(
      expected(Buffer.concat([Buffer.from('/fops\n'), Buffer.from(bytes)])),
    );
    // A view into a larger buffer signs only its own bytes.
    const big = Buffer.from('XXbody=1YY');
    expect(authorize({ method: 'POST', path: '/p', query: '', body: big.subarray(2, 8) })).toBe(expected('/p\nbody=1'));
  });

  it('checks credentials when created', () => {
    expect(() => createManageAuthorizer({ accessKey: '', secretKey: 'sk' })).toThrow(WcsConfigError);
    expect(() => createManageAuthorizer({ accessKey: '', secretKey: 'sk' })).toThrow(/WCS_ACCESS_KEY/);
  });

  it('keeps the key pair it was created with', () => {
    const pair = { ...credentials };
    const signer = createManageAuthorizer(pair);
    pair.secretKey = 'changed';
    expect(signer({ method: 'GET', path: '/bucket/list', query: '', body: '' })).toBe(expected('/bucket/list\n'));
  });
});

describe('createManageToken', () => {
  it('URL form signs the path and raw query as written (no normalisation), not host, scheme or fragment', () => {
    expect(createManageToken(credentials, 'https://h.example.com:8443/a/../b%2Fc?x=%41&y=1#frag')).toBe(
      expected('/a/../b%2Fc?x=%41&y=1\n'),
    );
    expect(createManageToken(credentials, '/a?x=1', 'body')).toBe(expected('/a?x=1\nbody'));
  });

  it('treats an empty query like no query (py3 `if query:`)', () => {
    expect(createManageToken(credentials, '/a?')).toBe(expected('/a\n'));
    expect(createManageToken(credentials, { path: '/a', query: '' })).toBe(expected('/a\n'));
  });

  it('signs non-ASCII paths and bodies as UTF-8', () => {
    expect(createManageToken(credentials, { path: '/网', body: '宿' })).toBe(expected(Buffer.from('/网\n宿', 'utf8')));
  });

  it('rejects missing keys and malformed requests with typed errors', () => {
    expect(() => createManageToken({ accessKey: 'ak', secretKey: '' }, '/a')).toThrow(WcsConfigError);
    expect(() => createManageToken(credentials, { path: 1 } as unknown as { path: string })).toThrow(WcsInvalidArgumentError);
    expect(() => createManageToken(credentials, { path: '/a', body: {} } as unknown as { path: string })).toThrow(/streams cannot be signed/);
  });
});
