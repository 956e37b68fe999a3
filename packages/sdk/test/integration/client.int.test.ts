import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { startWcsServer, type WcsServer } from '@wcs/server';
import {
  WcsClient,
  WcsConfigError,
  WcsError,
  WcsInvalidArgumentError,
  WcsJobFailedError,
  WcsServiceError,
  entry,
  etagOfBuffer,
  listAll,
  type DownloadParams,
  type ObjectInfo,
} from '../../src/index.js';
import { ACCESS_KEY, SECRET_KEY, startLoopback, type LoopbackServer } from '@wcs/test-support';

// The preset's per-project testTimeout is not applied by jest (it is a global option), and
// uploads of thousands of objects take longer under a parallel turbo run.
jest.setTimeout(120_000);

let server: WcsServer;
let client: WcsClient;
let dir: string;
let source: LoopbackServer;
const small = Buffer.from('hello');
const medium = Buffer.alloc(9 * 1024 * 1024 + 123, 7);

beforeAll(async () => {
  server = await startWcsServer({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, buckets: ['test', 'other'], jobDelayMs: 10 });
  dir = await mkdtemp(join(tmpdir(), 'wcs-sdk-int-'));
  client = new WcsClient(
    { accessKey: ACCESS_KEY, secretKey: SECRET_KEY, putUrl: server.putUrl, mgrUrl: server.mgrUrl, recordFolder: join(dir, 'records'), overwrite: 1 },
    { http: { retryBaseDelayMs: 5, retryMaxDelayMs: 20 } },
  );
  source = await startLoopback({ '/src/hello.txt': { status: 200, body: small } });
  await writeFile(join(dir, 'small.txt'), small);
  await writeFile(join(dir, 'medium.bin'), medium);
});

afterAll(async () => {
  client?.close();
  await server?.close();
  await source?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

beforeEach(() => {
  server.setFaults({ rules: [] });
  server.clearRequestLog();
});

const waitFmgr = (id: string) => client.waitForJob({ persistentId: id, kind: 'fmgr', intervalMs: 10 });

describe('WcsClient uploads', () => {
  it('simpleUpload of a path (key = basename), bytes and a stream', async () => {
    const fromPath = await client.simpleUpload({ source: join(dir, 'small.txt'), bucket: 'test' });
    expect(fromPath).toEqual(expect.objectContaining({ bucket: 'test', key: 'small.txt', hash: etagOfBuffer(small) }));
    const fromBytes = await client.simpleUpload({ source: small, bucket: 'test', key: 'up/bytes.txt' });
    expect(fromBytes.hash).toBe(etagOfBuffer(small));
    await client.simpleUpload({ source: Readable.from([small]), bucket: 'test', key: 'up/stream.txt' });
    expect((await client.statObject({ bucket: 'test', key: 'up/stream.txt' })).hash).toBe(etagOfBuffer(small));
    expect(server.requestLog().filter((e) => e.endpoint === 'upload')).toHaveLength(3);
  });

  it('multipartUpload sends mkblk×3 then mkfile and matches the local etag', async () => {
    const result = await client.multipartUpload({ file: join(dir, 'medium.bin'), bucket: 'test', key: 'up/medium.bin' });
    expect(result.hash).toBe(etagOfBuffer(medium));
    expect(result.uploadId).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(server.requestLog().map((e) => e.endpoint)).toEqual(['mkblk', 'mkblk', 'mkblk', 'mkfile']);
    expect((await client.statObject({ bucket: 'test', key: 'up/medium.bin' })).fsize).toBe(medium.length);
  });

  it('multipartStreamUpload sends a stream of unknown length by mkblk/bput/mkfile and matches the local etag', async () => {
    const result = await client.multipartStreamUpload({
      source: Readable.from([medium.subarray(0, 1000), medium.subarray(1000)]),
      bucket: 'test',
      key: 'up/streamed.bin',
      concurrency: 2,
    });
    expect(result.hash).toBe(etagOfBuffer(medium));
    expect(result.fsize).toBe(medium.length);
    expect(server.requestLog().map((e) => e.endpoint)).toEqual(['mkblk', 'mkblk', 'mkblk', 'mkfile']);
    expect((await client.statObject({ bucket: 'test', key: 'up/streamed.bin' })).hash).toBe(etagOfBuffer(medium));
  });

  it('multipartUpload resumes the upload named by uploadId (refused when it has no record)', async () => {
    const params = { file: join(dir, 'medium.bin'), bucket: 'test', key: 'up/resume.bin', uploadId: 'NoSuchUploadId0000000000000000000' };
    const error = await client.multipartUpload(params).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as { code?: string }).code).toBe('ERR_WCS_RESUME_RECORD');
    expect(server.requestLog()).toEqual([]);
  });

  it('smartUpload picks normal upload below the threshold and multipart above', async () => {
    await client.smartUpload({ file: join(dir, 'small.txt'), bucket: 'test', key: 'up/smart-small.txt' });
    await client.smartUpload({ file: join(dir, 'medium.bin'), bucket: 'test', key: 'up/smart-medium.bin', thresholdBytes: 4 * 1024 * 1024 });
    expect(server.requestLog().map((e) => e.endpoint)).toEqual(['upload', 'mkblk', 'mkblk', 'mkblk', 'mkfile']);
  });

  it('streamUpload copies a URL', async () => {
    const result = await client.streamUpload({ url: `${source.url}/src/hello.txt`, bucket: 'test', key: 'up/streamed.txt' });
    expect(result.hash).toBe(etagOfBuffer(small));
  });

  it('createUploadTokenFor signs a scope', () => {
    const token = client.createUploadTokenFor({ bucket: 'test', key: 'k' });
    const policy = JSON.parse(Buffer.from(token.split(':')[2] ?? '', 'base64url').toString('utf8')) as { scope: string; overwrite: number };
    expect(policy.scope).toBe('test:k');
    expect(policy.overwrite).toBe(1);
  });
});

