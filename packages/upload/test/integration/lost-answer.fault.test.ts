// An answer lost on the way back (issue 10 item 16): @wcs/server stores the object and answers,
// but the connection breaks before the client reads the answer. The server cannot produce that
// fault itself (its resetAfterBytes cuts the request, before anything is stored), so a small
// node:http proxy in front of it drops the chosen answers; storing and stat stay the real server's.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { WcsServiceError } from '@wcs/core';
import { etagOfBuffer } from '@wcs/etag';
import { startWcsServer, type WcsServer } from '@wcs/server';
import { simpleUpload } from '../../src/index.js';
import { ACCESS_KEY, SECRET_KEY, contextFor, download } from './helpers.js';

interface DroppingProxy {
  url: string;
  /** Paths of the requests that reached the proxy, in order. */
  seen: string[];
  /** How many answers to /file/upload to drop from now on. */
  dropUploads: number;
  close: () => Promise<void>;
}

async function startDroppingProxy(target: string): Promise<DroppingProxy> {
  const proxy: DroppingProxy = { url: '', seen: [], dropUploads: 0, close: () => Promise.resolve() };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', target);
    proxy.seen.push(url.pathname);
    const drop = url.pathname === '/file/upload' && proxy.dropUploads > 0;
    if (drop) proxy.dropUploads--;
    const upstream = httpRequest(url, { method: req.method, headers: { ...req.headers, host: url.host } }, (answer: IncomingMessage) => {
      if (drop) {
        // The service has answered (and stored): the client never learns it.
        answer.resume();
        answer.once('end', () => req.socket.destroy());
        return;
      }
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.once('error', () => req.socket.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}

describe('simple upload whose answer was lost, retried with overwrite 0', () => {
  let server: WcsServer;
  let proxy: DroppingProxy;

  beforeAll(async () => {
    server = await startWcsServer({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, buckets: ['test'] });
    proxy = await startDroppingProxy(server.putUrl);
  });
  afterAll(async () => {
    await proxy.close();
    await server.close();
  });
  beforeEach(() => {
    proxy.seen.length = 0;
    proxy.dropUploads = 0;
    server.clearRequestLog();
  });

  /** Uploads through the proxy; stat goes straight to the server's manage host. */
  const ctx = () => contextFor(server, { overwrite: 0, putUrl: proxy.url });

  it('the retry meets 406 for its own stored object: stat shows the same etag, so it is a success', async () => {
    const data = randomBytes(300_000);
    proxy.dropUploads = 1;
    const result = await simpleUpload(ctx(), { source: data, bucket: 'test', key: 'lost-answer.bin' });
    expect(result.hash).toBe(etagOfBuffer(data));
    expect(result.key).toBe('lost-answer.bin');
    expect(result.fsize).toBe(data.length);
    // Two attempts went out; the service stored the first and refused the second with 406.
    expect(proxy.seen).toEqual(['/file/upload', '/file/upload']);
    expect(server.requestLog().filter((e) => e.endpoint === 'upload').map((e) => e.status)).toEqual([200, 406]);
    expect(server.requestLog().filter((e) => e.endpoint === 'stat')).toHaveLength(1);
    expect((await download(server, 'test', 'lost-answer.bin')).data.equals(data)).toBe(true);
  });

  it('an object that existed before with other content stays a 406', async () => {
    await simpleUpload(contextFor(server, { overwrite: 1 }), { source: Buffer.from('older content'), bucket: 'test', key: 'taken.bin' });
    server.clearRequestLog();
    proxy.dropUploads = 1;
    const run = simpleUpload(ctx(), { source: randomBytes(1000), bucket: 'test', key: 'taken.bin' });
    await expect(run).rejects.toBeInstanceOf(WcsServiceError);
    await expect(run).rejects.toMatchObject({ statusCode: 406 });
    expect((await download(server, 'test', 'taken.bin')).data.toString()).toBe('older content');
  });

  it('a 406 to a first attempt is not looked into: the object existed', async () => {
    await simpleUpload(contextFor(server, { overwrite: 1 }), { source: Buffer.from('same'), bucket: 'test', key: 'same.bin' });
    server.clearRequestLog();
    // Same bytes, no lost answer: the service's 406 is the answer, as the Python tool reports it.
    await expect(simpleUpload(ctx(), { source: Buffer.from('same'), bucket: 'test', key: 'same.bin' })).rejects.toMatchObject({ statusCode: 406 });
    expect(server.requestLog().filter((e) => e.endpoint === 'stat')).toHaveLength(0);
  });
});
