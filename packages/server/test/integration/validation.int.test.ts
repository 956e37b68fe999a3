import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startWcsServer, type WcsServer } from '../../src/index.js';
import { TestClient } from '../helpers/client.js';
import { b64u, entry } from '../helpers/sign.js';
import { BlockCtx, ErrorBody, JobStatus, Stat, Submitted } from '../helpers/wire.js';

let server: WcsServer;
let c: TestClient;

beforeAll(async () => {
  server = await startWcsServer({ accessKey: 'ak', secretKey: 'sk' });
  c = new TestClient(server);
});
afterAll(async () => {
  await server.close();
});

const wcsShaped400 = { code: 400, message: expect.stringMatching(/percent-escape/) };

describe('malformed percent-escapes answer 400, WCS-shaped', () => {
  it('in a manage path (signed request)', async () => {
    for (const path of [`/stat/%zz`, `/stat/${entry('test', 'a')}%`, '/stat/%C3%28']) {
      const a = await c.mgr('GET', path);
      expect([path, a.status]).toEqual([path, 400]);
      expect(a.json).toEqual(wcsShaped400);
    }
  });

  it('in a query', async () => {
    const a = await c.mgr('GET', '/list?bucket=test&prefix=%zz');
    expect(a.status).toBe(400);
    expect(a.json).toEqual(wcsShaped400);
  });

  it('in an mkfile parameter name on the upload host', async () => {
    const a = await c.raw(server.putUrl, 'POST', `/mkfile/0/x%zz/${b64u('v')}`, '', { Authorization: c.token({ scope: 'test:k' }) });
    expect(a.status).toBe(400);
  });

  it('on the download host', async () => {
    const a = await c.raw(server.downloadUrl, 'GET', '/test/%zz');
    expect(a.status).toBe(400);
    expect(a.as(ErrorBody).code).toBe(400);
  });

  it('while well-formed escapes still work', async () => {
    await c.put('test', 'a b%.txt', 'x');
    expect((await c.raw(server.downloadUrl, 'GET', '/test/a%20b%25.txt')).text).toBe('x');
  });
});

describe('deadlines that give a date past 9999-12-31 answer 400', () => {
  const statExpiration = async (key: string): Promise<string> => (await c.mgr('GET', `/stat/${entry('test', key)}`)).as(Stat).expirationDate;

  it('upload form deadline', async () => {
    const a = await c.upload(c.token({ scope: 'test:far.txt' }), 'x', { deadline: '99999999999999' });
    expect(a.status).toBe(400);
    expect(a.json).toEqual({ code: 400, message: expect.stringMatching(/past 9999-12-31/) });
    expect((await c.mgr('GET', `/stat/${entry('test', 'far.txt')}`)).status).toBe(404);
  });

  it('upload form deadline at the limit is kept and printed as a real date', async () => {
    const days = Math.floor((Date.UTC(9999, 11, 31, 23, 59, 59, 999) - Date.now()) / 86_400_000);
    expect((await c.upload(c.token({ scope: 'test:edge.txt' }), 'x', { deadline: String(days + 1) })).status).toBe(400);
    expect((await c.upload(c.token({ scope: 'test:edge.txt' }), 'x', { deadline: String(days) })).status).toBe(200);
    expect(await statExpiration('edge.txt')).toMatch(/^99991231\d{6}$/);
  });

  it('/setdeadline with a huge day count', async () => {
    await c.put('test', 'sd.txt', 'x');
    for (const days of ['3000000', '99999999999999']) {
      const a = await c.mgr('POST', '/setdeadline', `bucket=${b64u('test')}&key=${b64u('sd.txt')}&deadline=${days}`);
      expect(a.status).toBe(400);
      expect(a.as(ErrorBody).message).toMatch(/past 9999-12-31/);
    }
    expect(await statExpiration('sd.txt')).toBe('');
  });

  it('/fmgr/setdeadline is refused at submit time', async () => {
    const a = await c.mgr('POST', '/fmgr/setdeadline', `fops=bucket/${b64u('test')}/deadline/3000000`);
    expect(a.status).toBe(400);
    expect(a.as(ErrorBody).message).toMatch(/past 9999-12-31/);
  });

  it('mkfile Deadline header', async () => {
    const token = c.token({ scope: 'test:mk.txt' });
    const blk = await c.raw(server.putUrl, 'POST', '/mkblk/5/0', 'hello', { Authorization: token });
    expect(blk.status).toBe(200);
    const a = await c.raw(server.putUrl, 'POST', '/mkfile/5', blk.as(BlockCtx).ctx, { Authorization: token, Deadline: '99999999999' });
    expect(a.status).toBe(400);
    expect(a.as(ErrorBody).message).toMatch(/past 9999-12-31/);
  });
});

describe('deletePrefix with an empty prefix', () => {
  it('answers 400 and deletes nothing', async () => {
    await c.put('test', 'keep/1.txt', '1');
    await c.put('test', 'top.txt', '2');
    const a = await c.mgr('POST', '/fmgr/deletePrefix', `fops=bucket/${b64u('test')}/prefix/`);
    expect(a.status).toBe(400);
    expect(a.json).toEqual({ code: 400, message: expect.stringMatching(/non-empty prefix/) });
    await new Promise((r) => setTimeout(r, 100)); // longer than jobDelayMs: a job, had one run, would be done
    for (const key of ['keep/1.txt', 'top.txt']) expect((await c.mgr('GET', `/stat/${entry('test', key)}`)).status).toBe(200);
  });

  it('still deletes a directory with a prefix', async () => {
    await c.put('test', 'gone/1.txt', '1');
    const a = await c.mgr('POST', '/fmgr/deletePrefix', `fops=bucket/${b64u('test')}/prefix/${b64u('gone')}`);
    expect(a.status).toBe(200);
    expect((await c.waitJob('/fmgr/status', a.as(Submitted).persistentId)).as(JobStatus).code).toBe(3);
    expect((await c.mgr('GET', `/stat/${entry('test', 'gone/1.txt')}`)).status).toBe(404);
  });
});
