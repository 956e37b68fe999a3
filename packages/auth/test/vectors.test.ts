// Golden vectors of wcs-api.md §2: the worked examples U1–U3 and M1–M6 (computed with python3
// and py3's Auth.managertoken), and the cross-SDK vectors shipped in the Go SDK's auth_test.go.
// Every value below is copied from the spec, never recomputed by the code under test.
import { describe, expect, it } from '@jest/globals';
import { urlSafeBase64Decode } from '@wcs/core';
import {
  createManageAuthorizer,
  createManageToken,
  createUploadToken,
  parseUploadToken,
  serializePolicyPython,
  signData,
} from '../src/index.js';

const credentials = { accessKey: 'ak-example', secretKey: 'sk-example' };

/** The hex digest inside a token's sign part (the 2nd `:` field, b64u of 40 hex chars). */
const hexOf = (token: string): string => urlSafeBase64Decode(token.split(':')[1] ?? '');
/** The encodedPolicy of an upload token. */
const encodedPolicyOf = (token: string): string => token.split(':')[2] ?? '';

describe('upload token examples (wcs-api.md §2.1)', () => {
  it('U1: py3-style policy text', () => {
    const text = '{"scope": "mybucket:hello.txt", "deadline": 1700000000000}';
    const encodedPolicy = 'eyJzY29wZSI6ICJteWJ1Y2tldDpoZWxsby50eHQiLCAiZGVhZGxpbmUiOiAxNzAwMDAwMDAwMDAwfQ==';
    const token =
      'ak-example:MThjYjdjZjc3ZDc5MDM2OTEwYTJhYjQyMGIzMWRiMmNmYTM1MTFkZg==:eyJzY29wZSI6ICJteWJ1Y2tldDpoZWxsby50eHQiLCAiZGVhZGxpbmUiOiAxNzAwMDAwMDAwMDAwfQ==';

    expect(serializePolicyPython({ scope: 'mybucket:hello.txt', deadline: 1700000000000 })).toBe(text);
    const got = createUploadToken({ scope: 'mybucket:hello.txt', deadline: 1700000000000 }, { credentials });
    expect(got).toBe(token);
    expect(encodedPolicyOf(got)).toBe(encodedPolicy);
    expect(hexOf(got)).toBe('18cb7cf77d79036910a2ab420b31db2cfa3511df');
  });

  it('U1 again, with the deadline computed from an injected clock (py3: whole seconds + 7200 s, last key)', () => {
    // 1700000000000 - 7200000 = 1699992800000; the extra 999 ms are truncated away as py3 does.
    const got = createUploadToken({ scope: 'mybucket:hello.txt' }, { credentials, now: () => 1699992800999 });
    expect(got).toBe(
      'ak-example:MThjYjdjZjc3ZDc5MDM2OTEwYTJhYjQyMGIzMWRiMmNmYTM1MTFkZg==:eyJzY29wZSI6ICJteWJ1Y2tldDpoZWxsby50eHQiLCAiZGVhZGxpbmUiOiAxNzAwMDAwMDAwMDAwfQ==',
    );
  });

  it('U2: compact serialisation with a string deadline (Go style)', () => {
    const got = createUploadToken(
      { scope: 'mybucket', deadline: '1700000000000' },
      { credentials, serialization: 'compact' },
    );
    expect(encodedPolicyOf(got)).toBe('eyJzY29wZSI6Im15YnVja2V0IiwiZGVhZGxpbmUiOiIxNzAwMDAwMDAwMDAwIn0=');
    expect(urlSafeBase64Decode(encodedPolicyOf(got))).toBe('{"scope":"mybucket","deadline":"1700000000000"}');
    expect(hexOf(got)).toBe('8fe0386994876f5024e0d7300132634b9563347d');
    expect(got).toBe(
      'ak-example:OGZlMDM4Njk5NDg3NmY1MDI0ZTBkNzMwMDEzMjYzNGI5NTYzMzQ3ZA==:eyJzY29wZSI6Im15YnVja2V0IiwiZGVhZGxpbmUiOiIxNzAwMDAwMDAwMDAwIn0=',
    );
  });

  it("U3: options, built in U3's own key order (persistentOps before persistentNotifyUrl)", () => {
    // U3's text orders persistentOps before persistentNotifyUrl, unlike py3's dump_policy (see
    // PY3_CONFIG_FIELDS in put-policy.ts). The serializer follows insertion order, so building the
    // object in U3's order reproduces U3 byte for byte.
    const policy = {
      scope: 'mybucket:video/a.mp4',
      overwrite: 1 as const,
      returnBody: 'key=$(key)&fsize=$(fsize)&hash=$(hash)',
      persistentOps: 'avthumb/mp4/vb/1m',
      persistentNotifyUrl: 'http://example.com/notify',
      deadline: 1700000000000,
    };
    const encodedPolicy =
      'eyJzY29wZSI6ICJteWJ1Y2tldDp2aWRlby9hLm1wNCIsICJvdmVyd3JpdGUiOiAxLCAicmV0dXJuQm9keSI6ICJrZXk9JChrZXkpJmZzaXplPSQoZnNpemUpJmhhc2g9JChoYXNoKSIsICJwZXJzaXN0ZW50T3BzIjogImF2dGh1bWIvbXA0L3ZiLzFtIiwgInBlcnNpc3RlbnROb3RpZnlVcmwiOiAiaHR0cDovL2V4YW1wbGUuY29tL25vdGlmeSIsICJkZWFkbGluZSI6IDE3MDAwMDAwMDAwMDB9';

    expect(serializePolicyPython(policy)).toBe(
      '{"scope": "mybucket:video/a.mp4", "overwrite": 1, "returnBody": "key=$(key)&fsize=$(fsize)&hash=$(hash)", "persistentOps": "avthumb/mp4/vb/1m", "persistentNotifyUrl": "http://example.com/notify", "deadline": 1700000000000}',
    );
    const got = createUploadToken(policy, { credentials });
    expect(encodedPolicyOf(got)).toBe(encodedPolicy);
    expect(hexOf(got)).toBe('ffdb76eea7991118a84b80d7401f480c691fba4a');
    expect(got).toBe(`ak-example:ZmZkYjc2ZWVhNzk5MTExOGE4NGI4MGQ3NDAxZjQ4MGM2OTFmYmE0YQ==:${encodedPolicy}`);
    expect(parseUploadToken(got)).toEqual({ accessKey: 'ak-example', policy, encodedPolicy });
  });
});

