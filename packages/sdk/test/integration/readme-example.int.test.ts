// The SDK example of the repository README, run against the local server, so the README cannot
// drift from the API. Only the source of the settings differs: the README reads ~/.wcscfg and
// the process environment; here the same WCS_* variables are passed in explicitly.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, jest } from '@jest/globals';
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

it('runs the README example (the same lines as README.md): smartUpload, listAll, fmgrDeletePrefix, waitForJob, sync', async () => {
  // 21 MiB: over smartUpload's 20 MiB threshold, so this is a multipart upload.
  const video = Buffer.alloc(21 * 1024 * 1024, 9);
  await writeFile(join(dir, 'video.mp4'), video);
  await mkdir(join(dir, 'site'));
  await writeFile(join(dir, 'site', 'index.html'), '<h1>hi</h1>');
  // sync keeps its state in ~/.wcs/sync, and the README's paths are relative: HOME and cwd are the temp dir.
  const realHome = process.env['HOME'];
  const realCwd = process.cwd();
  process.env['HOME'] = dir;
  process.chdir(dir);
  const env = { HOME: dir, WCS_ACCESS_KEY: 'ak-readme', WCS_SECRET_KEY: 'sk-readme', WCS_PUT_URL: server.putUrl, WCS_MGR_URL: server.mgrUrl };
  const setup = new WcsClient({ accessKey: 'ak-readme', secretKey: 'sk-readme', putUrl: server.putUrl, mgrUrl: server.mgrUrl });
  await setup.simpleUpload({ source: Buffer.from('scratch'), bucket: 'mybucket', key: 'tmp/a.txt' });
  setup.close();
  const printed: unknown[][] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void printed.push(args));

  try {
    // --- README ---
    const client = WcsClient.fromConfigFile({ env }); // ~/.wcscfg, WCS_* variables override it
    await client.smartUpload({ file: './video.mp4', bucket: 'mybucket', key: 'videos/video.mp4' });
    for await (const item of client.listAll({ bucket: 'mybucket', prefix: 'videos/' })) console.log(item.key, item.fsize);
    const { persistentId } = await client.fmgrDeletePrefix({ items: { bucket: 'mybucket', prefix: 'tmp' } });
    await client.waitForJob({ persistentId, kind: 'fmgr' });
    const site = { from: { kind: 'local', path: './site' }, to: { kind: 'remote', bucket: 'mybucket', prefix: 'site/' } } as const;
    for await (const e of client.sync(site)) {
      if (e.type === 'summary') console.log(e.summary.uploaded, e.summary.skipped);
    }
    client.close();
    // --- end of README ---
  } finally {
    log.mockRestore();
    process.chdir(realCwd);
    process.env['HOME'] = realHome;
  }

  expect(printed).toEqual([['videos/video.mp4', video.length], [{ files: 1, bytes: 11 }, { files: 0, bytes: 0 }]]);
  expect(server.requestLog().some((e) => e.endpoint === 'mkfile')).toBe(true);
  const check = new WcsClient({ accessKey: 'ak-readme', secretKey: 'sk-readme', putUrl: server.putUrl, mgrUrl: server.mgrUrl });
  expect((await check.statObject({ bucket: 'mybucket', key: 'videos/video.mp4' })).hash).toBe(etagOfBuffer(video));
  const left: string[] = [];
  for await (const item of check.listAll({ bucket: 'mybucket' })) left.push(item.key);
  expect(left).toEqual(['site/index.html', 'videos/video.mp4']);
  check.close();
});

it('is the same code as the README (only the settings source differs)', async () => {
  const readme = await readFile(new URL('../../../../README.md', import.meta.url), 'utf8');
  const self = await readFile(new URL(import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Using the SDK'));
  const start = section.indexOf('```ts\n') + 6;
  const block = section.slice(start, section.indexOf('\n```', start));
  const readmeLines = block.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('import '));
  const mine = self.slice(self.indexOf('// --- README ---'), self.indexOf('// --- end of README ---')).split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const asRun = mine.slice(1).map((l) => l.replace('WcsClient.fromConfigFile({ env })', 'WcsClient.fromConfigFile()'));
  expect(asRun).toEqual(readmeLines);
});
