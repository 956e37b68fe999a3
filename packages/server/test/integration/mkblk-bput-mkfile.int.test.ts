import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startWcsServer, type WcsServer } from '../../src/index.js';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { computeEtag } from '../../src/hash/etag.js';
import { TestClient } from '../helpers/client.js';
import { b64u, uploadToken } from '../helpers/sign.js';
import { BlockCtx, ErrorBody, Uploaded } from '../helpers/wire.js';

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

/** §3.1 with node:crypto directly, sharing no code with the server's hasher. */
function independentEtag(data: Buffer): string {
  const digests: Buffer[] = [];
  for (let at = 0; at === 0 || at < data.length; at += 4 * MiB) digests.push(createHash('sha1').update(data.subarray(at, at + 4 * MiB)).digest());
  const tag = digests.length === 1 ? Buffer.concat([Buffer.from([0x16]), digests[0] as Buffer]) : Buffer.concat([Buffer.from([0x96]), createHash('sha1').update(Buffer.concat(digests)).digest()]);
  return tag.toString('base64url');
}

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
      const bp = await post(`/bput/${mk.as(BlockCtx).ctx}/1024`, token, block.subarray(1024));
      expect(bp.status).toBe(200);
      expect(bp.as(BlockCtx).offset).toBe(block.length);
      ctxs.push(bp.as(BlockCtx).ctx);
    }
    const mf = await post(`/mkfile/${data.length}/x:v/${b64u('vv')}`, token, ctxs.join(','), { 'content-type': 'text/plain', MimeType: 'application/x-test' });
    expect(mf.status).toBe(200);
    expect(mf.json).toEqual({ size: data.length, b: 'test', v: 'vv', key: 'multi/big.bin', hash: computeEtag(data) });
    const d = await fetch(server.objectUrl('test', 'multi/big.bin'));
    expect(d.headers.get('content-type')).toBe('application/x-test');
    expect(Buffer.from(await d.arrayBuffer()).equals(data)).toBe(true);
    expect(server.requestLog().map((e) => e.endpoint)).toEqual(['mkblk', 'bput', 'mkblk', 'bput', 'mkblk', 'bput', 'mkfile', 'download']);
  });

  it('hashes each block as it arrives: the etag matches the stored bytes after a cut chunk, in any block order', async () => {
    // 8 MiB blocks (two etag blocks each), chunks that straddle the 4 MiB etag boundaries.
    const data = Buffer.alloc(21 * MiB + 7);
    for (let i = 0; i < data.length; i += 509) data[i] = (i * 13) & 0xff;
    const token = c.token({ scope: 'test:digests.bin', overwrite: 1 });
    const starts = [0, 8 * MiB, 16 * MiB];
    const ctxs: string[] = [];
    for (const [i, start] of starts.entries()) {
      const block = data.subarray(start, Math.min(start + 8 * MiB, data.length));
      const mk = await post(`/mkblk/${block.length}/${i}`, token, block.subarray(0, 3 * MiB));
      expect(mk.status).toBe(200);
      if (i === 1) {
        // Cut the bput midway: those bytes were partly written and hashed, and must not count.
        server.setFaults({ rules: [{ endpoint: 'bput', resetAfterBytes: 2 * MiB, times: 1 }] });
        await post(`/bput/${mk.as(BlockCtx).ctx}/${3 * MiB}`, token, block.subarray(3 * MiB)).catch(() => undefined);
        server.setFaults({});
      }
      const bp = await post(`/bput/${mk.as(BlockCtx).ctx}/${3 * MiB}`, token, block.subarray(3 * MiB));
      expect(bp.status).toBe(200);
      ctxs.push(bp.as(BlockCtx).ctx);
    }
    const [c0, c1, c2] = ctxs as [string, string, string];
    // A missing block no longer adds up to fileSize; an incomplete one is refused.
    expect((await post(`/mkfile/${data.length}`, token, `${c0},${c2}`)).status).toBe(400);
    const ok = await post(`/mkfile/${data.length}`, token, `${c0},${c1},${c2}`);
    expect(ok.status).toBe(200);
    expect(ok.as(Uploaded).hash).toBe(independentEtag(data));
    const stored = Buffer.from(await (await fetch(server.objectUrl('test', 'digests.bin'))).arrayBuffer());
    expect(stored.equals(data)).toBe(true);

    // Same blocks in another order: the object is those bytes, and the etag is theirs.
    const a = data.subarray(0, 8 * MiB);
    const b = data.subarray(8 * MiB, 16 * MiB);
    const last = Buffer.from('tail');
    const blockCtx = async (bytes: Buffer, order: number) => (await post(`/mkblk/${bytes.length}/${order}`, token, bytes)).as(BlockCtx).ctx;
    const [ca, cb, cl] = [await blockCtx(a, 0), await blockCtx(b, 1), await blockCtx(last, 2)];
    const swapped = await post(`/mkfile/${16 * MiB + 4}`, token, `${cb},${ca},${cl}`);
    expect(swapped.status).toBe(200);
    const swappedBytes = Buffer.concat([b, a, last]);
    expect(swapped.as(Uploaded).hash).toBe(independentEtag(swappedBytes));
    expect(Buffer.from(await (await fetch(server.objectUrl('test', 'digests.bin'))).arrayBuffer()).equals(swappedBytes)).toBe(true);
    // The blocks were used up by mkfile.
    expect((await post(`/mkfile/${16 * MiB + 4}`, token, `${cb},${ca},${cl}`)).status).toBe(701);
  });

  it('reports CRC-32 and MD5 of the chunk', async () => {
    const mk = await post('/mkblk/5/0', c.token({ scope: 'test:h' }), 'hello');
    expect(mk.as(BlockCtx).crc32).toBe(907060870);
    expect(mk.as(BlockCtx).checksum).toBe('5d41402abc4b2a76b9719d911017c592');
  });

  it('takes the key from the b64u Key header when the scope has none', async () => {
    const token = c.token({ scope: 'test' });
    const mk = await post('/mkblk/5/0', token, 'hello');
    const mf = await post('/mkfile/5', token, mk.as(BlockCtx).ctx, { Key: b64u('from-header.txt') });
    expect(mf.json).toEqual({ key: 'from-header.txt', hash: 'Fqr0xh3cxeii2r7eDztILNmuqUNN' });
    const mk2 = await post('/mkblk/5/0', token, 'hello');
    expect((await post('/mkfile/5', token, mk2.as(BlockCtx).ctx)).status).toBe(400);
  });

  it('refuses forged, foreign, stale and wrong-offset ctx with 701', async () => {
    const token = c.token({ scope: 'test:ctx' });
    const mk = await post('/mkblk/10/0', token, 'hello');
    const ctx = mk.as(BlockCtx).ctx;
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
    expect(stale.as(ErrorBody).code).toBe(701);
    expect((await post('/mkfile/10', token, ctx)).status).toBe(701);
    expect((await post('/mkfile/10', token, ok.as(BlockCtx).ctx)).status).toBe(200);
  });

  it('reads an mkfile body of many thousand ctxs (beyond the 1 MiB of other endpoints) and judges the ctxs', async () => {
    // 10,000 ctxs shaped like this server's (b64u JSON payload . b64u 32-byte MAC), ~200 bytes
    // each: a 40 GiB file at 4 MiB blocks. The MACs are random, so the answer must be 701, not 413.
    const ctxs = Array.from({ length: 10_000 }, (_, order) => {
      const payload = { id: randomUUID(), blockSize: 4 * MiB, order, offset: 4 * MiB, ak: 'ak', bucket: 'test' };
      return `${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${randomBytes(32).toString('base64url')}`;
    });
    const body = ctxs.join(',');
    expect(body.length).toBeGreaterThan(MiB);
    const mf = await post(`/mkfile/${10_000 * 4 * MiB}`, c.token({ scope: 'test:huge.bin' }), body, { 'content-type': 'text/plain' });
    expect(mf.status).toBe(701);
    expect(mf.as(ErrorBody).message).toMatch(/invalid ctx/);
    // Other endpoints keep the small limit.
    const big = await c.raw(server.mgrUrl, 'POST', '/setdeadline', Buffer.alloc(MiB + 1, 'a'), { Authorization: 'whatever' });
    expect(big.status).toBe(413);
  });

  it('refuses size mismatches, incomplete blocks, oversized chunks and bad block sizes', async () => {
    const token = c.token({ scope: 'test:sz' });
    const a = await post('/mkblk/5/0', token, 'hello');
    expect((await post('/mkfile/6', token, a.as(BlockCtx).ctx)).status).toBe(400);
    const partial = await post('/mkblk/10/0', token, 'hello');
    expect((await post('/mkfile/10', token, partial.as(BlockCtx).ctx)).status).toBe(701);
    expect((await post('/mkblk/3/0', token, 'hello')).status).toBe(400);
    expect((await post('/mkblk/0/0', token, '')).status).toBe(400);
    // A non-last block that is not a multiple of 4 MiB.
    const b0 = await post('/mkblk/5/0', token, 'hello');
    const b1 = await post('/mkblk/5/1', token, 'world');
    const bad = await post('/mkfile/10', token, `${b0.as(BlockCtx).ctx},${b1.as(BlockCtx).ctx}`);
    expect(bad.status).toBe(400);
    expect(bad.as(ErrorBody).message).toMatch(/4 MiB/);
    expect((await post('/mkfile/10', token, `${b0.as(BlockCtx).ctx},${b0.as(BlockCtx).ctx}`)).status).toBe(701);
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
    expect((await post('/mkfile/5', token, mk.as(BlockCtx).ctx)).status).toBe(406);
  });
});
