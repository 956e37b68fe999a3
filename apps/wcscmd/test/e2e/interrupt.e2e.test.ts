import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { startWcsServer, type WcsServer } from '@wcs/server';
import { ACCESS_KEY, SECRET_KEY, Sandbox, capturedOutput, pythonWcscfg, run, start } from './harness.js';

// Ctrl-C (SIGINT) stops every command at once, not only the transfers: the first signal aborts the
// request in flight, and nothing is left behind (no RESFILE, no temporary file).
let server: WcsServer;
let box: Sandbox;

beforeAll(async () => {
  server = await startWcsServer({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, buckets: ['test'] });
  box = new Sandbox();
  box.write('.wcscfg', pythonWcscfg({ putUrl: server.putUrl, mgrUrl: server.mgrUrl }));
  box.write('one', '1');
  for (let i = 0; i < 6; i += 1) expect((await run(['put', `wcs://test/k${i}`, 'one', '-q'], box)).code).toBe(0);
});

afterAll(async () => {
  await server.close();
  for (const text of capturedOutput) expect(text).not.toContain(SECRET_KEY);
  box.cleanup();
});

describe('SIGINT', () => {
  it('stops listall between pages and leaves neither RESFILE nor a temporary file', async () => {
    server.setFaults({ rules: [{ endpoint: 'list', latencyMs: 300 }] });
    server.clearRequestLog();
    const listing = start(['listall', 'wcs://test', 'all.jsonl', '--limit', '1', '-q'], box);
    while (!server.requestLog().some((e) => e.endpoint === 'list')) await sleep(20);
    listing.child.kill('SIGINT');
    const r = await listing.done;
    server.setFaults({ rules: [] });
    // Without the signal reaching the list calls, the listing ran on to the end and exited 0.
    expect(r.stderr).toBe('wcscmd: listall wcs://test interrupted.\n');
    expect(r.code).toBe(1);
    expect(existsSync(box.path('all.jsonl'))).toBe(false);
    expect(readdirSync(box.dir).filter((name) => name.includes('all.jsonl'))).toEqual([]);
  });

  describe('a manage host that never answers', () => {
    let blackHole: Server;
    const sockets: Socket[] = [];
    let hole: Sandbox;

    beforeAll(async () => {
      blackHole = createServer((socket) => {
        sockets.push(socket);
      });
      blackHole.listen(0, '127.0.0.1');
      await once(blackHole, 'listening');
      const url = `http://127.0.0.1:${(blackHole.address() as AddressInfo).port}`;
      hole = new Sandbox();
      // A short timeout and no retries: without the abort, the command ends with a timeout instead.
      hole.write('.wcscfg', pythonWcscfg({ putUrl: url, mgrUrl: url, extra: { connection_timeout: '5', connection_retries: '0' } }));
    });

    afterAll(async () => {
      for (const s of sockets) s.destroy();
      blackHole.close();
      await once(blackHole, 'close');
      hole.cleanup();
    });

    it.each([
      [['stat', 'wcs://test/k'], 'stat wcs://test/k'],
      [['listbucket'], 'listbucket'],
      [['setdeadline', 'wcs://test/k', '3'], 'setdeadline wcs://test/k'],
    ])('%j is interrupted while waiting for the answer', async (args, action) => {
      const before = sockets.length;
      const cmd = start(args, hole);
      while (sockets.length === before) await sleep(20);
      cmd.child.kill('SIGINT');
      const r = await cmd.done;
      expect(r.stderr).toMatch(new RegExp(`^wcscmd: ${action.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}[^\\n]* interrupted\\.\\n$`));
      expect(r.code).toBe(1);
    });
  });
});