describe('manage token examples (wcs-api.md §2.2)', () => {
  const cases = [
    {
      name: 'M1 GET /stat',
      request: { path: '/stat/bXlidWNrZXQ6aGVsbG8udHh0' },
      url: '/stat/bXlidWNrZXQ6aGVsbG8udHh0',
      body: undefined,
      token: 'ak-example:ZTc3N2IyZDI2MDkzYmZmNWMzYjI0Y2U2N2EwOTNhYTZjYmEwZTQ0Nw==',
      hex: 'e777b2d26093bff5c3b24ce67a093aa6cba0e447',
    },
    {
      name: 'M2 GET /list with query',
      request: { path: '/list', query: 'bucket=mybucket&limit=100&prefix=cGhvdG9zLw==' },
      url: 'https://mgr.example.com/list?bucket=mybucket&limit=100&prefix=cGhvdG9zLw==',
      body: undefined,
      token: 'ak-example:YjE3ZGMyZWYzYWNkMzFmYmU1NzhkNDMyZDI5ZTU5OTA4YjE2ODdhOQ==',
      hex: 'b17dc2ef3acd31fbe578d432d29e59908b1687a9',
    },
    {
      name: 'M3 POST /setdeadline',
      request: { path: '/setdeadline', body: 'bucket=bXlidWNrZXQ=&key=aGVsbG8udHh0&deadline=30' },
      url: 'http://mgr.example.com/setdeadline',
      body: 'bucket=bXlidWNrZXQ=&key=aGVsbG8udHh0&deadline=30',
      token: 'ak-example:N2UwMmFkZTk4NTQ0NmE2YjQwNWIyNDY0MTdiOGY2Mzg4ZTY4NjllYQ==',
      hex: '7e02ade985446a6b405b246417b8f6388e6869ea',
    },
    {
      name: 'M4 POST /fmgr/deletePrefix',
      request: { path: '/fmgr/deletePrefix', body: 'fops=bucket/bXlidWNrZXQ=/prefix/bG9ncy8=' },
      url: '/fmgr/deletePrefix',
      body: 'fops=bucket/bXlidWNrZXQ=/prefix/bG9ncy8=',
      token: 'ak-example:NmIwNDUxY2JiNDc3MDMzZGNhMDI2ZDg3MDgxYjc3Njk0ZTJkYzZkMg==',
      hex: undefined,
    },
    {
      name: 'M5 GET /bucket/list',
      request: { path: '/bucket/list' },
      url: 'https://mgr.example.com/bucket/list',
      body: undefined,
      token: 'ak-example:OWY2MzIzNjQ2NTYxZGIyOTFiYzQ5NDkwNjY1NjUxNGE2ZTc4NjBhYg==',
      hex: undefined,
    },
    {
      name: 'M6 POST /fops',
      request: {
        path: '/fops',
        body: 'bucket=bXlidWNrZXQ=&key=dmlkZW8vYS5tcDQ=&fops=dmZyYW1lL2pwZy9vZmZzZXQvMXxzYXZlYXMvYlhsaWRXTnJaWFE2WVM1cWNHYz0=&notifyURL=aHR0cDovL2V4YW1wbGUuY29tL25vdGlmeQ==',
      },
      url: '/fops',
      body: 'bucket=bXlidWNrZXQ=&key=dmlkZW8vYS5tcDQ=&fops=dmZyYW1lL2pwZy9vZmZzZXQvMXxzYXZlYXMvYlhsaWRXTnJaWFE2WVM1cWNHYz0=&notifyURL=aHR0cDovL2V4YW1wbGUuY29tL25vdGlmeQ==',
      token: 'ak-example:ZmQ1NmEzNWE1MjczNDMwMjlmYThjNDA4OTQ0NGI1YTE5Y2JkNTY3YQ==',
      hex: undefined,
    },
  ];

  for (const c of cases) {
    it(`${c.name}: request form, URL form, authorizer, bytes body`, () => {
      expect(createManageToken(credentials, c.request)).toBe(c.token);
      expect(createManageToken(credentials, c.url, c.body)).toBe(c.token);
      const authorize = createManageAuthorizer(credentials);
      const body = c.request.body ?? '';
      expect(authorize({ method: body ? 'POST' : 'GET', path: c.request.path, query: c.request.query ?? '', body })).toBe(c.token);
      if (c.body !== undefined) {
        expect(createManageToken(credentials, { ...c.request, body: Buffer.from(c.body) })).toBe(c.token);
      }
      if (c.hex !== undefined) expect(hexOf(c.token)).toBe(c.hex);
    });
  }

  it('M6 body is the documented fops/notifyURL encoding', () => {
    expect(urlSafeBase64Decode('dmZyYW1lL2pwZy9vZmZzZXQvMXxzYXZlYXMvYlhsaWRXTnJaWFE2WVM1cWNHYz0=')).toBe(
      'vframe/jpg/offset/1|saveas/bXlidWNrZXQ6YS5qcGc=',
    );
    expect(urlSafeBase64Decode('aHR0cDovL2V4YW1wbGUuY29tL25vdGlmeQ==')).toBe('http://example.com/notify');
  });
});

