import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, lstatSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { startWcsServer, type WcsServer } from '@wcs/server';
import { ACCESS_KEY, BIN, SECRET_KEY, Sandbox, capturedOutput, pythonWcscfg, run } from './harness.js';

// Where list/listall write RESFILE and get writes its file, when that name is not a plain file:
// a symbolic link (Python's open(path, 'w') writes through it) or a FIFO/device such as
// /dev/stdout or /dev/null (a rename onto it would replace it; as root, /dev/null itself).
let server: WcsServer;
let box: Sandbox;

beforeAll(async () => {
  server = await startWcsServer({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, buckets: ['test'] });
  box = new Sandbox();
  box.write('.wcscfg', pythonWcscfg({ putUrl: server.putUrl, mgrUrl: server.mgrUrl }));
  box.write('one', 'content-1');
  expect((await run(['put', 'wcs://test/one', 'one', '-q'], box)).code).toBe(0);
});

afterAll(async () => {
  await server.close();
  for (const text of capturedOutput) expect(text).not.toContain(SECRET_KEY);
  box.cleanup();
});

/** Runs wcscmd with a `cat` reading the FIFO; returns what cat read, and whether the FIFO is still one. */
async function throughFifo(name: string, args: string[]): Promise<{ code: number | null; read: string; stillFifo: boolean }> {
  const fifo = box.path(name);
  execFileSync('mkfifo', [fifo]);
  const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'ignore'] });
  let read = '';
  reader.stdout.setEncoding('utf8').on('data', (d: string) => (read += d));
  const readerDone = new Promise<void>((resolve) => reader.on('close', () => resolve()));
  const r = await run(args, box);
  const stillFifo = lstatSync(fifo).isFIFO();
  // Replaced by a regular file, the FIFO never gets a writer: cat would wait forever.
  if (!stillFifo) reader.kill();
  await readerDone;
  return { code: r.code, read, stillFifo };
}

describe('list / listall RESFILE', () => {
  it('a FIFO (as /dev/stdout is in a pipe) is written into, not replaced', async () => {
    const list = await throughFifo('list.fifo', ['list', 'wcs://test', 'list.fifo', '-q']);
    expect(list.stillFifo).toBe(true);
    expect(list.code).toBe(0);
    expect((JSON.parse(list.read) as { items: Array<{ key: string }> }).items.map((i) => i.key)).toEqual(['one']);
    const all = await throughFifo('all.fifo', ['listall', 'wcs://test', 'all.fifo', '-q']);
    expect(all.stillFifo).toBe(true);
    expect(all.code).toBe(0);
    expect((JSON.parse(all.read) as { key: string }).key).toBe('one');
  });

  it('a symbolic link is written through: the link stays, the file it names gets the result', async () => {
    symlinkSync('real.json', box.path('link.json'));
    const r = await run(['list', 'wcs://test', 'link.json', '-q'], box);
    expect(r.code).toBe(0);
    expect(readlinkSync(box.path('link.json'))).toBe('real.json');
    expect((JSON.parse(readFileSync(box.path('real.json'), 'utf8')) as { items: unknown[] }).items).toHaveLength(1);
    // Again, now that the file exists.
    expect((await run(['listall', 'wcs://test', 'link.json', '-q'], box)).code).toBe(0);
    expect(lstatSync(box.path('link.json')).isSymbolicLink()).toBe(true);
    expect((JSON.parse(readFileSync(box.path('real.json'), 'utf8')) as { key: string }).key).toBe('one');
  });

  it('a RESFILE replaced keeps its permissions', async () => {
    writeFileSync(box.path('private.json'), 'old');
    chmodSync(box.path('private.json'), 0o600);
    expect((await run(['list', 'wcs://test', 'private.json', '-q'], box)).code).toBe(0);
    expect(statSync(box.path('private.json')).mode & 0o777).toBe(0o600);
    expect(readFileSync(box.path('private.json'), 'utf8')).toContain('"one"');
  });
});

describe('get FILE', () => {
  it('a FIFO gets the verified download, and stays a FIFO', async () => {
    const r = await throughFifo('get.fifo', ['get', server.objectUrl('test', 'one'), 'get.fifo', '-q']);
    expect(r.stillFifo).toBe(true);
    expect(r.code).toBe(0);
    expect(r.read).toBe('content-1');
  });

  it('a symbolic link is written through', async () => {
    symlinkSync('got.bin', box.path('got-link'));
    const r = await run(['get', server.objectUrl('test', 'one'), 'got-link', '-q'], box);
    expect(r.code).toBe(0);
    expect(lstatSync(box.path('got-link')).isSymbolicLink()).toBe(true);
    expect(readFileSync(box.path('got.bin'), 'utf8')).toBe('content-1');
  });
});

describe('/dev/stdout as the destination', () => {
  // `wcscmd get URL /dev/stdout | tar x`, `wcscmd list wcs://b /dev/stdout | jq`: stdout carries the
  // data alone; the result line goes to stderr. Run behind a shell pipe: Node gives a child a
  // socket for stdout, which /dev/stdout cannot open (ENXIO), where a shell gives a pipe.
  const piped = async (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
    const child = spawn('sh', ['-c', '( "$NODE" "$WCSCMD" "$@"; echo "exit=$?" >&2 ) | cat', 'sh', ...args], {
      cwd: box.dir,
      env: box.env({ NODE: process.execPath, WCSCMD: BIN }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    await once(child, 'close');
    capturedOutput.push(stdout, stderr);
    const code = Number(/exit=(\d+)\n$/.exec(stderr)?.[1] ?? -1);
    return { code, stdout, stderr: stderr.replace(/exit=\d+\n$/, '') };
  };

  it('get: stdout is exactly the object', async () => {
    const r = await piped(['get', server.objectUrl('test', 'one'), '/dev/stdout']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('content-1');
    expect(r.stderr).toContain('downloaded /dev/stdout: 9 B\n');
  });

  it('list and listall: stdout is exactly RESFILE, with or without --json', async () => {
    const list = await piped(['list', 'wcs://test', '/dev/stdout']);
    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as { items: Array<{ key: string }> }).items.map((i) => i.key)).toEqual(['one']);
    expect(list.stderr).toContain('1 object written to /dev/stdout\n');
    const json = await piped(['list', 'wcs://test', '/dev/stdout', '--json']);
    expect((JSON.parse(json.stdout) as { items: unknown[] }).items).toHaveLength(1);
    const all = await piped(['listall', 'wcs://test', '/dev/stdout']);
    expect(all.code).toBe(0);
    expect(all.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { key: string }).key)).toEqual(['one']);
  });
});
