import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'node:http';
import { startWcsServer, type WcsServer } from '../../src/index.js';
import { computeEtag } from '../../src/hash/etag.js';
import { multipart, TestClient } from '../helpers/client.js';
import { b64u, sign, uploadToken } from '../helpers/sign.js';
import { ErrorBody, Stat, Uploaded } from '../helpers/wire.js';

let server: WcsServer;
let c: TestClient;
let callbackServer: Server;
let callbackUrl: string;
const callbacks: Array<{ body: string; auth: string | undefined; type: string | undefined }> = [];

beforeAll(async () => {
  server = await startWcsServer({ accessKey: 'ak', secretKey: 'sk', buckets: ['test', 'other'] });
  c = new TestClient(server);
  callbackServer = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      callbacks.push({ body, auth: req.headers.authorization, type: req.headers['content-type'] });
      if (req.url === '/fail') {
        res.writeHead(500).end('no');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, got: body }));
    });
  });
  await new Promise<void>((r) => callbackServer.listen(0, '127.0.0.1', r));
  callbackUrl = `http://127.0.0.1:${(callbackServer.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await server.close();
  await new Promise((r) => callbackServer.close(r));
});

describe('POST /file/upload', () => {
  it('stores the file and answers {hash,key} with an X-Reqid', async () => {
    const a = await c.upload(c.token({ scope: 'test:hello.txt' }), 'hello');
    expect(a.status).toBe(200);
    expect(a.json).toEqual({ hash: 'Fqr0xh3cxeii2r7eDztILNmuqUNN', key: 'hello.txt' });
    expect(a.headers.get('x-reqid')).toMatch(/\S+/);
    const d = await fetch(server.objectUrl('test', 'hello.txt'));
    expect(d.headers.get('content-type')).toBe('text/plain');
    expect(await d.text()).toBe('hello');
  });

  it('lets a bucket-only scope take the form key and refuses a different key under a pinned scope', async () => {
    expect((await c.upload(c.token({ scope: 'test' }), 'x', { key: 'free/choice.bin' })).as(Uploaded).key).toBe('free/choice.bin');
    const a = await c.upload(c.token({ scope: 'test:pinned' }), 'x', { key: 'other' });
    expect(a.status).toBe(401);
    expect(a.json).toEqual({ code: 401, message: expect.stringContaining('scope') });
    expect((await c.upload(c.token({ scope: 'test' }), 'x')).status).toBe(400);
  });

  it('accepts fields after the file part (Node SDK order)', async () => {
    const { body, contentType } = multipart([
      { name: 'token', value: c.token({ scope: 'test', returnBody: '{"k":"$(key)","v":"$(x:v)","n":$(fsize)}' }) },
      { name: 'file', value: 'abc', filename: 'a.txt' },
      { name: 'key', value: 'late-key.txt' },
      { name: 'x:v', value: 'va"l' },
    ]);
    const res = await fetch(`${server.putUrl}/file/upload`, { method: 'POST', body, headers: { 'content-type': contentType } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ k: 'late-key.txt', v: 'va"l', n: 3 });
  });

  it('refuses bad signature, unknown AK, expired token and missing token with WCS-shaped 401', async () => {
    const good = c.token({ scope: 'test:a' });
    const parts = good.split(':');
    const badSig = `${parts[0]}:${sign('wrong', parts[2] as string)}:${parts[2]}`;
    for (const t of [badSig, uploadToken('nobody', 'sk', { scope: 'test:a' }), c.token({ scope: 'test:a', deadline: Date.now() - 1000 }), '']) {
      const a = await c.upload(t, 'x');
      expect(a.status).toBe(401);
      expect(a.headers.get('content-type')).toBe('application/json');
      expect(a.as(ErrorBody).code).toBe(401);
      expect(typeof a.as(ErrorBody).message).toBe('string');
    }
    expect((await c.upload(c.token({ scope: 'test:a', deadline: String(Date.now() + 60_000) }), 'x')).status).toBe(200);
  });

  it('answers 631 for an unknown bucket', async () => {
    const a = await c.upload(c.token({ scope: 'nope:a' }), 'x');
    expect(a.status).toBe(631);
    expect(a.as(ErrorBody).code).toBe(631);
  });

  it('refuses to overwrite unless overwrite=1', async () => {
    expect((await c.upload(c.token({ scope: 'test:ow' }), 'one')).status).toBe(200);
    const a = await c.upload(c.token({ scope: 'test:ow' }), 'two');
    expect(a.status).toBe(406);
    expect(a.json).toEqual({ code: 406, message: 'file exists' });
    expect((await c.upload(c.token({ scope: 'test:ow', overwrite: 1 }), 'two')).status).toBe(200);
    expect(await (await fetch(server.objectUrl('test', 'ow'))).text()).toBe('two');
  });

  it('enforces fsizeLimit with 401 and stores nothing', async () => {
    const a = await c.upload(c.token({ scope: 'test:big', fsizeLimit: 4 }), 'hello');
    expect(a.status).toBe(401);
    expect(a.as(ErrorBody).message).toMatch(/fsizeLimit/);
    expect((await fetch(server.objectUrl('test', 'big'))).status).toBe(404);
    expect((await c.upload(c.token({ scope: 'test:big', fsizeLimit: 5 }), 'hello')).status).toBe(200);
  });

  it('refuses malformed multipart bodies, non-multipart bodies and missing file with 400', async () => {
    const t = c.token({ scope: 'test:m' });
    const truncated = multipart([{ name: 'token', value: t }, { name: 'file', value: 'abc', filename: 'a' }]);
    const cut = truncated.body.subarray(0, truncated.body.length - 20);
    for (const [body, type] of [
      [cut, truncated.contentType],
      [Buffer.from('garbage'), 'multipart/form-data; boundary=zzz'],
      [Buffer.from('a=b'), 'application/x-www-form-urlencoded'],
      [multipart([{ name: 'token', value: t }]).body, multipart([]).contentType],
      [multipart([{ name: 'token', value: t }, { name: 'file', value: 'a', filename: 'a' }, { name: 'file', value: 'b', filename: 'b' }]).body, multipart([]).contentType],
    ] as Array<[Buffer, string]>) {
      const res = await fetch(`${server.putUrl}/file/upload`, { method: 'POST', body, headers: { 'content-type': type } });
      expect([type, body.length, res.status]).toEqual([type, body.length, 400]);
      expect(((await res.json()) as { code: number }).code).toBe(400);
    }
    expect((await fetch(server.objectUrl('test', 'm'))).status).toBe(404);
  });

  it('refuses invalid keys with 400', async () => {
    for (const key of ['/lead', 'trail/', 'a/../b', 'k'.repeat(1001)]) {
      expect((await c.upload(c.token({ scope: `test:${key}` }), 'x')).status).toBe(400);
    }
  });

  it('round-trips unicode, space and ../ keys', async () => {
    for (const key of ['目录/文件 名.txt', '../escape', 'a b/c+d&e=f?.bin', `${'é'.repeat(400)}/x`]) {
      expect((await c.upload(c.token({ scope: `test:${key}` }), `data:${key}`)).as(Uploaded).key).toBe(key);
      const d = await fetch(server.objectUrl('test', key));
      expect(d.status).toBe(200);
      expect(await d.text()).toBe(`data:${key}`);
      const st = await c.mgr('GET', `/stat/${b64u(`test:${key}`)}`);
      expect(st.as(Stat).name).toBe(key);
    }
  });

  it('renders a query-style returnBody with &hash appended', async () => {
    const a = await c.upload(c.token({ scope: 'test:rb q.txt', returnBody: 'key=$(key)&fsize=$(fsize)&b=$(bucket)&x=$(x:a)' }), 'hello', { 'x:a': '1&2' });
    expect(a.status).toBe(200);
    expect(a.text).toBe('key=rb%20q.txt&fsize=5&b=test&x=1%262&hash=Fqr0xh3cxeii2r7eDztILNmuqUNN');
  });

  it('redirects with 303 to returnUrl', async () => {
    const a = await fetch(`${server.putUrl}/file/upload`, {
      method: 'POST', redirect: 'manual',
      ...(() => {
        const m = multipart([{ name: 'token', value: c.token({ scope: 'test:r.txt', returnUrl: 'http://example.com/done', returnBody: 'key=$(key)' }) }, { name: 'file', value: 'hello', filename: 'r' }]);
        return { body: m.body, headers: { 'content-type': m.contentType } };
      })(),
    });
    expect(a.status).toBe(303);
    expect(a.headers.get('location')).toBe('http://example.com/done?key=r.txt&hash=Fqr0xh3cxeii2r7eDztILNmuqUNN');
  });

  it('POSTs the callback, relays its answer, and answers 579 when it fails (object kept)', async () => {
    callbacks.length = 0;
    const a = await c.upload(c.token({ scope: 'test:cb.txt', callbackUrl: `${callbackUrl}/ok`, callbackBody: 'key=$(key)&hash=$(hash)' }), 'hello');
    expect(a.status).toBe(200);
    expect(a.json).toEqual({ ok: true, got: 'key=cb.txt&hash=Fqr0xh3cxeii2r7eDztILNmuqUNN' });
    expect(callbacks[0]?.type).toBe('application/x-www-form-urlencoded');
    expect(callbacks[0]?.auth).toBe(`ak:${sign('sk', `${callbackUrl}/ok\nkey=cb.txt&hash=Fqr0xh3cxeii2r7eDztILNmuqUNN`)}`);
    const f = await c.upload(c.token({ scope: 'test:cb2.txt', callbackUrl: `${callbackUrl}/fail` }), 'hello');
    expect(f.status).toBe(579);
    expect(f.as(ErrorBody).code).toBe(579);
    expect((await fetch(server.objectUrl('test', 'cb2.txt'))).status).toBe(200);
  });

  it('streams a larger multi-block upload and computes the etag', async () => {
    const data = Buffer.alloc(9 * 1024 * 1024 + 7, 0x61);
    const a = await c.upload(c.token({ scope: 'test:big9' }), data);
    expect(a.as(Uploaded).hash).toBe(computeEtag(data));
  });

  it('only serves upload endpoints on the put host', async () => {
    const a = await c.raw(server.mgrUrl, 'POST', '/file/upload', 'x');
    expect(a.status).toBe(404);
    expect(a.as(ErrorBody).code).toBe(404);
    expect((await c.raw(server.putUrl, 'GET', '/bucket/list')).status).toBe(404);
  });

  it('answers oversized headers with a WCS-shaped 431', async () => {
    const { status, body, reqid } = await new Promise<{ status: number; body: string; reqid: string | undefined }>((resolve, reject) => {
      const r = request(`${server.putUrl}/file/upload`, { method: 'POST', headers: { 'x-big': 'a'.repeat(20_000) } }, (res) => {
        let b = '';
        res.on('data', (d: Buffer) => (b += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: b, reqid: res.headers['x-reqid'] as string | undefined }));
      });
      r.on('error', reject);
      r.end();
    });
    expect(status).toBe(431);
    expect(ErrorBody.parse(JSON.parse(body)).code).toBe(431);
    expect(reqid).toBeDefined();
  });
});

describe('POST /append/<position>', () => {
  it('creates, appends at the current size and refuses a wrong position', async () => {
    const t = c.token({ scope: 'test:log.txt' });
    const a1 = await c.upload(t, 'abc', {}, '/append/0');
    expect(a1.status).toBe(200);
    expect(a1.headers.get('x-wcs-next-append-position')).toBe('3');
    const a2 = await c.upload(t, 'def', {}, '/append/3');
    expect(a2.as(Uploaded).hash).toBe(computeEtag(Buffer.from('abcdef')));
    const bad = await c.upload(t, 'x', {}, '/append/2');
    expect(bad.status).toBe(400);
    const d = await fetch(server.objectUrl('test', 'log.txt'));
    expect(await d.text()).toBe('abcdef');
    expect(d.headers.get('x-wcs-object-type')).toBe('Appendable');
    expect(d.headers.get('x-wcs-next-append-position')).toBe('6');
    const st = await c.mgr('GET', `/stat/${b64u('test:log.txt')}`);
    expect(st.headers.get('x-wcs-object-type')).toBe('Appendable');
  });
});
