import { rm, writeFile, appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { WcsContext } from '@wcs/core';
import { listAll } from '@wcs/manage';
import { startWcsServer, type WcsServer } from '@wcs/server';
import type { SyncLocation } from '@wcs/sync';
import {
  ACCESS_KEY, BUCKET, MiB, SECRET_KEY, contextFor, expectBucketEqualsTree, makeTree, mutatingRequests,
  removeDir, runSync, tempDir, uploadRequests, writeTreeFile,
} from './helpers.js';

// The issue's main scenario on a tree of ~2,000 files with two multipart files.
describe('sync upload: a 2,000-file tree', () => {
  let server: WcsServer;
  let work: string;
  let tree: string;
  let ctx: WcsContext;
  let files: Map<string, Buffer>;
  const prefix = 'site/';
  let local: SyncLocation;
  const remote: SyncLocation = { kind: 'remote', bucket: BUCKET, prefix };
  const options = () => ({ stateDir: join(work, 'state'), multiputThresholdBytes: 4 * MiB, transfers: 8 });
  const keys = async () => {
    const out: string[] = [];
    for await (const o of listAll(ctx, { bucket: BUCKET, prefix })) out.push(o.key);
    return out;
  };

  beforeAll(async () => {
    server = await startWcsServer({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, buckets: [BUCKET] });
    work = await tempDir();
    tree = join(work, 'tree');
    ctx = contextFor(server, join(work, 'records'));
    files = await makeTree(tree, 2000, [5 * MiB, 9 * MiB + 123]);
    local = { kind: 'local', path: tree };
  });
  afterAll(async () => {
    ctx?.http.close();
    await server?.close();
    await removeDir(work);
  });

  test('the first sync uploads every file; the bucket then equals the tree byte for byte', async () => {
    const run = await runSync(ctx, local, remote, options());
    expect(run.of('failed')).toEqual([]);
    expect(run.summary.uploaded.files).toBe(files.size);
    expect(run.summary.uploaded.bytes).toBe([...files.values()].reduce((n, b) => n + b.length, 0));
    expect(run.of('planned').every((e) => e.type === 'planned' && e.action === 'upload' && e.reason === 'new')).toBe(true);
    // the two large files went by multipart (mkfile), the rest by normal upload
    const log = server.requestLog();
    expect(log.filter((e) => e.endpoint === 'mkfile' && e.status === 200)).toHaveLength(2);
    expect(log.filter((e) => e.endpoint === 'upload' && e.status === 200)).toHaveLength(files.size - 2);
    await expectBucketEqualsTree(server, prefix, files, keys);
  });

  test('a second sync sends no upload request and hashes no file (every etag comes from the cache)', async () => {
    server.clearRequestLog();
    const run = await runSync(ctx, local, remote, options());
    expect(run.summary.uploaded.files).toBe(0);
    expect(run.summary.skipped.files).toBe(files.size);
    expect(run.summary.hashed).toBe(0);
    expect(run.summary.cacheHits).toBe(files.size);
    expect(mutatingRequests(server.requestLog())).toEqual([]);
    expect(new Set(server.requestLog().map((e) => e.endpoint))).toEqual(new Set(['list']));
  });

  test('3 changed (one keeping its size), 2 added, 1 removed: --dry-run prints that plan and sends nothing; the sync then does exactly that', async () => {
    const rels = [...files.keys()].filter((r) => !r.startsWith('big/'));
    const [same, grown, shrunk, removed] = [rels[11]!, rels[12]!, rels[13]!, rels[14]!];
    const sameData = Buffer.from(files.get(same)!.toString().replace(/^file/, 'FILE'));
    expect(sameData.length).toBe(files.get(same)!.length);
    await writeFile(join(tree, same), sameData);
    await appendFile(join(tree, grown), 'more');
    await writeFile(join(tree, shrunk), 'short');
    await rm(join(tree, removed));
    await writeTreeFile(tree, 'new dir/新 1.txt', 'one');
    await writeTreeFile(tree, 'new+2.txt', 'two');

    server.clearRequestLog();
    const dry = await runSync(ctx, local, remote, { ...options(), dryRun: true, delete: true });
    const plan = dry.of('planned').map((e) => `${e.action} ${e.key}${'reason' in e ? ` ${e.reason}` : ''}`).sort();
    expect(plan).toEqual(
      [`upload ${prefix}${same} etag`, `upload ${prefix}${grown} size`, `upload ${prefix}${shrunk} size`, `upload ${prefix}new dir/新 1.txt new`, `upload ${prefix}new+2.txt new`, `delete ${prefix}${removed}`].sort(),
    );
    expect(dry.summary).toMatchObject({ dryRun: true, planned: { files: 5, deletes: 1 }, uploaded: { files: 0 }, deleted: { files: 0 } });
    expect(mutatingRequests(server.requestLog())).toEqual([]);
    // only the file that kept its size needed its etag; the dry run cached it for the real run
    expect(dry.summary.hashed).toBe(1);

    server.clearRequestLog();
    const run = await runSync(ctx, local, remote, { ...options(), delete: true });
    expect(run.of('uploaded').map((e) => e.key).sort()).toEqual([same, grown, shrunk, 'new dir/新 1.txt', 'new+2.txt'].map((r) => prefix + r).sort());
    expect(run.of('deleted').map((e) => e.key)).toEqual([prefix + removed]);
    expect(uploadRequests(server.requestLog()).filter((e) => e.status === 200)).toHaveLength(5);
    expect(run.summary.hashed).toBe(0);
    files.set(same, sameData);
    files.set(grown, Buffer.concat([files.get(grown)!, Buffer.from('more')]));
    files.set(shrunk, Buffer.from('short'));
    files.delete(removed);
    files.set('new dir/新 1.txt', Buffer.from('one'));
    files.set('new+2.txt', Buffer.from('two'));
    await expectBucketEqualsTree(server, prefix, files, keys);
  });

  test('--force uploads even identical files; --size-only skips a same-size change', async () => {
    const rel = [...files.keys()].find((r) => r.includes('中文') && files.get(r)!.length > 20)!;
    const changed = Buffer.from(files.get(rel)!.toString().replace(/x/, 'y'));
    await writeFile(join(tree, rel), changed);
    const sizeOnly = await runSync(ctx, local, remote, { ...options(), sizeOnly: true, filters: [{ type: 'include', pattern: rel }, { type: 'exclude', pattern: '**' }] });
    expect(sizeOnly.summary).toMatchObject({ uploaded: { files: 0 }, skipped: { files: 1 }, hashed: 0 });
    const forced = await runSync(ctx, local, remote, { ...options(), force: true, filters: [{ type: 'include', pattern: 'd1/**' }, { type: 'exclude', pattern: '*' }] });
    const inD1 = [...files.keys()].filter((r) => r.startsWith('d1/')).length;
    expect(forced.summary.uploaded.files).toBe(inD1);
    expect(forced.of('planned').every((e) => 'reason' in e && e.reason === 'force')).toBe(true);
    files.set(rel, changed);
  });
});
