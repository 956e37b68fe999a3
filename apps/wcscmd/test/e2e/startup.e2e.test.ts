import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { BIN, Sandbox, pythonWcscfg } from './harness.js';

// Start-up (issue 11): a command loads only what it needs. Not timed (timings go in
// bench/cli/startup.mjs): this records which files of the bundle each run loads, through a
// module-loader hook, and checks what must not be among them.
let box: Sandbox;
let hook: string;
let closedPort: number;

beforeAll(async () => {
  box = new Sandbox();
  box.write('log-loads.mjs', "export async function load(url, context, next) { if (url.startsWith('file:')) process.env.LOAD_LOG_FD && (await import('node:fs')).appendFileSync(process.env.LOAD_LOG_FD, url + '\\n'); return next(url, context); }\n");
  hook = box.write('register.mjs', `import { register } from 'node:module';\nregister(${JSON.stringify(new URL(`file://${box.path('log-loads.mjs')}`).href)});\n`);
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closedPort = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  box.write('down.cfg', pythonWcscfg({ putUrl: `127.0.0.1:${closedPort}`, mgrUrl: `127.0.0.1:${closedPort}`, extra: { connection_retries: '0' } }));
  box.write('a.txt', 'abc');
});
afterAll(() => box.cleanup());

/** The bundle's files a run loaded, and the text of those files. */
function loads(args: string[]): { files: string[]; text: string } {
  const log = box.path(`loads-${Math.random().toString(36).slice(2)}.txt`);
  spawnSync(process.execPath, ['--import', hook, BIN, ...args], { cwd: box.dir, env: box.env({ LOAD_LOG_FD: log }), encoding: 'utf8' });
  const files = readFileSync(log, 'utf8').trim().split('\n').map((u) => fileURLToPath(u)).filter((f) => !f.startsWith(box.dir));
  return { files, text: files.map((f) => readFileSync(f, 'utf8')).join('\n') };
}

// esbuild keeps a "// <path>" line above each bundled module: that is how a loaded chunk tells
// what it holds.
const ZOD_CLASSIC = 'node_modules/zod/v4/classic/';
const HELP = 'function commandHelp(';

describe('what each command loads', () => {
  // The parser and the command table, and the small chunks esbuild splits off them.
  const PARSING_ONLY = ['node_modules/', 'packages/', 'src/handlers/', HELP];

  it('--version: the parser only', () => {
    const { files, text } = loads(['--version']);
    expect(files[0]).toBe(BIN);
    for (const absent of PARSING_ONLY) expect(text).not.toContain(absent);
  });

  it('a usage error: no handler, no help text, no SDK', () => {
    const { text } = loads(['stat', '--prefix']);
    for (const absent of PARSING_ONLY) expect(text).not.toContain(absent);
  });

  it('COMMAND --help builds help from the table, without the SDK, zod or the transport', () => {
    const { text } = loads(['multiput', '--help']);
    expect(text).toContain(HELP);
    for (const absent of [ZOD_CLASSIC, 'node_modules/zod/', 'packages/upload/', 'packages/core/']) expect(text).not.toContain(absent);
  });

  it('stat: the manage code on zod/mini; no full zod, no upload, fmgr or etag code, no help text', () => {
    const { text } = loads(['-c', box.path('down.cfg'), 'stat', 'wcs://b/k']);
    expect(text).toContain('packages/manage/');
    for (const absent of [ZOD_CLASSIC, 'packages/upload/', 'packages/fmgr/', 'packages/etag/', 'packages/sdk/', HELP]) expect(text).not.toContain(absent);
  });

  it('put: the normal upload only; no zod, no multipart or resume code, no manage, sync, fmgr or SDK code', () => {
    const { text } = loads(['-c', box.path('down.cfg'), 'put', 'wcs://b/k', 'a.txt']);
    expect(text).toContain('packages/upload/dist/simple-upload.js');
    for (const absent of [
      'node_modules/zod/',
      'packages/upload/dist/multipart-upload.js',
      'packages/upload/dist/block-sender.js',
      'packages/upload/dist/resumable/',
      'packages/manage/',
      'packages/sync/',
      'packages/fmgr/',
      'packages/sdk/',
      HELP,
    ]) {
      expect(text).not.toContain(absent);
    }
  });

  it('multiput still loads the multipart and resume code', () => {
    const { text } = loads(['-c', box.path('down.cfg'), 'multiput', 'wcs://b/k', 'a.txt']);
    for (const present of ['packages/upload/dist/multipart-upload.js', 'packages/upload/dist/resumable/']) expect(text).toContain(present);
  });

  it('multiput: upload on its own zod/mini copy; no full zod (classic, core, locales), no SDK or fmgr code', () => {
    const { text } = loads(['-c', box.path('down.cfg'), 'multiput', 'wcs://b/k', 'a.txt']);
    expect(text).toContain('packages/upload/dist/block-sender.js');
    for (const absent of ['node_modules/zod/', 'packages/fmgr/', 'packages/sdk/', HELP]) expect(text).not.toContain(absent);
  });

  it('crc64 needs no config: no zod and no HTTP library', () => {
    const { text } = loads(['crc64', 'a.txt']);
    expect(text).toContain('packages/etag/');
    for (const absent of ['node_modules/zod/', 'node_modules/got/', HELP]) expect(text).not.toContain(absent);
  });
});