describe('WcsClient resource management', () => {
  it('lists buckets and objects; listAll follows markers; config list settings apply', async () => {
    expect((await client.listBuckets()).buckets).toEqual(expect.arrayContaining(['test', 'other']));
    for (let i = 0; i < 5; i++) await client.simpleUpload({ source: Buffer.from(`n${i}`), bucket: 'other', key: `ls/${i}` });
    const page = await client.listObjects({ bucket: 'other', prefix: 'ls/', limit: 2 });
    expect(page.items.map((i) => i.key)).toEqual(['ls/0', 'ls/1']);
    const all: ObjectInfo[] = [];
    for await (const o of client.listAll({ bucket: 'other', prefix: 'ls/', limit: 2 })) all.push(o);
    expect(all.map((o) => o.key)).toEqual(['ls/0', 'ls/1', 'ls/2', 'ls/3', 'ls/4']);
    const pages: number[] = [];
    for await (const p of client.listPages({ bucket: 'other', prefix: 'ls/', limit: 2 })) pages.push(p.items.length);
    expect(pages).toEqual([2, 2, 1]);

    const configured = new WcsClient({ ...client.config, listLimit: 3, listPrefix: 'ls/', listMode: 0 });
    server.clearRequestLog();
    const cfgPage = await configured.listObjects({ bucket: 'other' });
    expect(cfgPage.items).toHaveLength(3);
    expect(server.requestLog()[0]?.path).toMatch(/^\/list\?bucket=other&limit=3&prefix=bHMv&mode=0$/);
    configured.close();
  });

  it('client.listAll and the package listAll send the same requests for a config with list_prefix and list_marker', async () => {
    for (let i = 0; i < 5; i++) await client.simpleUpload({ source: Buffer.from(`s${i}`), bucket: 'other', key: `same/${i}` });
    const start = (await client.listObjects({ bucket: 'other', prefix: 'same/', limit: 1 })).marker;
    expect(start).toEqual(expect.any(String));
    const configured = new WcsClient({ ...client.config, listPrefix: 'same/', listMarker: start, listLimit: 2 });
    try {
      const run = async (list: () => AsyncIterable<ObjectInfo>): Promise<{ keys: string[]; paths: string[] }> => {
        server.clearRequestLog();
        const keys: string[] = [];
        for await (const o of list()) keys.push(o.key);
        return { keys, paths: server.requestLog().map((e) => e.path) };
      };
      const viaClient = await run(() => configured.listAll({ bucket: 'other' }));
      const viaPackage = await run(() => listAll(configured.context, { bucket: 'other' }));
      expect(viaClient.keys).toEqual(['same/1', 'same/2', 'same/3', 'same/4']);
      expect(viaPackage).toEqual(viaClient);
      expect(viaClient.paths[0]).toBe(`/list?bucket=other&marker=${encodeURIComponent(start ?? '')}&limit=2&prefix=c2FtZS8=`);
    } finally {
      configured.close();
    }
  });

  it('stat, copy, move, setDeadline and delete', async () => {
    const hash = (await client.simpleUpload({ source: Buffer.from('object'), bucket: 'test', key: 'mg/a' })).hash;
    expect((await client.statObject({ bucket: 'test', key: 'mg/a' })).hash).toBe(hash);
    await client.copyObject({ from: { bucket: 'test', key: 'mg/a' }, to: { bucket: 'other' } });
    expect((await client.statObject({ bucket: 'other', key: 'mg/a' })).hash).toBe(hash);
    await client.moveObject({ from: { bucket: 'test', key: 'mg/a' }, to: { bucket: 'test', key: 'mg/b' } });
    expect((await client.statObject({ bucket: 'test', key: 'mg/b' })).hash).toBe(hash);
    await expect(client.statObject({ bucket: 'test', key: 'mg/a' })).rejects.toMatchObject({ statusCode: 404 });
    await client.setDeadline({ bucket: 'test', key: 'mg/b', days: 5 });
    expect((await client.statObject({ bucket: 'test', key: 'mg/b' })).expirationDate).toMatch(/^\d{14}$/);
    await client.deleteObject({ bucket: 'test', key: 'mg/b' });
    await expect(client.deleteObject({ bucket: 'test', key: 'mg/b' })).rejects.toMatchObject({ statusCode: 404, code: 'ERR_WCS_SERVICE' });
  });

  it('bucketStat accepts py3 "b1|b2" text; bucketStatistics and wsLiveList answer', async () => {
    const stat = await client.bucketStat({ buckets: 'test|other', startDate: '2024-01-01', endDate: '2024-01-02' });
    expect(stat.buckets.map((b) => b.name)).toEqual(['test', 'other']);
    const today = new Date().toISOString().slice(0, 10);
    const statistics = await client.bucketStatistics({ bucket: 'test', type: 'uploadRequest', startDate: today, endDate: today });
    expect(statistics.entries[0]?.detail[0]?.value).toBeGreaterThan(0);
    expect((await client.wsLiveList({ channelName: 'ch', startTime: '20240101000000', endTime: '20240102000000', bucket: 'test', start: 1, limit: 10 })).items).toEqual([]);
    await expect(client.bucketStat({ buckets: 'test', startDate: '2024-13-01', endDate: '2024-12-01' })).rejects.toBeInstanceOf(WcsInvalidArgumentError);
  });

  it('reports 401 for a wrong secret key without retrying', async () => {
    const bad = new WcsClient({ ...client.config, secretKey: 'wrong' });
    await expect(bad.listBuckets()).rejects.toMatchObject({ statusCode: 401 });
    expect(server.requestLog()).toHaveLength(1);
    bad.close();
  });
});

