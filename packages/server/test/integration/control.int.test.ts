import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { startWcsServer, type WcsServer } from '../../src/index.js';
import { TestClient, type Answer } from '../helpers/client.js';
import { entry, manageToken } from '../helpers/sign.js';
import { ErrorBody, RequestLog } from '../helpers/wire.js';

let server: WcsServer;
let c: TestClient;

beforeAll(async () => {
  server = await startWcsServer({ credentials: [{ accessKey: 'ak', secretKey: 'sk' }, { accessKey: 'ak2', secretKey: 'sk2' }] });
  c = new TestClient(server, 'ak', 'sk');
});
afterAll(async () => {
  await server.close();
});
afterEach(() => server.setFaults({}));

/** A control call signed like any manage call (any configured key). */
function control(method: 'GET' | 'PUT', path: string, body = '', ak = 'ak', sk = 'sk'): Promise<Answer> {
  return c.raw(server.mgrUrl, method, path, method === 'PUT' ? body : undefined, { Authorization: manageToken(ak, sk, path, body) });
}

describe('control endpoint /_wcs/faults', () => {
  it('PUT sets the fault rules, the next matching request sees the fault, GET reads them back, PUT {} lifts them', async () => {
    await c.put('test', 'f.txt', 'x');
    const rules = { seed: 3, rules: [{ endpoint: 'stat', status: 503, times: 1 }] };
    const put = await control('PUT', '/_wcs/faults', JSON.stringify(rules), 'ak2', 'sk2');
    expect(put.status).toBe(200);
    expect(put.json).toEqual(rules);
    expect((await control('GET', '/_wcs/faults')).json).toEqual(rules);
    const hit = await c.mgr('GET', `/stat/${entry('test', 'f.txt')}`);
    expect(hit.status).toBe(503);
    expect(hit.json).toEqual({ code: 503, message: expect.stringMatching(/injected/) });
    expect((await c.mgr('GET', `/stat/${entry('test', 'f.txt')}`)).status).toBe(200);
    expect((await control('PUT', '/_wcs/faults', '{}')).status).toBe(200);
    expect((await control('GET', '/_wcs/faults')).json).toEqual({});
  });

  it('refuses a bad body with 400 naming the field, and keeps the rules it had', async () => {
    const keep = { rules: [{ endpoint: 'mkblk', latencyMs: 1 }] };
    expect((await control('PUT', '/_wcs/faults', JSON.stringify(keep))).status).toBe(200);
    const bad = await control('PUT', '/_wcs/faults', JSON.stringify({ rules: [{ endpoint: 'stat', status: 502 }] }));
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({ code: 400, message: 'fault options: rules[0].status: must be 500, 503, 408 or 429' });
    const notJson = await control('PUT', '/_wcs/faults', '{"rules": [');
    expect(notJson.status).toBe(400);
    expect(notJson.as(ErrorBody).message).toMatch(/not valid JSON/);
    expect((await control('GET', '/_wcs/faults')).json).toEqual(keep);
  });

  it('is not blocked by a fault rule for every endpoint', async () => {
    expect((await control('PUT', '/_wcs/faults', JSON.stringify({ rules: [{ endpoint: '*', status: 500 }] }))).status).toBe(200);
    expect((await c.mgr('GET', '/bucket/list')).status).toBe(500);
    expect((await control('GET', '/_wcs/faults')).status).toBe(200);
    expect((await control('PUT', '/_wcs/faults', '{}')).status).toBe(200);
    expect((await c.mgr('GET', '/bucket/list')).status).toBe(200);
  });
});

describe('control endpoint /_wcs/requests', () => {
  it('answers only the entries numbered above since, and does not log control calls', async () => {
    await c.mgr('GET', '/bucket/list');
    const first = await control('GET', '/_wcs/requests?since=0');
    expect(first.status).toBe(200);
    const last = first.as(RequestLog).last;
    expect(first.as(RequestLog).entries.at(-1)).toMatchObject({ seq: last, endpoint: 'bucketList', status: 200 });
    await c.mgr('GET', '/bucket/list');
    await c.raw(server.downloadUrl, 'GET', '/test/missing');
    const next = await control('GET', `/_wcs/requests?since=${last}`);
    expect(next.as(RequestLog).entries.map((e) => [e.seq, e.endpoint, e.status])).toEqual([
      [last + 1, 'bucketList', 200],
      [last + 2, 'download', 404],
    ]);
    expect(next.as(RequestLog).last).toBe(last + 2);
    expect((await control('GET', `/_wcs/requests?since=${last + 2}`)).json).toEqual({ last: last + 2, entries: [] });
  });

  it('refuses a since that is not a count', async () => {
    expect((await control('GET', '/_wcs/requests?since=-1')).status).toBe(400);
    expect((await control('GET', '/_wcs/requests?since=abc')).status).toBe(400);
  });
});

describe('control endpoint authentication', () => {
  it.each([
    ['no token', {}],
    ['a token of an unknown key', { Authorization: manageToken('nobody', 'sk', '/_wcs/faults') }],
    ['a bad signature', { Authorization: manageToken('ak', 'wrong', '/_wcs/faults') }],
    ['a token signed for another path', { Authorization: manageToken('ak', 'sk', '/_wcs/requests') }],
  ])('answers 401 to %s', async (_name, headers) => {
    const a = await c.raw(server.mgrUrl, 'GET', '/_wcs/faults', undefined, headers);
    expect(a.status).toBe(401);
    expect(a.as(ErrorBody).code).toBe(401);
  });

  it('answers 401 to a PUT whose body is not the signed one, and changes nothing', async () => {
    const signed = JSON.stringify({ rules: [] });
    const sent = JSON.stringify({ rules: [{ endpoint: '*', status: 500 }] });
    const a = await c.raw(server.mgrUrl, 'PUT', '/_wcs/faults', sent, { Authorization: manageToken('ak', 'sk', '/_wcs/faults', signed) });
    expect(a.status).toBe(401);
    expect((await c.mgr('GET', '/bucket/list')).status).toBe(200);
  });

  it('exists only on the manage host, and answers 404 / 405 for what it does not have', async () => {
    expect((await c.raw(server.putUrl, 'GET', '/_wcs/faults', undefined, { Authorization: manageToken('ak', 'sk', '/_wcs/faults') })).status).toBe(404);
    expect((await control('GET', '/_wcs/nothing')).status).toBe(404);
    expect((await control('PUT', '/_wcs/requests')).status).toBe(405);
  });
});
