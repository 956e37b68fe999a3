import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SECRET_KEY, Sandbox, capturedOutput, pythonWcscfg, run } from './harness.js';

// A download host that lies, which @wcs/server never does (issue 10 item 8): it answers a
// request without Range with 206 and 1000 bytes of a 300000-byte object, and no ETag.
let liar: Server;
let base: string;
let box: Sandbox;

beforeAll(async () => {
  liar = createServer((req, res) => {
    // Redirects, which @wcs/server never sends either: relative, absolute, and a loop.
    if (req.url === '/moved/hello.txt') res.writeHead(301, { location: '/cdn/hello.txt' }).end();
    else if (req.url === '/cdn/hello.txt') res.writeHead(302, { location: `${base}/edge/hello.txt` }).end('see other');
    else if (req.url === '/edge/hello.txt') res.writeHead(200, { 'content-length': '5' }).end('hello');
    else if (req.url === '/loop.bin') res.writeHead(302, { location: '/loop.bin' }).end();
    else if (req.headers.range !== undefined) res.writeHead(400).end('unexpected Range');
    else res.writeHead(206, { 'content-length': '1000', 'content-range': 'bytes 0-999/300000' }).end(Buffer.alloc(1000, 9));
  });
  await new Promise<void>((resolve) => liar.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(liar.address() as AddressInfo).port}`;
  box = new Sandbox();
  box.write('.wcscfg', pythonWcscfg({ putUrl: base, mgrUrl: base }));
});

afterAll(async () => {
  await new Promise<void>((resolve) => liar.close(() => resolve()));
  for (const text of capturedOutput) expect(text).not.toContain(SECRET_KEY);
  box.cleanup();
});

describe('get of a partial answer', () => {
  it('a 206 to a plain GET does not replace the destination: exit 1, one clear line', async () => {
    box.write('video.bin', 'the copy I already have');
    const r = await run(['get', `${base}/video.bin`, 'video.bin'], box);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n').filter((l) => l !== '');
    expect(lines).toEqual([
      `wcscmd: get ${base}/video.bin failed: Download of video.bin refused: the server answered status 206 (Content-Range: bytes 0-999/300000) where only a 200 carries the whole object; nothing was written to video.bin. Try again; if it persists, the server or a proxy is at fault.`,
    ]);
    expect(readFileSync(box.path('video.bin'), 'utf8')).toBe('the copy I already have');
    expect(readdirSync(box.dir).filter((n) => n.includes('wcs-download'))).toEqual([]);
  });
});

describe('get of a URL that redirects', () => {
  it('follows redirects as the Python tool (requests.get) does, naming the file after the URL given', async () => {
    const r = await run(['get', `${base}/moved/hello.txt`], box);
    expect(r.stderr).not.toContain('wcscmd:');
    expect(r.code).toBe(0);
    expect(readFileSync(box.path('hello.txt'), 'utf8')).toBe('hello');
  });

  it('a redirect loop stops: exit 1, one line, nothing written', async () => {
    const r = await run(['get', `${base}/loop.bin`], box);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^wcscmd: get \S+ failed: Download of loop\.bin refused: the server answered status 302 /);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(readdirSync(box.dir).filter((n) => n.includes('loop.bin'))).toEqual([]);
  });
});
