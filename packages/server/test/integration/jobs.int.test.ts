import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inflateRawSync } from 'node:zlib';
import { z } from 'zod';
import { startWcsServer, type WcsServer } from '../../src/index.js';
import { TestClient } from '../helpers/client.js';
import { b64u, entry, sign } from '../helpers/sign.js';
import { JobStatus, ListPage, Stat, Submitted } from '../helpers/wire.js';

let server: WcsServer;
let c: TestClient;
let origin: Server;
let base: string;
const notices: Array<{ body: string; auth: string | undefined }> = [];
const payload = Buffer.from('fetched content '.repeat(1000));

beforeAll(async () => {
  server = await startWcsServer({ accessKey: 'ak', secretKey: 'sk', jobDelayMs: 30 });
  c = new TestClient(server);
  origin = createServer((req, res) => {
    if (req.url === '/notify') {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        notices.push({ body, auth: req.headers.authorization });
        res.writeHead(200).end('ok');
      });
      return;
    }
    if (req.url === '/files/a.txt') res.writeHead(200, { 'content-type': 'text/plain' }).end(payload);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => origin.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(origin.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await server.close();
  await new Promise((r) => origin.close(r));
});

const fmgr = (op: string, fops: string, extra = '') => c.mgr('POST', `/fmgr/${op}`, `fops=${fops}${extra}`);

describe('fmgr', () => {
  it('fetches a URL to completion, honouring key/prefix/md5, and notifies', async () => {
    const md5 = createHash('md5').update(payload).digest('hex');
    const cmds = [
      `fetchURL/${b64u(`${base}/files/a.txt`)}/bucket/${b64u('test')}/md5/${md5}`,
      `fetchURL/${b64u(`${base}/files/a.txt`)}/bucket/${b64u('test')}/key/${b64u('b.txt')}/prefix/${b64u('in')}`,
      `fetchURL/${b64u(`${base}/files/a.txt`)}/bucket/${b64u('test')}/key/${b64u('c.txt')}/md5/${'0'.repeat(32)}`,
      `fetchURL/${b64u(`${base}/missing`)}/bucket/${b64u('test')}`,
    ].join(';');
    const sub = await fmgr('fetch', cmds, `&notifyURL=${b64u(`${base}/notify`)}`);
    expect(sub.status).toBe(200);
    const id = sub.as(Submitted).persistentId;
    const first = await c.raw(server.mgrUrl, 'GET', `/fmgr/status?persistentId=${id}`);
    expect([0, 1]).toContain(first.as(JobStatus).code);
    const done = (await c.waitJob('/fmgr/status', id)).as(JobStatus);
    expect(done.id).toBe(id);
    expect(done.items.map((i) => i.code)).toEqual([3, 3, 2, 2]);
    expect(done.items[0]).toMatchObject({ key: 'files/a.txt', fsize: payload.length, error: null, url: server.objectUrl('test', 'files/a.txt') });
    expect(done.items[1]?.key).toBe('in/b.txt');
    expect(done.items[2]?.error).toMatch(/md5/);
    expect(await (await fetch(server.objectUrl('test', 'in/b.txt'))).text()).toBe(payload.toString());
    expect((await fetch(server.objectUrl('test', 'c.txt'))).status).toBe(404);
    for (let i = 0; i < 100 && notices.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    const n = notices[0];
    expect(n).toBeDefined();
    const decoded: unknown = JSON.parse(Buffer.from(n?.body ?? '', 'base64').toString());
    expect(decoded).toMatchObject({ id, code: 3 });
    expect(n?.auth).toBe(`ak:${sign('sk', `${base}/notify\n${b64u(n?.body ?? '')}`)}`);
  });

  it('deletePrefix treats the prefix as a directory', async () => {
    for (const k of ['logs/1', 'logs/2/x', 'logs123', 'logsX/1']) await c.put('test', k, k);
    const sub = await fmgr('deletePrefix', `bucket/${b64u('test')}/prefix/${b64u('logs')}`);
    const done = await c.waitJob('/fmgr/status', sub.as(Submitted).persistentId);
    expect(done.json).toMatchObject({ code: 3, separate: 0 });
    const keys = (await c.mgr('GET', '/list?bucket=test')).as(ListPage).items.map((i) => i.key);
    expect(keys).toContain('logs123');
    expect(keys).toContain('logsX/1');
    expect(keys).not.toContain('logs/1');
    expect(keys).not.toContain('logs/2/x');
  });

  it('copies, moves, deletes, deletes m3u8 with its ts, and sets deadlines', async () => {
    await c.put('test', 'src.txt', 'S');
    await c.put('test', 'hls/p.m3u8', '#EXTM3U\n#EXTINF:10,\nseg0.ts\n#EXTINF:10,\nsub/seg1.ts\nhttp://cdn/x.ts\n');
    await c.put('test', 'hls/seg0.ts', 't0');
    await c.put('test', 'hls/sub/seg1.ts', 't1');
    const ops: Array<[string, string]> = [
      ['copy', `resource/${entry('test', 'src.txt')}/bucket/${b64u('test')}/key/${b64u('copy.txt')}`],
      ['move', `resource/${entry('test', 'copy.txt')}/bucket/${b64u('test')}/key/${b64u('moved.txt')}`],
      ['delete', `bucket/${b64u('test')}/key/${b64u('moved.txt')};bucket/${b64u('test')}/key/${b64u('never-existed')}`],
      ['deletem3u8', `bucket/${b64u('test')}/key/${b64u('hls/p.m3u8')}`],
    ];
    for (const [op, f] of ops) {
      const done = (await c.waitJob('/fmgr/status', (await fmgr(op, f)).as(Submitted).persistentId)).as(JobStatus);
      expect(done.items.every((i) => i.code === 3)).toBe(true);
    }
    for (const k of ['copy.txt', 'moved.txt', 'hls/p.m3u8', 'hls/seg0.ts', 'hls/sub/seg1.ts']) {
      expect((await c.mgr('GET', `/stat/${entry('test', k)}`)).status).toBe(404);
    }
    const same = await c.waitJob('/fmgr/status', (await fmgr('copy', `resource/${entry('test', 'src.txt')}/bucket/${b64u('test')}`)).as(Submitted).persistentId);
    expect(same.as(JobStatus).items[0]?.code).toBe(2);
    const sd = await c.waitJob('/fmgr/status', (await fmgr('setdeadline', `bucket/${b64u('test')}/prefix/${b64u('in')}/deadline/3`)).as(Submitted).persistentId);
    expect(sd.as(JobStatus).items[0]?.code).toBe(3);
    expect((await c.mgr('GET', `/stat/${entry('test', 'in/b.txt')}`)).as(Stat).expirationDate).not.toBe('');
  });

  it('compresses keys into a real ZIP', async () => {
    await c.put('test', 'z/one.txt', 'one one one one one one');
    await c.put('test', 'z/two.txt', 'two');
    const f = `bucket/${b64u('test')}/keys/${b64u('z/one.txt')}|${b64u('z/two.txt')}/saveas/${entry('test', 'out.zip')}`;
    const done = await c.waitJob('/fmgr/status', (await fmgr('compress', f)).as(Submitted).persistentId);
    expect(done.as(JobStatus).items[0]).toMatchObject({ code: 3, key: 'out.zip' });
    const zip = Buffer.from(await (await fetch(server.objectUrl('test', 'out.zip'))).arrayBuffer());
    expect(zip.readUInt32LE(0)).toBe(0x04034b50);
    const method = zip.readUInt16LE(8);
    const csize = zip.readUInt32LE(18);
    const nameLen = zip.readUInt16LE(26);
    const name = zip.subarray(30, 30 + nameLen).toString();
    const data = zip.subarray(30 + nameLen, 30 + nameLen + csize);
    expect(name).toBe('z/one.txt');
    expect((method === 8 ? inflateRawSync(data) : data).toString()).toBe('one one one one one one');
    expect(zip.readUInt32LE(zip.length - 22)).toBe(0x06054b50);
    expect(zip.readUInt16LE(zip.length - 22 + 10)).toBe(2);
  });

  it('refuses malformed commands at submit time with 400 and unknown ids with 404', async () => {
    for (const [op, f] of [
      ['fetch', `fetchURL/${b64u('ftp://x')}/bucket/${b64u('test')}`],
      ['fetch', `bucket/${b64u('test')}`],
      ['delete', `bucket/${b64u('test')}/key`],
      ['delete', `bucket/${b64u('test')}/key/!!!`],
      ['compress', `bucket/${b64u('test')}/saveas/${entry('test', 'x.zip')}`],
      ['setdeadline', `bucket/${b64u('test')}/deadline/soon`],
      ['copy', `resource/${b64u('nokey')}/bucket/${b64u('test')}`],
    ] as Array<[string, string]>) {
      const a = await fmgr(op, f);
      expect([op, f, a.status]).toEqual([op, f, 400]);
    }
    expect((await fmgr('explode', 'x/y')).status).toBe(404);
    expect((await c.raw(server.mgrUrl, 'GET', '/fmgr/status?persistentId=nope')).status).toBe(404);
    expect((await c.raw(server.mgrUrl, 'POST', '/fmgr/delete', `fops=bucket/${b64u('test')}/key/${b64u('a')}`)).status).toBe(401);
  });
});

describe('fops', () => {
  it('finishes processing jobs as failed, honestly', async () => {
    await c.put('test', 'video.mp4', 'not really a video');
    const body = `bucket=${b64u('test')}&key=${b64u('video.mp4')}&fops=${b64u(`avthumb/mp4;vframe/jpg/offset/1|saveas/${entry('test', 'f.jpg')}`)}&notifyURL=&force=0&separate=0`;
    const sub = await c.mgr('POST', '/fops', body);
    expect(sub.status).toBe(200);
    const done = await c.waitJob('/status/get/prefop', sub.as(Submitted).persistentId);
    expect(done.json).toMatchObject({ code: 3, inputkey: 'video.mp4', inputbucket: 'test' });
    const { items } = done.as(JobStatus);
    expect(items).toHaveLength(2);
    for (const it of items) {
      expect(it.code).toBe(2);
      expect(it.error).toMatch(/not supported by the local WCS server/);
    }
    expect((await c.mgr('POST', '/fops', `bucket=${b64u('test')}&key=${b64u('nope')}&fops=${b64u('avthumb/mp4')}`)).status).toBe(404);
    expect((await c.mgr('POST', '/fops', `bucket=${b64u('test')}&key=${b64u('video.mp4')}&fops=`)).status).toBe(400);
  });

  it('starts persistentOps from an upload and exposes $(persistentId)', async () => {
    const a = await c.upload(c.token({ scope: 'test:po.mp4', persistentOps: 'avthumb/flv', returnBody: '{"pid":"$(persistentId)"}' }), 'x');
    const { pid } = a.as(z.object({ pid: z.string() }));
    expect(pid).toMatch(/\S/);
    const done = await c.waitJob('/status/get/prefop', pid);
    expect(done.as(JobStatus).items[0]?.code).toBe(2);
  });
});

describe('close with jobs in flight', () => {
  // Regression: a job woken by close() went back to sleep for the rest of jobDelayMs, so close()
  // took as long as the longest job delay. With a 10-minute delay this test would hit its timeout.
  it('returns without waiting out the job delay', async () => {
    const slow = await startWcsServer({ accessKey: 'ak', secretKey: 'sk', jobDelayMs: 600_000 });
    try {
      const client = new TestClient(slow);
      await client.put('test', 'gone.txt', 'x');
      const sub = await client.mgr('POST', '/fmgr/delete', `fops=bucket/${b64u('test')}/key/${b64u('gone.txt')}`);
      expect(sub.status).toBe(200);
    } finally {
      await slow.close();
    }
  });
});
