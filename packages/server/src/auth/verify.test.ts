import { describe, expect, it } from '@jest/globals';
import { manageSigningPrefix, signHex, verifyManageToken, verifyUploadToken } from './verify.js';

const creds = new Map([['ak-example', 'sk-example']]);
const BEFORE = 1_600_000_000_000;

// Worked examples of wcs-api.md §2.1.
const U1 = 'ak-example:MThjYjdjZjc3ZDc5MDM2OTEwYTJhYjQyMGIzMWRiMmNmYTM1MTFkZg==:eyJzY29wZSI6ICJteWJ1Y2tldDpoZWxsby50eHQiLCAiZGVhZGxpbmUiOiAxNzAwMDAwMDAwMDAwfQ==';
const U2 = 'ak-example:OGZlMDM4Njk5NDg3NmY1MDI0ZTBkNzMwMDEzMjYzNGI5NTYzMzQ3ZA==:eyJzY29wZSI6Im15YnVja2V0IiwiZGVhZGxpbmUiOiIxNzAwMDAwMDAwMDAwIn0=';
const U3P = 'eyJzY29wZSI6ICJteWJ1Y2tldDp2aWRlby9hLm1wNCIsICJvdmVyd3JpdGUiOiAxLCAicmV0dXJuQm9keSI6ICJrZXk9JChrZXkpJmZzaXplPSQoZnNpemUpJmhhc2g9JChoYXNoKSIsICJwZXJzaXN0ZW50T3BzIjogImF2dGh1bWIvbXA0L3ZiLzFtIiwgInBlcnNpc3RlbnROb3RpZnlVcmwiOiAiaHR0cDovL2V4YW1wbGUuY29tL25vdGlmeSIsICJkZWFkbGluZSI6IDE3MDAwMDAwMDAwMDB9';
const U3 = `ak-example:ZmZkYjc2ZWVhNzk5MTExOGE4NGI4MGQ3NDAxZjQ4MGM2OTFmYmE0YQ==:${U3P}`;

/** Every single-character change of the token must be refused. */
function mutations(token: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < token.length; i++) {
    const c = token[i] as string;
    const r = c === 'A' ? 'B' : c === ':' ? ';' : 'A';
    out.push(token.slice(0, i) + r + token.slice(i + 1));
  }
  return out;
}

describe('verifyUploadToken', () => {
  it('accepts U1 (py3 policy, numeric deadline, pinned key)', () => {
    const v = verifyUploadToken(U1, creds, BEFORE);
    expect(v).toMatchObject({ accessKey: 'ak-example', bucket: 'mybucket', scopeKey: 'hello.txt' });
    expect(v.policy.deadline).toBe(1_700_000_000_000);
  });

  it('accepts U2 (string deadline, bucket-only scope)', () => {
    const v = verifyUploadToken(U2, creds, BEFORE);
    expect(v.bucket).toBe('mybucket');
    expect(v.scopeKey).toBeUndefined();
    expect(v.policy.deadline).toBe(1_700_000_000_000);
  });

  it('accepts U3 and decodes its options', () => {
    const v = verifyUploadToken(U3, creds, BEFORE);
    expect(v.scopeKey).toBe('video/a.mp4');
    expect(v.policy).toMatchObject({ overwrite: 1, returnBody: 'key=$(key)&fsize=$(fsize)&hash=$(hash)', persistentOps: 'avthumb/mp4/vb/1m' });
  });

  it.each([['U1', U1], ['U2', U2], ['U3', U3]])('rejects every one-character change of %s', (_n, token) => {
    for (const m of mutations(token)) {
      expect(() => verifyUploadToken(m, creds, BEFORE)).toThrow();
    }
  });

  it('rejects an expired token with 401', () => {
    expect(() => verifyUploadToken(U1, creds, 1_700_000_000_001)).toThrow(expect.objectContaining({ status: 401, message: 'token expired' }));
  });

  it('rejects unknown access keys and a wrong secret', () => {
    expect(() => verifyUploadToken(U1, new Map([['other', 'sk-example']]), BEFORE)).toThrow(/unknown access key/);
    expect(() => verifyUploadToken(U1, new Map([['ak-example', 'sk-other']]), BEFORE)).toThrow(/signature mismatch/);
  });

  it('rejects a missing token', () => {
    expect(() => verifyUploadToken(undefined, creds, BEFORE)).toThrow(expect.objectContaining({ status: 401 }));
  });
});

