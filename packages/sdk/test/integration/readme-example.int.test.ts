// The SDK example of the repository README, run against the local server, so the README cannot
// drift from the API. Only the source of the settings differs: the README reads ~/.wcscfg and
// the process environment; here the same WCS_* variables are passed in explicitly.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { startWcsServer, type WcsServer } from '@wcs/server';
import { WcsClient, etagOfBuffer } from '../../src/index.js';

let server: WcsServer;
let dir: string;

beforeAll(async () => {
  server = await startWcsServer({ accessKey: 'ak-readme', secretKey: 'sk-readme', buckets: ['mybucket'], jobDelayMs: 20 });
  dir = await mkdtemp(join(tmpdir(), 'wcs-readme-'));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

it('runs the README example: smartUpload, listAll, prefixDelete, waitForJob, sync', async () => {
  // 21 MiB: over smartUpload's 20 MiB threshold, so this is a multipart upload.
  const video = Buffer.alloc(21 * 1024 * 1024, 9);
  await writeFile(join(dir, 'video.mp4'), video);
  await mkdir(join(dir, 'site'));
  await writeFile(join(dir, 'site', 'index.html'), '<h1>hi</h1>');
  // sync keeps its state in ~/.wcs/sync: point HOME at the temp dir for this test.
  const realHome = process.env['HOME'];
  process.env['HOME'] = dir;
  const env = { HOME: dir, WCS_ACCESS_KEY: 'ak-readme', WCS_SECRET_KEY: 'sk-readme', WCS_PUT_URL: server.putUrl, WCS_MGR_URL: server.mgrUrl };

  // --- README ---
  const client = WcsClient.fromConfigFile({ env }); // ~/.wcscfg, WCS_* variables override it
  const uploaded = await client.smartUpload(join(dir, 'video.mp4'), 'mybucket', 'videos/video.mp4');
  const listed: Array<[string, number]> = [];
  for await (const item of client.listAll('mybucket', { prefix: 'videos/' })) listed.push([item.key, item.fsize]);
  await client.simpleUpload(Buffer.from('scratch'), 'mybucket', 'tmp/a.txt');
  const { persistentId } = await client.prefixDelete({ bucket: 'mybucket', prefix: 'tmp' });
  const status = await client.waitForJob(persistentId, { kind: 'fmgr' });
  const summaries: unknown[] = [];
  for await (const e of client.sync({ kind: 'local', path: join(dir, 'site') }, { kind: 'remote', bucket: 'mybucket', prefix: 'site/' })) {
    if (e.type === 'summary') summaries.push([e.summary.uploaded, e.summary.skipped]);
  }
  // --- end of README ---

  process.env['HOME'] = realHome;
  expect(summaries).toEqual([[{ files: 1, bytes: 11 }, { files: 0, bytes: 0 }]]);
  expect(uploaded.hash).toBe(etagOfBuffer(video));
  expect(server.requestLog().some((e) => e.endpoint === 'mkfile')).toBe(true);
  expect(listed).toEqual([['videos/video.mp4', video.length]]);
  expect(status.code).toBe(3);
  const left: string[] = [];
  for await (const item of client.listAll('mybucket')) left.push(item.key);
  expect(left).toEqual(['site/index.html', 'videos/video.mp4']);
  client.close();
});
