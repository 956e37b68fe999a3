import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect } from 'node:net';
import { startWcsServer, type WcsServer } from '../../src/index.js';

let server: WcsServer;

beforeAll(async () => {
  server = await startWcsServer({ accessKey: 'ak', secretKey: 'sk' });
});
afterAll(async () => {
  await server.close();
});

interface Exchange {
  /** Everything the server sent, as text. */
  received: string;
  /** How the connection ended: 'end' (the server closed it cleanly) or the socket error code. */
  ending: string;
}

/** Writes `parts` on one raw connection and collects what comes back until the connection ends. */
function exchange(base: string, parts: Array<string | Buffer>): Promise<Exchange> {
  const url = new URL(base);
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    let received = '';
    let settled = false;
    const settle = (ending: string): void => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve({ received, ending });
    };
    socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
    socket.on('end', () => settle('end'));
    socket.on('error', (e: NodeJS.ErrnoException) => settle(e.code ?? e.message));
    for (const p of parts) socket.write(p);
  });
}

describe('413 closes the connection', () => {
  it('answers an oversized manage body 413 with Connection: close and ends the connection cleanly; a pipelined request is not half-read', async () => {
    const size = 2 * 1024 * 1024;
    const { received, ending } = await exchange(server.mgrUrl, [
      `POST /setdeadline HTTP/1.1\r\nHost: x\r\nContent-Length: ${size}\r\n\r\n`,
      Buffer.alloc(size, 0x61),
      'GET /bucket/list HTTP/1.1\r\nHost: x\r\n\r\n',
    ]);
    expect(received).toMatch(/^HTTP\/1\.1 413 /);
    expect(received).toMatch(/\r\nConnection: close\r\n/i);
    const body = received.slice(received.indexOf('\r\n\r\n') + 4);
    expect(JSON.parse(body.slice(0, body.indexOf('}') + 1))).toEqual({ code: 413, message: expect.stringMatching(/exceeds/) });
    // Before: `Connection: keep-alive`, then the connection was reset under the next request.
    expect(ending).toBe('end');
    // Nothing but the 413: the next request was not taken from the middle of the refused body.
    expect(received.match(/HTTP\/1\.1 /g)).toHaveLength(1);
  });

  it('still answers oversized headers 431 and closes', async () => {
    const { received, ending } = await exchange(server.mgrUrl, [`GET /bucket/list HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`]);
    expect(received).toMatch(/^HTTP\/1\.1 431 /);
    expect(ending).toBe('end');
  });

  it('closes an idle keep-alive connection by itself', async () => {
    // keepAliveTimeout is 5 s: the exchange ends without the client closing anything.
    const { received, ending } = await exchange(server.mgrUrl, ['GET /bucket/list HTTP/1.1\r\nHost: x\r\n\r\n']);
    expect(received).toMatch(/^HTTP\/1\.1 401 /);
    expect(ending).toBe('end');
  }, 20_000);
});
