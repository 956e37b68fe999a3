import { readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { WcsContext } from '@wcs/core';
import { startWcsServer, type WcsServer } from '@wcs/server';
import type { SyncLocation } from '@wcs/sync';
import { putObject } from '@wcs/test-support';
import { ACCESS_KEY, BUCKET, MiB, SECRET_KEY, contextFor, differences, makeTree, readTree, removeDir, runSync, tempDir, writeTreeFile } from './helpers.js';

// The upload cases mirrored: the bucket is the source, a local directory the destination.
describe('sync download', () => {
  let server: WcsServer;
  let work: string;
  let ctx: WcsContext;
  let files: Map<string, Buffer>;
  const prefix = 'mirror/';
  const remote: SyncLocation = { kind: 'remote', bucket: BUCKET, prefix };
  let target: string;
  const options = () => ({ stateDir: join(work, 'state'), multiputThresholdBytes: 4 * MiB, transfers: 8, downloadUrl: `${server.downloadUrl}/${BUCKET}` });

  beforeAll(async () => {
    server = await startWcsServer({ accessKey: 'ak-int', secretKey: 'sk-int', credentials: [{ accessKey: ACCESS_KEY, secretKey: SECRET_KEY }], buckets: [BUCKET] });
    work = await tempDir();
    ctx = contextFor(server, join(work, 'records'));
    const source = join(work, 'source');
    files = await makeTree(source, 300, [5 * MiB]);
    const up = await runSync(ctx, { kind: 'local', path: source }, remote, options());
    expect(up.summary.uploaded.files).toBe(files.size);
    target = join(work, 'target');
    await writeTreeFile(target, '.keep', '');
    await rm(join(target, '.keep'));
  });
  afterAll(async () => {
    ctx?.http.close();
    await server?.close();
    await removeDir(work);
  });

  test('the first sync downloads every object; the tree equals the bucket; a second one downloads and hashes nothing', async () => {
    const first = await runSync(ctx, remote, { kind: 'local', path: target }, options());
    expect(first.of('failed')).toEqual([]);
    expect(first.summary.downloaded.files).toBe(files.size);
    expect(differences(await readTree(target, files.keys()), files)).toEqual([]);
    server.clearRequestLog();
    const second = await runSync(ctx, remote, { kind: 'local', path: target }, options());
    expect(second.summary).toMatchObject({ downloaded: { files: 0 }, skipped: { files: files.size }, hashed: 0, cacheHits: files.size });
    expect(server.requestLog().filter((e) => e.endpoint !== 'list')).toEqual([]);
  });

  test('3 changed remotely (one keeping its size), 2 added, 1 local extra: dry run plans exactly that, then the sync does it', async () => {
    const rels = [...files.keys()].filter((r) => !r.startsWith('big/'));
    const [same, grown, shrunk] = [rels[21]!, rels[22]!, rels[23]!];
    const sameData = Buffer.from(files.get(same)!.toString().replace(/^file/, 'FILE'));
    const changes = new Map<string, Buffer>([
      [same, sameData],
      [grown, Buffer.concat([files.get(grown)!, Buffer.from('more')])],
      [shrunk, Buffer.from('short')],
      ['added/一.txt', Buffer.from('one')],
      ['added+2.txt', Buffer.from('two')],
    ]);
    for (const [rel, data] of changes) await putObject(server, BUCKET, prefix + rel, data);
    await writeTreeFile(target, 'local only/extra.txt', 'extra');

    server.clearRequestLog();
    const dry = await runSync(ctx, remote, { kind: 'local', path: target }, { ...options(), dryRun: true, delete: true });
    expect(dry.of('planned').map((e) => `${e.action} ${e.path}`).sort()).toEqual(
      [...[...changes.keys()].map((r) => `download ${r}`), 'delete local only/extra.txt'].sort(),
    );
    expect(server.requestLog().filter((e) => e.endpoint !== 'list')).toEqual([]);
    expect(await readdir(join(target, 'local only'))).toEqual(['extra.txt']);

    const run = await runSync(ctx, remote, { kind: 'local', path: target }, { ...options(), delete: true });
    expect(run.of('downloaded').map((e) => e.path).sort()).toEqual([...changes.keys()].sort());
    expect(run.of('deleted')).toEqual([{ type: 'deleted', side: 'local', path: 'local only/extra.txt', key: `${prefix}local only/extra.txt` }]);
    for (const [rel, data] of changes) files.set(rel, data);
    expect(differences(await readTree(target, files.keys()), files)).toEqual([]);
    expect(await readdir(join(target, 'local only'))).toEqual([]);
  });

  test('a failed download leaves the old file under its name and no part file; the next run fixes it', async () => {
    const rel = [...files.keys()][40]!;
    // The object changes between the listing and the download: the listed etag no longer matches.
    await writeFile(join(target, rel), 'locally different');
    server.setFaults({ rules: [{ endpoint: 'download', status: 503 }] });
    try {
      const run = await runSync(ctx, remote, { kind: 'local', path: target }, { ...options(), filters: [{ type: 'include', pattern: rel }, { type: 'exclude', pattern: '**' }] });
      expect(run.of('failed')).toHaveLength(1);
      expect(run.summary.failed.files).toBe(1);
    } finally {
      server.setFaults({ rules: [] });
    }
    const dir = join(target, ...rel.split('/').slice(0, -1));
    expect((await readdir(dir)).filter((f) => f.endsWith('.wcs-sync-part'))).toEqual([]);
    expect((await readTree(target, [rel])).get(rel)!.toString()).toBe('locally different');
    const fixed = await runSync(ctx, remote, { kind: 'local', path: target }, options());
    expect(fixed.of('downloaded').map((e) => e.path)).toEqual([rel]);
  });
});