describe('WcsClient fmgr and fops', () => {
  it('runs every fmgr operation to completion', async () => {
    await client.simpleUpload({ source: Buffer.from('f'), bucket: 'test', key: 'fm/a' });
    await client.simpleUpload({ source: Buffer.from('#EXTM3U\nseg.ts\n'), bucket: 'test', key: 'fm/p.m3u8' });
    await client.simpleUpload({ source: Buffer.from('ts'), bucket: 'test', key: 'fm/seg.ts' });

    await waitFmgr((await client.fmgrFetch({ items: { url: `${source.url}/src/hello.txt`, bucket: 'test', key: 'fm/fetched' } })).persistentId);
    expect((await client.statObject({ bucket: 'test', key: 'fm/fetched' })).hash).toBe(etagOfBuffer(small));
    await waitFmgr((await client.fmgrCopy({ items: { resource: { bucket: 'test', key: 'fm/a' }, bucket: 'test', key: 'fm/copy' } })).persistentId);
    const raw = `resource/${entry('test', 'fm/copy')}/bucket/${Buffer.from('test').toString('base64url')}/key/${Buffer.from('fm/moved').toString('base64url')}`;
    await waitFmgr((await client.fmgrMove({ fops: raw })).persistentId);
    expect((await client.statObject({ bucket: 'test', key: 'fm/moved' })).fsize).toBe(1);
    await waitFmgr((await client.fmgrSetDeadline({ items: { bucket: 'test', prefix: 'fm', deadline: 9 } })).persistentId);
    expect((await client.statObject({ bucket: 'test', key: 'fm/a' })).expirationDate).toMatch(/^\d{14}$/);
    await waitFmgr((await client.fmgrCompress({ items: { bucket: 'test', keys: ['fm/a'], saveAs: { bucket: 'other', key: 'fm.zip' } } })).persistentId);
    expect((await client.statObject({ bucket: 'other', key: 'fm.zip' })).mimeType).toBe('application/zip');
    await waitFmgr((await client.fmgrDeleteM3u8({ items: { bucket: 'test', key: 'fm/p.m3u8' } })).persistentId);
    await expect(client.statObject({ bucket: 'test', key: 'fm/seg.ts' })).rejects.toMatchObject({ statusCode: 404 });
    const del = await client.fmgrDelete({ items: { bucket: 'test', key: 'fm/moved' } });
    expect((await client.fmgrStatus({ persistentId: del.persistentId })).persistentId).toBe(del.persistentId);
    await waitFmgr(del.persistentId);
    await waitFmgr((await client.fmgrDeletePrefix({ items: { bucket: 'test', prefix: 'fm' } })).persistentId);
    await expect(client.statObject({ bucket: 'test', key: 'fm/a' })).rejects.toMatchObject({ statusCode: 404 });
  });

  it('submitFops starts a job that the local server fails; fopsStatus reads it', async () => {
    await client.simpleUpload({ source: Buffer.from('v'), bucket: 'test', key: 'ops/v.mp4' });
    const { persistentId } = await client.submitFops({ fops: 'avthumb/mp4', bucket: 'test', key: 'ops/v.mp4' });
    await expect(client.waitForJob({ persistentId, kind: 'fops', intervalMs: 10 })).rejects.toBeInstanceOf(WcsJobFailedError);
    expect((await client.fopsStatus({ persistentId })).inputKey).toBe('ops/v.mp4');
  });
});

