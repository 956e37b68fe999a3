import { afterEach, beforeAll, afterAll, describe, expect, it } from '@jest/globals';
import { request } from 'node:http';
import { startWcsServer, type WcsServer } from '../../src/index.js';
import { TestClient } from '../helpers/client.js';

let server: WcsServer;
let c: TestClient;

beforeAll(async () => {
  server = await startWcsServer({ accessKey: 'ak', secretKey: 'sk' });
  c = new TestClient(server);
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  server.setFaults({});
  server.clearRequestLog();
});

const mkblk = () => c.raw(server.putUrl, 'POST', '/mkblk/5/0', 'hello', { Authorization: c.token({ scope: 'test:f' }) });

describe('fault injection', () => {
  it('answers a WCS-shaped 503 for every matching request with fraction 1, and logs it', async () => {
    server.setFaults({ rules: [{ endpoint: 'mkblk', status: 503 }] });
    const a = await mkblk();
    expect(a.status).toBe(503);
    expect(a.json).toEqual({ code: 503, message: expect.any(String) });
    expect(a.headers.get('x-reqid')).toBeTruthy();
    expect((await c.mgr('GET', '/bucket/list')).status).toBe(200);
    const log = server.requestLog();
    expect(log.map((e) => [e.endpoint, e.status, e.fault])).toEqual([['mkblk', 503, 'status:503'], ['bucketList', 200, undefined]]);
  });

  it('reproduces the same pattern for the same seed', async () => {
    const pattern = async (): Promise<number[]> => {
      server.setFaults({ seed: 42, rules: [{ endpoint: 'mkblk', fraction: 0.5, status: 500 }] });
      const out: number[] = [];
      for (let i = 0; i < 16; i++) out.push((await mkblk()).status);
      return out;
    };
    const p1 = await pattern();
    const p2 = await pattern();
    expect(p1).toEqual(p2);
    expect(p1).toContain(500);
    expect(p1).toContain(200);
  });

  it('honours times', async () => {
    server.setFaults({ rules: [{ endpoint: '*', status: 429, times: 1 }] });
    expect((await mkblk()).status).toBe(429);
    expect((await mkblk()).status).toBe(200);
  });

  it('resets the connection after N body bytes and stores nothing', async () => {
    server.setFaults({ rules: [{ endpoint: 'upload', resetAfterBytes: 1000 }] });
    const data = Buffer.alloc(200_000, 1);
    await expect(c.upload(c.token({ scope: 'test:reset.bin' }), data)).rejects.toThrow();
    server.setFaults({});
    expect((await fetch(server.objectUrl('test', 'reset.bin'))).status).toBe(404);
    const entry = server.requestLog().find((e) => e.endpoint === 'upload');
    expect(entry?.fault).toBe('reset:1000');
    expect(entry?.status).toBe(0);
  });

  it('delays with latencyMs', async () => {
    server.setFaults({ rules: [{ endpoint: 'bucketList', latencyMs: 150 }] });
    const t0 = Date.now();
    expect((await c.mgr('GET', '/bucket/list')).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    expect(server.requestLog()[0]?.fault).toBe('latency:150');
  });

  it('counts bytes in and out', async () => {
    await mkblk();
    const e = server.requestLog()[0];
    expect(e?.bytesIn).toBe(5);
    expect(e?.bytesOut).toBeGreaterThan(20);
    expect(e?.path).toBe('/mkblk/5/0');
    expect(e?.host).toBe('put');
  });

  it('keeps serving after a client disconnects mid-body', async () => {
    await new Promise<void>((resolve) => {
      const r = request(`${server.putUrl}/file/upload`, { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': '100000' } });
      r.on('error', () => resolve());
      r.write('--x\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nabc');
      setTimeout(() => {
        r.destroy();
        resolve();
      }, 50);
    });
    expect((await mkblk()).status).toBe(200);
  });
});

describe('a client that goes away during an injected latency', () => {
  it('does not take the server down (no unhandled "aborted" error) and the next request is answered', async () => {
    server.setFaults({ rules: [{ endpoint: 'mkblk', latencyMs: 300 }] });
    const url = new URL(`${server.putUrl}/mkblk/8/0`);
    await new Promise<void>((resolve) => {
      const req = request(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { Authorization: c.token({ scope: 'test:f' }), 'Content-Length': '8' } },
        () => undefined,
      );
      req.on('error', () => resolve());
      req.write('1234'); // half the body, then the client dies while the server sleeps
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 50);
    });
    await new Promise((r) => setTimeout(r, 400));
    server.setFaults({});
    expect((await mkblk()).status).toBe(200);
  });
});
