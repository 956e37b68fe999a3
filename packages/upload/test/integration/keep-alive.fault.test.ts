import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { etagOfBuffer } from '@wcs/etag';
import { startWcsServer, type WcsServer } from '@wcs/server';
import { multipartUpload } from '../../src/index.js';
import { ACCESS_KEY, MiB, SECRET_KEY, contextFor, download, makeFile, makeTempDir, removeDir, uploadRequests } from './helpers.js';

// @wcs/server cannot close a kept-alive connection at the very moment a client reuses it (its
// idle timeout firing just then), so a TCP relay in front of it does: every connection carries
// one exchange, and the relay drops it when the next request starts on it.

/**
 * A TCP relay to `target` that counts the connections it accepts. With `oneExchange`, it closes
 * a connection once it has carried one answer, when the next request starts on it: that request
 * never reaches the server.
 */
interface Relay {
  url: string;
  connections: () => number;
  resets: () => number;
  close: () => Promise<void>;
}

async function relayTo(target: string, { oneExchange = false } = {}): Promise<Relay> {
  const { hostname, port } = new URL(target);
  let connections = 0;
  let resets = 0;
  const open = new Set<Socket>();
  const relay: Server = createServer((inbound) => {
    connections++;
    open.add(inbound);
    const outbound = connect(Number(port), hostname);
    let answered = false;
    inbound.on('data', (data: Buffer) => {
      if (oneExchange && answered) {
        resets++;
        inbound.resetAndDestroy();
        outbound.destroy();
        return;
      }
      outbound.write(data);
    });
    outbound.on('data', (data: Buffer) => {
      answered = true;
      inbound.write(data);
    });
    inbound.on('close', () => {
      open.delete(inbound);
      outbound.destroy();
    });
    outbound.on('close', () => inbound.destroy());
    inbound.on('error', () => outbound.destroy());
    outbound.on('error', () => inbound.destroy());
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(relay.address() as AddressInfo).port}`,
    connections: () => connections,
    resets: () => resets,
    close: () =>
      new Promise((resolve) => {
        for (const s of open) s.destroy();
        relay.close(() => resolve());
      }),
  };
}

describe('multipartUpload keeps its connections alive', () => {
  let server: WcsServer;
  let dir: string;

  beforeAll(async () => {
    server = await startWcsServer({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, buckets: ['test'] });
    dir = await makeTempDir();
  });
  afterAll(async () => {
    await server.close();
    await removeDir(dir);
  });

  it('reuses its connections although keepalive is off in the config', async () => {
    const relay = await relayTo(server.putUrl);
    const { path, data } = await makeFile(dir, 'reuse.bin', 8 * MiB);
    try {
      const ctx = contextFor(server, { putUrl: relay.url, keepAlive: false, bputSizeBytes: MiB, concurrency: 2, recordFolder: `${dir}/records` });
      const result = await multipartUpload(ctx, { file: path, bucket: 'test', key: 'reuse.bin' });
      ctx.http.close();
      expect(result.hash).toBe(etagOfBuffer(data));
      // 8 chunk requests and mkfile: one connection per worker.
      expect(relay.connections()).toBe(2);
    } finally {
      await relay.close();
    }
  });

  it('a kept-alive connection closed by the server as it is reused: the chunk goes again on a new one, with no retries configured', async () => {
    const relay = await relayTo(server.putUrl, { oneExchange: true });
    const { path, data } = await makeFile(dir, 'closed-as-reused.bin', 8 * MiB);
    server.clearRequestLog();
    try {
      // No step may be retried: a request that met the closed connection must be sent again by the transport, at once.
      const ctx = contextFor(server, { putUrl: relay.url, bputSizeBytes: MiB, concurrency: 1, mkblkRetries: 0, bputRetries: 0, mkfileRetries: 0, recordFolder: `${dir}/records` });
      const result = await multipartUpload(ctx, { file: path, bucket: 'test', key: 'closed-as-reused.bin' });
      expect(result.hash).toBe(etagOfBuffer(data));
      ctx.http.close();
      const log = uploadRequests(server.requestLog());
      // Each of the 8 chunks and mkfile reached the server exactly once.
      expect(log.map((e) => e.endpoint)).toEqual(['mkblk', 'bput', 'bput', 'bput', 'mkblk', 'bput', 'bput', 'bput', 'mkfile']);
      expect(log.every((e) => e.status === 200)).toBe(true);
      // Every request after the first met a closed connection, then went on a new one.
      expect(relay.resets()).toBe(8);
      expect(relay.connections()).toBe(9);
      expect((await download(server, 'test', 'closed-as-reused.bin')).data.equals(data)).toBe(true);
    } finally {
      await relay.close();
    }
  });
});