describe('WcsClient.download', () => {
  it('downloads and verifies the WCS etag; no temporary file is left', async () => {
    await client.simpleUpload({ source: medium, bucket: 'test', key: 'dl/medium.bin' });
    const target = join(dir, 'dl', 'medium.bin');
    await (await import('node:fs/promises')).mkdir(join(dir, 'dl'), { recursive: true });
    const seen: number[] = [];
    const result = await client.download({ url: server.objectUrl('test', 'dl/medium.bin'), file: target, onProgress: (p) => seen.push(p.loaded) });
    expect(result).toEqual(expect.objectContaining({ bytes: medium.length, etag: etagOfBuffer(medium), verified: true, statusCode: 200 }));
    expect((await readFile(target)).equals(medium)).toBe(true);
    expect(seen.at(-1)).toBe(medium.length);
    expect(await readdir(join(dir, 'dl'))).toEqual(['medium.bin']);
  });

  it('a file replaced by a download keeps its permissions; a new one gets the default', async () => {
    await client.simpleUpload({ source: Buffer.from('fresh bytes'), bucket: 'test', key: 'dl/private.txt' });
    const target = join(dir, 'private.txt');
    await writeFile(target, 'old secret notes');
    await chmod(target, 0o600);
    await client.download({ url: server.objectUrl('test', 'dl/private.txt'), file: target });
    expect(await readFile(target, 'utf8')).toBe('fresh bytes');
    expect((await stat(target)).mode & 0o777).toBe(0o600);
    const fresh = join(dir, 'fresh.txt');
    await client.download({ url: server.objectUrl('test', 'dl/private.txt'), file: fresh });
    expect((await stat(fresh)).mode & 0o777).toBe(0o666 & ~process.umask());
  });

  it('an onProgress that throws fails the download with a WcsError caused by it, leaves no file, and does not crash the process', async () => {
    await client.simpleUpload({ source: medium, bucket: 'test', key: 'dl/progress.bin' });
    const stop = new Error('stop here');
    const target = join(dir, 'progress-throws.bin');
    const run = client.download({
      url: server.objectUrl('test', 'dl/progress.bin'),
      file: target,
      onProgress: () => {
        throw stop;
      },
    });
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WcsError);
    expect((error as WcsError).cause).toBe(stop);
    expect(existsSync(target)).toBe(false);
    expect((await readdir(dir)).filter((n) => n.includes('wcs-download'))).toEqual([]);
  });

  it('a 404 leaves no file', async () => {
    const target = join(dir, 'missing.bin');
    const error = await client.download({ url: server.objectUrl('test', 'dl/none'), file: target }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WcsServiceError);
    expect((error as WcsServiceError).statusCode).toBe(404);
    expect(existsSync(target)).toBe(false);
    expect((await readdir(dir)).filter((n) => n.includes('wcs-download'))).toEqual([]);
  });

  it.each([Number.NaN, -5, 2.5, '100'])('a trafficLimit of %p is refused before any request', async (trafficLimit) => {
    const target = join(dir, 'limited.bin');
    const params = { url: server.objectUrl('test', 'dl/limited'), file: target, trafficLimit } as unknown as DownloadParams;
    const error = await client.download(params).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WcsInvalidArgumentError);
    expect(error).toMatchObject({ message: expect.stringMatching(/^trafficLimit must be a whole number, 0 or more/) });
    expect(server.requestLog().filter((e) => e.path.includes('limited'))).toEqual([]);
    expect(existsSync(target)).toBe(false);
  });

  it('sends x-wos-traffic-limit when configured', async () => {
    const limited = new WcsClient({ ...client.config, trafficLimit: 8192 });
    const probe = await startLoopback({ '/x': { status: 200, body: 'abc' } });
    try {
      const result = await limited.download({ url: `${probe.url}/x`, file: join(dir, 'x.txt') });
      expect(result.verified).toBe(false);
      expect(probe.requests[0]?.headers['x-wos-traffic-limit']).toBe('8192');
    } finally {
      limited.close();
      await probe.close();
    }
  });
});