describe('cross-SDK vectors from the Go SDK auth_test.go (computed there with the C# SDK)', () => {
  it('raw data string signed as-is (SignWithData)', () => {
    expect(signData({ accessKey: 'UMU', secretKey: 'key' }, 'The quick brown fox jumps over the lazy dog')).toBe(
      'UMU:ZGU3YzliODViOGI3OGFhNmJjOGE3YTM2ZjcwYTkwNzAxYzlkYjRkOQ==',
    );
  });

  it('GET URL without query or body', () => {
    expect(
      createManageToken(
        { accessKey: 'UMU', secretKey: 'Blog' },
        'http://blog.umu618.com/2017/08/09/reconstructionism-poet-keep-secret/',
      ),
    ).toBe('UMU:MDE2ZWM0MzY0M2RjN2YwZDA5YjFkMmY3OGVkNjdhYjIyMWZkODdjMQ==');
  });

  it('URL with a body', () => {
    const blog = { accessKey: 'UMU', secretKey: 'Blog' };
    const token = 'UMU:ODI3ZDY4NjI2ZGZjN2VlYWZiZTJiODA3YzFmNTZlMmEyYTYzNDA3Nw==';
    expect(createManageToken(blog, 'http://blog.umu618.com/2018/02/15/be-pretentious-unwittingly/', 'UMUTech')).toBe(token);
    expect(createManageToken(blog, { path: '/2018/02/15/be-pretentious-unwittingly/', body: 'UMUTech' })).toBe(token);
  });
});
