// Every resource-management and job alias of @wcs/sdk/compat (py3 names and positional arguments)
// against @wcs/server, checked by the requests it sends and by what the server then holds.
import { afterAll, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { startWcsServer, type WcsServer } from '@wcs/server';
import { ACCESS_KEY, SECRET_KEY, putObject } from '@wcs/test-support';
import { PythonCompatClient } from '../../src/compat.js';
import { WcsClient, WcsInvalidArgumentError, WcsJobFailedError, WcsServiceError, entry, type ObjectInfo } from '../../src/index.js';

jest.setTimeout(60_000);

let server: WcsServer;
let client: WcsClient;
let py: PythonCompatClient;

const b64u = (text: string): string => Buffer.from(text).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
const paths = (): string[] => server.requestLog().map((e) => e.path);
const waitFmgr = (persistentId: string) => client.waitForJob({ persistentId, kind: 'fmgr', intervalMs: 10 });

beforeAll(async () => {
  server = await startWcsServer({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, buckets: ['test', 'other'], jobDelayMs: 10 });
  client = new WcsClient(
    { accessKey: ACCESS_KEY, secretKey: SECRET_KEY, putUrl: server.putUrl, mgrUrl: server.mgrUrl },
    { http: { retryBaseDelayMs: 5, retryMaxDelayMs: 20 } },
  );
  py = new PythonCompatClient(client);
});

afterAll(async () => {
  py?.close();
  await server?.close();
});

beforeEach(() => {
  server.setFaults({ rules: [] });
  server.clearRequestLog();
});

describe('PythonCompatClient resource management aliases', () => {
  it('listBuckets, bucketList (py3 argument order) and bucketListAll', async () => {
    for (const i of [0, 1, 2]) await putObject(server, 'other', `ls/${i}`, `n${i}`);
    server.clearRequestLog();
    expect((await py.listBuckets()).buckets).toEqual(expect.arrayContaining(['test', 'other']));
    const page = await py.bucketList('other', 'ls/', undefined, 2, 0, 0, Number.MAX_SAFE_INTEGER);
    expect(page.items.map((i) => i.key)).toEqual(['ls/0', 'ls/1']);
    const all: ObjectInfo[] = [];
    for await (const o of py.bucketListAll('other', 'ls/', undefined, 1)) all.push(o);
    expect(all.map((o) => o.key)).toEqual(['ls/0', 'ls/1', 'ls/2']);
    expect(paths().slice(0, 2)).toEqual(['/bucket/list', `/list?bucket=other&limit=2&prefix=${b64u('ls/')}&mode=0&startTime=0&endTime=${Number.MAX_SAFE_INTEGER}`]);
    expect(paths().slice(2)).toHaveLength(3);
  });

  it('stat, copy and move (dstKey defaults to srcKey), setdeadline, delete', async () => {
    const hash = await putObject(server, 'test', 'mg/a', 'object');
    expect((await py.stat('test', 'mg/a')).hash).toBe(hash);
    await py.copy('test', 'mg/a', 'other');
    expect((await py.stat('other', 'mg/a')).hash).toBe(hash);
    await py.move('test', 'mg/a', 'test', 'mg/b');
    await py.move('other', 'mg/a', 'test');
    expect((await py.stat('test', 'mg/b')).hash).toBe(hash);
    expect((await py.stat('test', 'mg/a')).hash).toBe(hash);
    await expect(py.stat('other', 'mg/a')).rejects.toMatchObject({ statusCode: 404 });
    await py.setdeadline('test', 'mg/b', 5);
    expect((await py.stat('test', 'mg/b')).expirationDate).toMatch(/^\d{14}$/);
    expect(server.requestLog().find((e) => e.endpoint === 'setdeadline')).toBeDefined();
    expect((await py.delete('test', 'mg/b')).alreadyDeleted).toBe(false);
    await expect(py.delete('test', 'mg/b')).rejects.toBeInstanceOf(WcsServiceError);
    await expect(py.setdeadline('test', 'mg/a', 1.5)).rejects.toBeInstanceOf(WcsInvalidArgumentError);
  });

  it('bucketStat takes "b1|b2"; bucketStatistics and wsliveList send py3 parameters', async () => {
    const stat = await py.bucketStat('test|other', '2024-01-01', '2024-01-02');
    expect(stat.buckets.map((b) => b.name)).toEqual(['test', 'other']);
    expect(paths()[0]).toBe(`/bucket/stat?name=${b64u('test|other')}&startdate=2024-01-01&enddate=2024-01-02&isListDetails=false`);
    await putObject(server, 'test', 'st/x', 'x');
    const today = new Date().toISOString().slice(0, 10);
    const statistics = await py.bucketStatistics('test', 'uploadRequest', today, today);
    expect(statistics.entries[0]?.detail[0]?.value).toBeGreaterThan(0);
    server.clearRequestLog();
    expect((await py.wsliveList('ch', '20240101000000', '20240102000000', 'test', 1, 10)).items).toEqual([]);
    expect(paths()).toEqual(['/wslive/list?channelname=ch&startTime=20240101000000&endTime=20240102000000&bucket=test&start=1&limit=10']);
  });
});

describe('PythonCompatClient job aliases (raw fops text, as py3 takes it)', () => {
  it('fmgrFetch, fmgrCopy, fmgrMove, fmgrCompress, m3u8Delete, fmgrDelete, prefixDelete and fmgrStatus', async () => {
    await putObject(server, 'test', 'fm/a', 'a');
    await putObject(server, 'test', 'fm/p.m3u8', '#EXTM3U\nseg.ts\n');
    await putObject(server, 'test', 'fm/seg.ts', 'ts');
    const source = server.objectUrl('test', 'fm/a');
    await waitFmgr((await py.fmgrFetch(`fetchURL/${b64u(source)}/bucket/${b64u('test')}/key/${b64u('fm/fetched')}`)).persistentId);
    expect((await py.stat('test', 'fm/fetched')).fsize).toBe(1);
    await waitFmgr((await py.fmgrCopy(`resource/${entry('test', 'fm/a')}/bucket/${b64u('test')}/key/${b64u('fm/copy')}`)).persistentId);
    await waitFmgr((await py.fmgrMove(`resource/${entry('test', 'fm/copy')}/bucket/${b64u('test')}/key/${b64u('fm/moved')}`)).persistentId);
    expect((await py.stat('test', 'fm/moved')).fsize).toBe(1);
    await expect(py.stat('test', 'fm/copy')).rejects.toMatchObject({ statusCode: 404 });
    await waitFmgr((await py.fmgrCompress(`bucket/${b64u('test')}/keys/${b64u('fm/a')}/saveas/${entry('other', 'fm.zip')}`)).persistentId);
    expect((await py.stat('other', 'fm.zip')).mimeType).toBe('application/zip');
    await waitFmgr((await py.m3u8Delete(`bucket/${b64u('test')}/key/${b64u('fm/p.m3u8')}`)).persistentId);
    await expect(py.stat('test', 'fm/seg.ts')).rejects.toMatchObject({ statusCode: 404 });
    const del = await py.fmgrDelete(`bucket/${b64u('test')}/key/${b64u('fm/moved')}`);
    expect((await py.fmgrStatus(del.persistentId)).persistentId).toBe(del.persistentId);
    await waitFmgr(del.persistentId);
    await expect(py.stat('test', 'fm/moved')).rejects.toMatchObject({ statusCode: 404 });
    await waitFmgr((await py.prefixDelete(`bucket/${b64u('test')}/prefix/${b64u('fm')}`)).persistentId);
    await expect(py.stat('test', 'fm/a')).rejects.toMatchObject({ statusCode: 404 });
    const submitted = server.requestLog().filter((e) => e.endpoint === 'fmgr' && e.method === 'POST').map((e) => e.path);
    expect(submitted).toEqual(['/fmgr/fetch', '/fmgr/copy', '/fmgr/move', '/fmgr/compress', '/fmgr/deletem3u8', '/fmgr/delete', '/fmgr/deletePrefix']);
  });

  it('opsExecute(fops, bucket, key) and opsStatus(id)', async () => {
    await putObject(server, 'test', 'ops/v.mp4', 'v');
    const { persistentId } = await py.opsExecute('avthumb/mp4', 'test', 'ops/v.mp4');
    await expect(client.waitForJob({ persistentId, kind: 'fops', intervalMs: 10 })).rejects.toBeInstanceOf(WcsJobFailedError);
    const status = await py.opsStatus(persistentId);
    expect(status.persistentId).toBe(persistentId);
    expect(status.inputKey).toBe('ops/v.mp4');
  });
});
