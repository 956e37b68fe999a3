import { createServer, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { WcsClient, WcsIntegrityError, WcsInvalidArgumentError, WcsNetworkError, etagOfBuffer } from '../../src/index.js';

// The preset's per-project testTimeout is not applied by jest (it is a global option), and
// uploads of thousands of objects take longer under a parallel turbo run.
jest.setTimeout(120_000);

// Faults @wcs/server cannot produce: a body that does not match its ETag, and a connection cut
// short of Content-Length. A fake loopback server plays the download host.
const good = Buffer.from('the real content');
const other = Buffer.from('something else!!');
let fake: Server;
let base: string;
let dir: string;
let client: WcsClient;

beforeAll(async () => {
  fake = createServer((req, res) => {
    if (req.url === '/corrupt') {
      res.writeHead(200, { 'content-length': String(other.length), etag: `"${etagOfBuffer(good)}"` });
      res.end(other);
    } else if (req.url === '/foreign-etag') {
      res.writeHead(200, { 'content-length': String(other.length), etag: '"d41d8cd98f00b204e9800998ecf8427e"' });
      res.end(other);
    } else if (req.url === '/partial') {
      // A 206 to a request without Range (issue 10 item 8): part of a 300000-byte object, no ETag.
      res.writeHead(206, { 'content-length': '1000', 'content-range': 'bytes 0-999/300000' });
      res.end(Buffer.alloc(1000, 7));
    } else if (req.url === '/no-content') {
      res.writeHead(204).end();
    } else if (req.url === '/short') {
      res.writeHead(200, { 'content-length': '1000' });
      res.write(good);
      setTimeout(() => res.socket?.destroy(), 20);
    } else {
      res.writeHead(404).end('{"code":404,"message":"file not exist"}');
    }
  });
  await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(fake.address() as { port: number }).port}`;
  dir = await mkdtemp(join(tmpdir(), 'wcs-sdk-fault-'));
  client = new WcsClient({ accessKey: 'ak', secretKey: 'sk', mgrUrl: base, putUrl: base, connectionRetries: 0 });
});

afterAll(async () => {
  client?.close();
  await new Promise<void>((resolve) => fake.close(() => resolve()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

const leftovers = async () => (await readdir(dir)).filter((n) => n.includes('wcs-download'));

describe('download faults', () => {
  it('an etag mismatch is a WcsIntegrityError and leaves no file (an existing one is kept)', async () => {
    const target = join(dir, 'corrupt.txt');
    await writeFile(target, 'previous version');
    const error = await client.download({ url: `${base}/corrupt`, file: target }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WcsIntegrityError);
    expect((error as WcsIntegrityError).expected).toBe(etagOfBuffer(good));
    expect((error as WcsIntegrityError).actual).toBe(etagOfBuffer(other));
    expect(await readFile(target, 'utf8')).toBe('previous version');
    expect(await leftovers()).toEqual([]);
  });

  it('verify: false skips the etag check', async () => {
    const result = await client.download({ url: `${base}/corrupt`, file: join(dir, 'unverified.txt'), verify: false });
    expect(result.verified).toBe(false);
  });

  it('an ETag that is not a WCS etag is not compared', async () => {
    const result = await client.download({ url: `${base}/foreign-etag`, file: join(dir, 'foreign.txt') });
    expect(result).toEqual(expect.objectContaining({ verified: false, bytes: other.length }));
  });

  it('a 206 to a request without Range is refused: the destination is not replaced (issue 10 item 8)', async () => {
    const target = join(dir, 'partial.bin');
    await writeFile(target, 'previous version');
    const error = await client.download({ url: `${base}/partial`, file: target }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WcsIntegrityError);
    expect(error).toMatchObject({ expected: '200', actual: '206' });
    expect((error as Error).message).toContain('status 206 (Content-Range: bytes 0-999/300000)');
    expect(await readFile(target, 'utf8')).toBe('previous version');
    expect(await leftovers()).toEqual([]);
  });

  it('any other 2xx (204) is not a whole object either: no empty file appears', async () => {
    const target = join(dir, 'no-content.bin');
    await expect(client.download({ url: `${base}/no-content`, file: target })).rejects.toMatchObject({ code: 'ERR_WCS_INTEGRITY', actual: '204' });
    expect(existsSync(target)).toBe(false);
    expect(await leftovers()).toEqual([]);
  });

  it('a destination that is a directory is refused before the request, naming it (issue 10 item 10)', async () => {
    const target = join(dir, 'a-directory');
    await mkdir(target);
    const error = await client.download({ url: `${base}/corrupt`, file: target }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WcsInvalidArgumentError);
    expect((error as Error).message).toBe(`${target} is a directory: give the path of a file to write, e.g. ${join(target, 'NAME')}.`);
    expect(await leftovers()).toEqual([]);
  });

  it('a file error names the destination, not the temporary file', async () => {
    const target = join(dir, 'no-such-dir', 'x.txt');
    const error = await client.download({ url: `${base}/corrupt`, file: target, verify: false }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WcsInvalidArgumentError);
    expect((error as Error).message).toContain(`${target}: no such file or directory`);
    expect((error as Error).message).not.toContain('wcs-download');
  });

  it('a body cut short of Content-Length fails and leaves no file', async () => {
    const target = join(dir, 'short.txt');
    const error = await client.download({ url: `${base}/short`, file: target }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error instanceof WcsNetworkError || error instanceof WcsIntegrityError).toBe(true);
    expect(existsSync(target)).toBe(false);
    expect(await leftovers()).toEqual([]);
  });
});
