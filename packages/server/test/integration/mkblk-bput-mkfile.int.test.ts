import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startWcsServer, type WcsServer } from '../../src/index.js';
import { computeEtag } from '../../src/hash/etag.js';
import { TestClient } from '../helpers/client.js';
import { b64u, uploadToken } from '../helpers/sign.js';

const MiB = 1024 * 1024;
let server: WcsServer;
let c: TestClient;

beforeAll(async () => {
  server = await startWcsServer({ credentials: [{ accessKey: 'ak', secretKey: 'sk' }, { accessKey: 'ak2', secretKey: 'sk2' }], buckets: ['test', 'other'] });
  c = new TestClient(server, 'ak', 'sk');
});
afterAll(async () => {
  await server.close();
});

const post = (path: string, token: string, body: Buffer | string, headers: Record<string, string> = {}) =>
  c.raw(server.putUrl, 'POST', path, body, { Authorization: token, 'content-type': 'application/octet-stream', ...headers });

describe('mkblk / bput / mkfile', () => {
  it('assembles blocks uploaded in chunks and answers hash, key and returnBody members', async () => {
    const data = Buffer.alloc(9 * MiB + 100);
    for (let i = 0; i < data.length; i += 1013) data[i] = (i * 7) & 0xff;
    const token = c.token({ scope: 'test:multi/big.bin', returnBody: '{"size":$(fsize),"b":"$(bucket)","v":"$(x:v)"}' });
    const blocks = [data.subarray(0, 4 * MiB), data.subarray(4 * MiB, 8 * MiB), data.subarray(8 * MiB)];
    const ctxs: string[] = [];
    for (const [i, block] of blocks.entries()) {
      // Go-style: 1024-byte first chunk then the rest via bput.
      const first = block.subarray(0, 1024);
      const mk = await post(`/mkblk/${block.length}/${i}`, token, first, { UploadBatch: 'batch-1' });
      expect(mk.status).toBe(200);
      expect(mk.json).toEqual({ ctx: expect.any(String), checksum: expect.stringMatching(/^[0-9a-f]{32}$/), crc32: expect.any(Number), offset: 1024 });
      const bp = await post(`/bput/${mk.json.ctx}/1024`, token, block.subarray(1024));
      expect(bp.status).toBe(200);
      expect(bp.json.offset).toBe(block.length);
      ctxs.push(bp.json.ctx);
    }
    const mf = await post(`/mkfile/${data.length}/x:v/${b64u('vv')}`, token, ctxs.join(','), { 'content-type': 'text/plain', MimeType: 'application/x-test' });
    expect(mf.status).toBe(200);
    expect(mf.json).toEqual({ size: data.length, b: 'test', v: 'vv', key: 'multi/big.bin', hash: computeEtag(data) });
    const d = await fetch(server.objectUrl('test', 'multi/big.bin'));
    expect(d.headers.get('content-type')).toBe('application/x-test');
    expect(Buffer.from(await d.arrayBuffer()).equals(data)).toBe(true);
    expect(server.requestLog().map((e) => e.endpoint)).toEqual(['mkblk', 'bput', 'mkblk', 'bput', 'mkblk', 'bput', 'mkfile', 'download']);
  });

  it('reports CRC-32 and MD5 of the chunk', async () => {
    const mk = await post('/mkblk/5/0', c.token({ scope: 'test:h' }), 'hello');
    expect(mk.json.crc32).toBe(907060870);
    expect(mk.json.checksum).toBe('5d41402abc4b2a76b9719d911017c592');
  });

  it('takes the key from the b64u Key header when the scope has none', async () => {
    const token = c.token({ scope: 'test' });
    const mk = await post('/mkblk/5/0', token, 'hello');
    const mf = await post('/mkfile/5', token, mk.json.ctx, { Key: b64u('from-header.txt') });
    expect(mf.json).toEqual({ key: 'from-header.txt', hash: 'Fqr0xh3cxeii2r7eDztILNmuqUNN' });
    const mk2 = await post('/mkblk/5/0', token, 'hello');
    expect((await post('/mkfile/5', token, mk2.json.ctx)).status).toBe(400);
  });

  it('refuses forged, foreign, stale and wrong-offset ctx with 701', async () => {
    const token = c.token({ scope: 'test:ctx' });
    const mk = await post('/mkblk/10/0', token, 'hello');
    const ctx = mk.json.ctx as string;
    const forged = `${ctx.slice(0, -2)}${ctx.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await post(`/bput/${forged}/5`, token, 'world')).status).toBe(701);
    const foreignAk = uploadToken('ak2', 'sk2', { scope: 'test:ctx' });
    expect((await post(`/bput/${ctx}/5`, foreignAk, 'world')).status).toBe(701);
    expect((await post(`/bput/${ctx}/5`, c.token({ scope: 'other:ctx' }), 'world')).status).toBe(701);
    expect((await post(`/bput/${ctx}/4`, token, 'world')).status).toBe(701);
    const ok = await post(`/bput/${ctx}/5`, token, 'world');
    expect(ok.status).toBe(200);
    const stale = await post(`/bput/${ctx}/5`, token, 'world');
    expect(stale.status).toBe(701);
    expect(stale.json.code).toBe(701);
    expect((await post('/mkfile/10', token, ctx)).status).toBe(701);
    expect((await post('/mkfile/10', token, ok.json.ctx)).status).toBe(200);
  });

  it('refuses size mismatches, incomplete blocks, oversized chunks and bad block sizes', async () => {
    const token = c.token({ scope: 'test:sz' });
    const a = await post('/mkblk/5/0', token, 'hello');
    expect((await post('/mkfile/6', token, a.json.ctx)).status).toBe(400);
    const partial = await post('/mkblk/10/0', token, 'hello');
    expect((await post('/mkfile/10', token, partial.json.ctx)).status).toBe(701);
    expect((await post('/mkblk/3/0', token, 'hello')).status).toBe(400);
    expect((await post('/mkblk/0/0', token, '')).status).toBe(400);
    // A non-last block that is not a multiple of 4 MiB.
    const b0 = await post('/mkblk/5/0', token, 'hello');
    const b1 = await post('/mkblk/5/1', token, 'world');
    const bad = await post('/mkfile/10', token, `${b0.json.ctx},${b1.json.ctx}`);
    expect(bad.status).toBe(400);
    expect(bad.json.message).toMatch(/4 MiB/);
    expect((await post('/mkfile/10', token, `${b0.json.ctx},${b0.json.ctx}`)).status).toBe(701);
  });

  it('requires a valid upload token in Authorization', async () => {
    expect((await post('/mkblk/5/0', 'nonsense', 'hello')).status).toBe(401);
    expect((await post('/mkblk/5/0', c.token({ scope: 'test:x', deadline: 1 }), 'hello')).status).toBe(401);
    expect((await post('/mkblk/5/0', c.token({ scope: 'ghost:x' }), 'hello')).status).toBe(631);
  });

  it('refuses to overwrite without overwrite=1', async () => {
    await c.put('test', 'exists.txt', 'x');
    const token = c.token({ scope: 'test:exists.txt' });
    const mk = await post('/mkblk/5/0', token, 'hello');
    expect((await post('/mkfile/5', token, mk.json.ctx)).status).toBe(406);
  });
});
