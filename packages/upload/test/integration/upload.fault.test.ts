// Faults @wcs/server cannot produce (a wrong stored etag, a damaged chunk crc, a source URL that
// breaks mid-download): tiny node:http fakes, the only mocked HTTP in this package.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32 } from 'node:zlib';
import { readdir } from 'node:fs/promises';
import { WcsIntegrityError, WcsNetworkError, createWcsContext, parseConfig, urlSafeBase64Encode, type WcsError } from '@wcs/core';
import { startWcsServer, type WcsServer } from '@wcs/server';
import { multipartUpload, simpleUpload, streamUpload } from '../../src/index.js';
import { ACCESS_KEY, MiB, SECRET_KEY, contextFor, download, makeFile, makeTempDir, removeDir, uploadRequests } from './helpers.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

type Reply = (seen: Seen, res: import('node:http').ServerResponse) => void;

async function startFake(reply: Reply): Promise<{ url: string; seen: Seen[]; close: () => Promise<void> }> {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      seen.push(entry);
      reply(entry, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const json = (res: import('node:http').ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json', 'x-reqid': 'fake-reqid' });
  res.end(JSON.stringify(body));
};

describe('integrity and header checks against a fake upload host', () => {
  let dir: string;
  let fake: Awaited<ReturnType<typeof startFake>> | undefined;

  beforeAll(async () => {
    dir = await makeTempDir();
  });
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });
  afterAll(async () => removeDir(dir));

  const ctxFor = (url: string, overrides = {}) =>
    createWcsContext(parseConfig({ accessKey: 'ak', secretKey: 'sk', putUrl: url, recordFolder: `${dir}/records`, ...overrides }), { retryBaseDelayMs: 1 });

  it('simple upload: a stored hash that differs from the bytes sent is a WcsIntegrityError; form order and traffic limit', async () => {
    fake = await startFake((_seen, res) => json(res, 200, { hash: 'FoooooooooooooooooooooooooooWRONG', key: 'k.txt' }));
    const run = simpleUpload(ctxFor(fake.url), {
      source: Buffer.from('hello'),
      bucket: 'b',
      key: 'k.txt',
      vars: { a: '1' },
      mimeType: 'text/plain',
      deadlineDays: 2,
      trafficLimit: 819200,
    });
    await expect(run).rejects.toBeInstanceOf(WcsIntegrityError);
    await expect(run).rejects.toMatchObject({ expected: 'Fqr0xh3cxeii2r7eDztILNmuqUNN', actual: 'FoooooooooooooooooooooooooooWRONG' });
    const request = fake.seen[0]!;
    expect(request.url).toBe('/file/upload');
    expect(request.headers['x-wos-traffic-limit']).toBe('819200');
    expect(request.headers['content-length']).toBe(String(request.body.length));
    const names = [...request.body.toString('latin1').matchAll(/form-data; name="([^"]+)"/g)].map((m) => m[1]);
    expect(names).toEqual(['token', 'x:a', 'key', 'mimeType', 'deadline', 'file']);
  });

  it('multipart: headers, crc32 mismatch retried, wrong mkfile hash is a WcsIntegrityError and the record is gone', async () => {
    let mkblks = 0;
    fake = await startFake((seen, res) => {
      if (seen.url.startsWith('/mkblk/')) {
        mkblks++;
        // The first answer reports a damaged chunk.
        const crc = mkblks === 1 ? (crc32(seen.body) + 1) >>> 0 : crc32(seen.body);
        json(res, 200, { ctx: `ctx-${mkblks}`, crc32: crc, offset: seen.body.length, checksum: 'x' });
      } else {
        json(res, 200, { hash: 'lsomethingElseEntirely123456', key: 'big.bin' });
      }
    });
    const { path } = await makeFile(dir, 'small.bin', 1000);
    const run = multipartUpload(ctxFor(fake.url, { trafficLimit: 100 }), { file: path, bucket: 'b', key: 'dir/é.bin' });
    await expect(run).rejects.toBeInstanceOf(WcsIntegrityError);
    expect(fake.seen.map((s) => s.url)).toEqual(['/mkblk/1000/0', '/mkblk/1000/0', '/mkfile/1000']);
    const [first, second, mkfile] = fake.seen as [Seen, Seen, Seen];
    expect(first.body.equals(second.body)).toBe(true);
    expect(first.headers['authorization']).toMatch(/^ak:[A-Za-z0-9_=-]+:[A-Za-z0-9_=-]+$/);
    expect(first.headers['uploadbatch']).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(first.headers['key']).toBe(urlSafeBase64Encode('dir/é.bin'));
    expect(first.headers['content-type']).toBe('application/octet-stream');
    expect(first.headers['x-wos-traffic-limit']).toBe('100');
    expect(mkfile.body.toString()).toBe('ctx-2');
    expect(mkfile.headers['uploadbatch']).toBe(first.headers['uploadbatch']);
    // mkfile succeeded (the object exists, corrupt): the resume record is not kept for it.
    expect(await readdir(`${dir}/records`)).toEqual([]);
  });

  it('multipart: a chunk whose crc32 never matches fails with WcsIntegrityError after the retries', async () => {
    fake = await startFake((seen, res) => json(res, 200, { ctx: 'c', crc32: 1, offset: seen.body.length }));
    const { path } = await makeFile(dir, 'crc.bin', 10);
    await expect(multipartUpload(ctxFor(fake.url, { mkblkRetries: 2 }), { file: path, bucket: 'b' })).rejects.toBeInstanceOf(WcsIntegrityError);
    expect(fake.seen).toHaveLength(3);
  });
});

describe('streamUpload from a source that breaks', () => {
  let server: WcsServer;
  let source: Server;
  let sourceUrl: string;

  beforeAll(async () => {
    server = await startWcsServer({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, buckets: ['test'] });
    source = createServer((req, res) => {
      const part = Buffer.alloc(256 * 1024, 7);
      if (req.url === '/short') {
        // Announces 1 MiB, sends 256 KiB, then drops the connection.
        res.writeHead(200, { 'content-length': String(MiB) });
        res.write(part, () => setTimeout(() => res.socket?.destroy(), 50));
      } else {
        // No length (chunked), drops the connection mid-way.
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.write(part, () => setTimeout(() => res.socket?.destroy(), 50));
      }
    });
    await new Promise<void>((resolve) => source.listen(0, '127.0.0.1', resolve));
    sourceUrl = `http://127.0.0.1:${(source.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    source.closeAllConnections();
    await new Promise((resolve) => source.close(resolve));
    await server.close();
  });

  it.each([
    ['shorter than its Content-Length', '/short'],
    ['chunked and dropped', '/dropped'],
  ])('a download %s fails cleanly and stores nothing', async (_label, path) => {
    server.clearRequestLog();
    const key = `broken${path}`;
    let error: WcsError | undefined;
    try {
      await streamUpload(contextFor(server), { url: `${sourceUrl}${path}?signature=secret`, bucket: 'test', key });
    } catch (e) {
      error = e as WcsError;
    }
    expect(error).toBeInstanceOf(WcsNetworkError);
    expect(error?.message).toContain(`${sourceUrl}${path}`);
    expect(error?.message).not.toContain('secret');
    // The upload request was cut before its closing boundary: no object.
    await new Promise((r) => setTimeout(r, 50));
    // One upload request, never answered 200 (the server may also log the dropped socket as 'unknown').
    const uploads = uploadRequests(server.requestLog()).filter((e) => e.endpoint === 'upload');
    expect(uploads).toHaveLength(1);
    expect(uploads[0]!.status).not.toBe(200);
    expect((await download(server, 'test', key)).status).toBe(404);
  });
});
