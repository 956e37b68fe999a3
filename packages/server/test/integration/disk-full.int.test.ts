import { afterAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtemp, open, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWcsServer, type WcsServer } from '../../src/index.js';
import { TestClient } from '../helpers/client.js';
import { entry } from '../helpers/sign.js';
import { blobNames, contentFor, etagOf, makeBlocks, overwriteToken } from '../helpers/storage.js';
import { ListPage, Stat } from '../helpers/wire.js';

/** Mounts a small tmpfs (root only); answers why not when it cannot. */
function mountTmpfs(dir: string, size: string): string | undefined {
  if (process.getuid?.() !== 0) return 'not running as root';
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
    return undefined;
  } catch (e) {
    return `mount -t tmpfs failed: ${(e as Error).message.split('\n')[0]}`;
  }
}

/** Fills the filesystem of `dir` to the last byte; returns the filler's path. */
async function fillDisk(dir: string): Promise<string> {
  const path = join(dir, 'filler');
  const fh = await open(path, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) {
      try {
        await fh.write(chunk);
      } catch {
        break;
      }
    }
    for (;;) {
      try {
        await fh.write(Buffer.alloc(1));
      } catch {
        break;
      }
    }
  } finally {
    await fh.close().catch(() => undefined);
  }
  return path;
}

const mountPoint = await mkdtemp(join(tmpdir(), 'wcs-full-'));
const skipReason = mountTmpfs(mountPoint, '24m');
afterAll(async () => {
  if (skipReason === undefined) execFileSync('umount', ['-l', mountPoint]);
  await rm(mountPoint, { recursive: true, force: true });
});
if (skipReason !== undefined) console.log(`disk-full tests skipped: ${skipReason}`);
const itFull = skipReason === undefined ? it : it.skip;

/** Every object: stat, list and download agree, and the bytes hash to the etag. */
async function checkConsistent(server: WcsServer, c: TestClient): Promise<number> {
  const items = (await c.mgr('GET', '/list?bucket=test')).as(ListPage).items;
  for (const it of items) {
    const st = await c.mgr('GET', `/stat/${entry('test', it.key)}`);
    expect([st.status, st.as(Stat).hash, Number(st.as(Stat).fsize)]).toEqual([200, it.hash, it.fsize]);
    const body = Buffer.from(await (await fetch(server.objectUrl('test', it.key))).arrayBuffer());
    expect([etagOf(body), body.length]).toEqual([it.hash, it.fsize]);
  }
  return items.length;
}

describe('a full disk (tmpfs mounted by the test)', () => {
  itFull('uploads fail at once with a 5xx naming no server path; a delete fails without effect or succeeds whole; all is consistent once space returns', async () => {
    const dataDir = join(mountPoint, 'data');
    const server = await startWcsServer({ accessKey: 'ak', secretKey: 'sk', dataDir, buckets: ['test'] });
    const c = new TestClient(server);
    try {
      for (let i = 0; i < 5; i++) await c.put('test', `keep${i}`, contentFor(`keep${i}`, 100_000));
      const filler = await fillDisk(mountPoint);

      // A hang would show as the abort after 20 s, not as a timing assertion.
      const signal = AbortSignal.timeout(20_000);
      const big = contentFor('big', 3 * 1024 * 1024);
      const up = await c.upload(c.token({ scope: 'test:new', overwrite: 1 }), big).catch((e: unknown) => ({ status: -1, text: String(e), json: undefined }));
      expect(up.status).toBeGreaterThanOrEqual(500);
      expect(up.text).not.toContain(mountPoint);
      expect(up.text).toMatch(/storage full/);
      const over = await c.upload(c.token({ scope: 'test:keep0', overwrite: 1 }), big);
      expect(over.status).toBeGreaterThanOrEqual(500);
      const blk = await fetch(`${server.putUrl}/mkblk/${big.length}/0`, { method: 'POST', body: big, headers: { Authorization: overwriteToken('mp') }, signal })
        .then(async (r) => ({ status: r.status, text: await r.text() }))
        .catch((e: unknown) => ({ status: -1, text: String(e) }));
      // The connection may be closed before the client finished sending: then fetch fails.
      if (blk.status !== -1) {
        expect(blk.status).toBeGreaterThanOrEqual(500);
        expect(blk.text).not.toContain(mountPoint);
      }

      const del = await c.mgr('POST', `/delete/${entry('test', 'keep1')}`);
      expect(del.text).not.toContain(mountPoint);
      const after = await fetch(server.objectUrl('test', 'keep1'));
      if (del.status === 200) expect(after.status).toBe(404);
      else {
        expect(del.status).toBeGreaterThanOrEqual(500);
        expect(Buffer.from(await after.arrayBuffer()).equals(contentFor('keep1', 100_000))).toBe(true);
      }
      expect(await checkConsistent(server, c)).toBeGreaterThanOrEqual(4);

      await unlink(filler);
      expect((await c.put('test', 'new', big)).status).toBe(200);
      const ctxs = await makeBlocks(server, overwriteToken('mp'), big);
      expect(ctxs).toHaveLength(1);
      expect(await checkConsistent(server, c)).toBeGreaterThanOrEqual(5);
    } finally {
      await server.close();
    }
    const again = await startWcsServer({ accessKey: 'ak', secretKey: 'sk', dataDir, buckets: ['test'] });
    try {
      const n = await checkConsistent(again, new TestClient(again));
      expect(await blobNames(dataDir)).toHaveLength(n);
    } finally {
      await again.close();
    }
  }, 120_000);
});
