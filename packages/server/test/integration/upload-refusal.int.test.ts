import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWcsServer, type WcsServer } from '../../src/index.js';
import { uploadToken } from '../helpers/sign.js';

const MiB = 1024 * 1024;
const BOUNDARY = '----wcs-refusal-boundary';
const FILE_SIZE = 64 * MiB;

let server: WcsServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'wcs-refusal-'));
  server = await startWcsServer({ accessKey: 'ak', secretKey: 'sk', buckets: ['test'], dataDir });
});
afterAll(async () => {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

const field = (name: string, value: string): string => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
const fileHead = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="f.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`;

/**
 * Posts `before` + FILE_SIZE bytes + `after` as one multipart body, writing the file part 64 KiB
 * at a time with backpressure, and stops writing as soon as an answer arrives. The server's
 * request log then says how much of the body it read.
 */
function post(before: string, after: string): Promise<{ status: number; json: { code: number; message: string }; bytesIn: number; total: number }> {
  const tail = `\r\n${after}--${BOUNDARY}--\r\n`;
  const total = Buffer.byteLength(before) + FILE_SIZE + Buffer.byteLength(tail);
  server.clearRequestLog();
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(`${server.putUrl}/file/upload`, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'content-length': String(total) },
    });
    req.on('response', (res) => {
      answered = true;
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => {
        const entry = server.requestLog().find((e) => e.endpoint === 'upload');
        resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as { code: number; message: string }, bytesIn: entry?.bytesIn ?? -1, total });
        req.destroy();
      });
    });
    // Writing into a socket the server closed after answering: expected once answered.
    req.on('error', (e) => {
      if (!answered) reject(e);
    });
    const chunk = Buffer.alloc(64 * 1024, 7);
    void (async () => {
      req.write(before);
      for (let sent = 0; sent < FILE_SIZE && !answered && !req.destroyed; sent += chunk.length) {
        if (!req.write(chunk)) await new Promise((r) => req.once('drain', r).once('close', r));
      }
      if (!answered && !req.destroyed) req.end(tail);
    })();
  });
}

describe('POST /file/upload refuses early when the token comes first', () => {
  it('a bad token is answered 401 before the body is read', async () => {
    const a = await post(field('token', 'ak:bad:token') + fileHead, '');
    expect(a.status).toBe(401);
    expect(a.json.code).toBe(401);
    // Without the early check the server reads all 64 MiB before judging the token.
    expect(a.bytesIn).toBeLessThan(a.total / 4);
    expect(await readdir(join(dataDir, 'tmp'))).toEqual([]);
  });

  it('a file past the policy fsizeLimit is cut off with 401 and leaves no temp file', async () => {
    const token = uploadToken('ak', 'sk', { scope: 'test:limited.bin', fsizeLimit: MiB });
    const a = await post(field('token', token) + fileHead, '');
    expect(a.status).toBe(401);
    expect(a.json.message).toMatch(/exceeds fsizeLimit 1048576/);
    expect(a.bytesIn).toBeLessThan(a.total / 4);
    expect(await readdir(join(dataDir, 'tmp'))).toEqual([]);
    expect((await fetch(server.objectUrl('test', 'limited.bin'))).status).toBe(404);
  });

  it('with the file part first (Node SDK order) the token is judged after the whole body, as before', async () => {
    const a = await post(fileHead, field('token', 'ak:bad:token'));
    expect(a.status).toBe(401);
    expect(a.bytesIn).toBe(a.total);
    expect(await readdir(join(dataDir, 'tmp'))).toEqual([]);
  });
});
