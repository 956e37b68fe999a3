import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { WcsNetworkError } from '../errors.js';
import { createHttpClient } from './http-client.js';

// https, which @wcs/server does not speak: the transport loads node:https on the first https
// request (issue 11: a command on plain http does not load TLS), and verifyTls decides whether a
// certificate the system does not trust is refused. A self-signed test certificate for
// 127.0.0.1, valid until 2126; its key protects nothing.
const KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgHZIIdJowHNNrQKBs
up7Sb63y1+wFWuFBTfdeHCNQBaGhRANCAARBbz3QU/Onm1YLKEBvU1+ry8XD69e3
/UyN+hhgpgOnuqokw0c2VyS7bGG39IdTaSU6FFGqdKSp1Y1AEcLyrBxY
-----END PRIVATE KEY-----
`;
const CERT = `-----BEGIN CERTIFICATE-----
MIIBnDCCAUGgAwIBAgIUSeSzvQdZdy2sZTVOqww1zagldWQwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTEyODEzNDU1MloYDzIxMjYxMTA0
MTM0NTUyWjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAARBbz3QU/Onm1YLKEBvU1+ry8XD69e3/UyN+hhgpgOnuqokw0c2VyS7
bGG39IdTaSU6FFGqdKSp1Y1AEcLyrBxYo28wbTAdBgNVHQ4EFgQUWait66q+G8N5
f9HgY7Cu2v6eSQcwHwYDVR0jBBgwFoAUWait66q+G8N5f9HgY7Cu2v6eSQcwDwYD
VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARhwR/AAABgglsb2NhbGhvc3QwCgYIKoZI
zj0EAwIDSQAwRgIhAP0Ou9DijvGcmV2typShJyklhKg1/Ee04N9m/Ttlp1DaAiEA
r6RydQ06r66UqARRKGPdCVlEVB1QIRI8c6OrrSNWYQ0=
-----END CERTIFICATE-----
`;

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer({ key: KEY, cert: CERT }, (req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ method: req.method, url: req.url }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('https', () => {
  it('reaches an https service, with and without keep-alive', async () => {
    for (const keepAlive of [false, true]) {
      const client = createHttpClient({ verifyTls: false, keepAlive });
      try {
        const answer = await client.request({ method: 'GET', url: `${base}/stat/abc`, idempotent: true });
        expect(answer.statusCode).toBe(200);
        expect(JSON.parse(answer.body.toString('utf8'))).toEqual({ method: 'GET', url: '/stat/abc' });
      } finally {
        client.close();
      }
    }
  });

  it('refuses a certificate the system does not trust unless verifyTls is false', async () => {
    const client = createHttpClient({ retries: 0 });
    try {
      await expect(client.request({ method: 'GET', url: `${base}/stat/abc`, idempotent: true })).rejects.toBeInstanceOf(WcsNetworkError);
    } finally {
      client.close();
    }
  });
});