describe('verifyManageToken', () => {
  const cases: Array<[string, string, string, string]> = [
    ['M1', '/stat/bXlidWNrZXQ6aGVsbG8udHh0', '', 'ak-example:ZTc3N2IyZDI2MDkzYmZmNWMzYjI0Y2U2N2EwOTNhYTZjYmEwZTQ0Nw=='],
    ['M2', '/list?bucket=mybucket&limit=100&prefix=cGhvdG9zLw==', '', 'ak-example:YjE3ZGMyZWYzYWNkMzFmYmU1NzhkNDMyZDI5ZTU5OTA4YjE2ODdhOQ=='],
    ['M3', '/setdeadline', 'bucket=bXlidWNrZXQ=&key=aGVsbG8udHh0&deadline=30', 'ak-example:N2UwMmFkZTk4NTQ0NmE2YjQwNWIyNDY0MTdiOGY2Mzg4ZTY4NjllYQ=='],
    ['M4', '/fmgr/deletePrefix', 'fops=bucket/bXlidWNrZXQ=/prefix/bG9ncy8=', 'ak-example:NmIwNDUxY2JiNDc3MDMzZGNhMDI2ZDg3MDgxYjc3Njk0ZTJkYzZkMg=='],
    ['M5', '/bucket/list', '', 'ak-example:OWY2MzIzNjQ2NTYxZGIyOTFiYzQ5NDkwNjY1NjUxNGE2ZTc4NjBhYg=='],
    [
      'M6', '/fops',
      'bucket=bXlidWNrZXQ=&key=dmlkZW8vYS5tcDQ=&fops=dmZyYW1lL2pwZy9vZmZzZXQvMXxzYXZlYXMvYlhsaWRXTnJaWFE2WVM1cWNHYz0=&notifyURL=aHR0cDovL2V4YW1wbGUuY29tL25vdGlmeQ==',
      'ak-example:ZmQ1NmEzNWE1MjczNDMwMjlmYThjNDA4OTQ0NGI1YTE5Y2JkNTY3YQ==',
    ],
  ];

  it.each(cases)('accepts %s', (_n, url, body, token) => {
    expect(verifyManageToken(token, url, Buffer.from(body), creds)).toBe('ak-example');
  });

  it.each(cases)('rejects one-character changes of the token, URL and body of %s', (_n, url, body, token) => {
    for (const m of mutations(token)) expect(() => verifyManageToken(m, url, Buffer.from(body), creds)).toThrow();
    for (const m of mutations(url).slice(1)) expect(() => verifyManageToken(token, m, Buffer.from(body), creds)).toThrow();
    for (const m of mutations(body)) expect(() => verifyManageToken(token, url, Buffer.from(m), creds)).toThrow();
  });

  it('matches the Go SDK cross-check vector', () => {
    expect(signHex('key', 'The quick brown fox jumps over the lazy dog')).toBe('ZGU3YzliODViOGI3OGFhNmJjOGE3YTM2ZjcwYTkwNzAxYzlkYjRkOQ==');
  });

  it('treats an empty query like no query and keeps the raw query otherwise', () => {
    expect(manageSigningPrefix('/list?')).toBe('/list\n');
    expect(manageSigningPrefix('/list?a=%2F')).toBe('/list?a=%2F\n');
  });

  it('rejects a missing header with 401', () => {
    expect(() => verifyManageToken(undefined, '/bucket/list', Buffer.alloc(0), creds)).toThrow(expect.objectContaining({ status: 401 }));
  });
});