describe('WcsClient construction', () => {
  it('an http option passed as undefined keeps the config setting (connection_retries 0: one attempt)', async () => {
    const once = new WcsClient({ ...client.config, connectionRetries: 0 }, { http: { retries: undefined, retryBaseDelayMs: 1 } });
    try {
      server.setFaults({ rules: [{ endpoint: 'stat', status: 503 }] });
      await expect(once.statObject({ bucket: 'test', key: 'small.txt' })).rejects.toMatchObject({ statusCode: 503 });
      expect(server.requestLog().filter((e) => e.endpoint === 'stat')).toHaveLength(1);
    } finally {
      server.setFaults({ rules: [] });
      once.close();
    }
  });

  it('fromConfigFile reads a Python-format .wcscfg', async () => {
    const file = join(dir, '.wcscfg');
    await writeFile(
      file,
      [
        '[default]',
        `access_key = ${ACCESS_KEY}`,
        `secret_key = ${SECRET_KEY}`,
        `put_url = ${server.putUrl}`,
        `mgr_url = ${server.mgrUrl}`,
        'block_size = 4194304',
        'bput_size = 4194304',
        'callbackBody = ',
        'concurrency = 4',
        'connection_retries = 3',
        'connection_timeout = 40',
        'deadline = 7200',
        'ishttps = False',
        'isverify = True',
        'keepalive = False',
        'limit = 1000',
        'mode = 3',
        'notifyurl = ',
        'overwrite = 1',
        `tmp_record_folder = ${join(dir, 'records')}`,
        'traffic_limit = 0',
        '',
      ].join('\n'),
    );
    const fromFile = WcsClient.fromConfigFile({ configFile: file, env: {} });
    try {
      expect(fromFile.config).toEqual(expect.objectContaining({ accessKey: ACCESS_KEY, overwrite: 1, listMode: 3, useHttps: false }));
      expect((await fromFile.listBuckets()).buckets).toContain('test');
      expect((await fromFile.simpleUpload({ source: small, bucket: 'test', key: 'cfg/hello.txt' })).hash).toBe(etagOfBuffer(small));
    } finally {
      fromFile.close();
    }
  });

  it('rejects a bad config and a missing named file', () => {
    expect(() => new WcsClient({ blockSizeBytes: 1000 })).toThrow(WcsConfigError);
    expect(() => WcsClient.fromConfigFile({ configFile: join(dir, 'nope.wcscfg'), env: {} })).toThrow(WcsConfigError);
  });
});
