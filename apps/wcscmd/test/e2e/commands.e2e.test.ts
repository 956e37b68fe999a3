import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { etagOfBuffer } from '@wcs/etag';
import { startWcsServer, type WcsServer } from '@wcs/server';
import { ACCESS_KEY, SECRET_KEY, Sandbox, capturedOutput, pythonWcscfg, run } from './harness.js';

// Every command against the local @wcs/server, through the built binary, with the .wcscfg in
// the temp HOME (so the Python user guide's commands run verbatim, without -c).
let server: WcsServer;
let box: Sandbox;

const bytes = (n: number, seed = 1): Buffer => {
  const b = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i += 1) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    b[i] = x >>> 16;
  }
  return b;
};

const jsonOf = (stdout: string): Record<string, unknown> => JSON.parse(stdout) as Record<string, unknown>;

beforeAll(async () => {
  server = await startWcsServer({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, buckets: ['test', 'other', 'srctest', 'dsttest'], jobDelayMs: 20 });
  box = new Sandbox();
  box.write('.wcscfg', pythonWcscfg({ putUrl: server.putUrl, mgrUrl: server.mgrUrl, extra: { tmp_record_folder: box.path('records') } }));
  box.write('test-1k', bytes(1024));
});

afterAll(async () => {
  await server.close();
  for (const text of capturedOutput) expect(text).not.toContain(SECRET_KEY);
  box.cleanup();
});

describe('the Python user guide, verbatim', () => {
  it('wcscmd put wcs://test/test-1k ./test-1k --overwrite 1', async () => {
    const r = await run(['put', 'wcs://test/test-1k', './test-1k', '--overwrite', '1'], box);
    expect(r.stderr).toMatch(/put wcs:\/\/test\/test-1k: 1\.0 KiB \/ 1\.0 KiB \(100%\)/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^uploaded \.\/test-1k to wcs:\/\/test\/test-1k: 1\.0 KiB, hash \S+\n$/);
    // Again with --overwrite 1 replaces it; without, the service refuses (406).
    expect((await run(['put', 'wcs://test/test-1k', './test-1k', '--overwrite', '1'], box)).code).toBe(0);
    const refused = await run(['put', 'wcs://test/test-1k', './test-1k'], box);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^wcscmd: put wcs:\/\/test\/test-1k failed: file exists \(406, request id \S+\)\. The object already exists: pass --overwrite 1 to replace it\.\n$/);
  });

  it('wcscmd listbucket', async () => {
    const r = await run(['listbucket'], box);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(expect.arrayContaining(['test', 'other']));
    const json = await run(['listbucket', '--json'], box);
    expect(jsonOf(json.stdout).buckets).toEqual(expect.arrayContaining([{ name: 'test' }, { name: 'other' }]));
  });

  it('wcscmd list wcs://test ./result --limit 4', async () => {
    for (let i = 0; i < 6; i += 1) box.write(`l${i}`, `list-${i}`);
    for (let i = 0; i < 6; i += 1) expect((await run(['put', `wcs://test/list/l${i}`, `l${i}`], box)).code).toBe(0);
    const r = await run(['list', 'wcs://test', './result', '--limit', '4'], box);
    expect(r.code).toBe(0);
    const page = JSON.parse(readFileSync(box.path('result'), 'utf8')) as { marker: string; items: Array<{ key: string; fsize: number }> };
    expect(page.items).toHaveLength(4);
    expect(page.marker).not.toBe('');
    expect(r.stdout).toContain('KEY');
    expect(r.stdout).toContain('4 objects written to ./result');
    const json = await run(['list', 'wcs://test', './result2', '--prefix', 'list/', '--json'], box);
    const doc = jsonOf(json.stdout);
    expect(doc.count).toBe(6);
    expect((doc.items as Array<{ key: string }>).map((i) => i.key)).toEqual(['list/l0', 'list/l1', 'list/l2', 'list/l3', 'list/l4', 'list/l5']);
  });

  it('wcscmd list --limit 0 lists as the Python tool does: no limit sent, the service default page', async () => {
    server.clearRequestLog();
    const r = await run(['list', 'wcs://test', './result0', '--limit', '0', '--prefix', 'list/', '--json'], box);
    expect(r.code).toBe(0);
    expect(jsonOf(r.stdout).count).toBe(6);
    const lists = server.requestLog().filter((e) => e.endpoint === 'list');
    expect(lists).toHaveLength(1);
    expect(lists[0]!.path).not.toMatch(/[?&]limit=/);
  });

  it('wcscmd stat wcs://test/test-1k', async () => {
    const r = await run(['stat', 'wcs://test/test-1k'], box);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('object:');
    expect(r.stdout).toContain('size:          1024 (1.0 KiB)');
    const json = jsonOf((await run(['stat', 'wcs://test/test-1k', '--json'], box)).stdout);
    expect(json).toMatchObject({ bucket: 'test', key: 'test-1k', fsize: 1024 });
    expect(typeof json.hash).toBe('string');
    expect(typeof json.putTime).toBe('number');
  });

  it('wcscmd setdeadline wcs://test/test-1k 3, then -1', async () => {
    const r = await run(['setdeadline', 'wcs://test/test-1k', '3'], box);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('set deadline of wcs://test/test-1k: keep 3 days\n');
    expect(jsonOf((await run(['stat', 'wcs://test/test-1k', '--json'], box)).stdout).expirationDate).toMatch(/^\d{14}$/);
    const forever = await run(['setdeadline', 'wcs://test/test-1k', '-1', '--json'], box);
    expect(forever.code).toBe(0);
    expect(jsonOf(forever.stdout)).toMatchObject({ bucket: 'test', key: 'test-1k', days: -1 });
    expect(jsonOf((await run(['stat', 'wcs://test/test-1k', '--json'], box)).stdout).expirationDate).toBeUndefined();
  });

  it('wcscmd move / copy wcs://srctest/test1 wcs://dsttest/test2', async () => {
    box.write('m', 'move me');
    expect((await run(['put', 'wcs://srctest/test1', 'm'], box)).code).toBe(0);
    const copy = await run(['copy', 'wcs://srctest/test1', 'wcs://dsttest/test2'], box);
    expect(copy.code).toBe(0);
    expect(copy.stdout).toBe('copied wcs://srctest/test1 to wcs://dsttest/test2\n');
    const move = await run(['move', 'wcs://srctest/test1', 'wcs://dsttest/test3', '--json'], box);
    expect(move.code).toBe(0);
    expect(jsonOf(move.stdout)).toMatchObject({ moved: true, from: { bucket: 'srctest', key: 'test1' }, to: { bucket: 'dsttest', key: 'test3' } });
    expect((await run(['stat', 'wcs://srctest/test1'], box)).code).toBe(1);
    expect((await run(['stat', 'wcs://dsttest/test2'], box)).code).toBe(0);
    // mv/cp spelled the short way, with an empty destination object = same key.
    expect((await run(['cp', 'wcs://dsttest/test2', 'wcs://other'], box)).stdout).toBe('copied wcs://dsttest/test2 to wcs://other/test2\n');
    const cpJson = await run(['cp', 'wcs://dsttest/test2', 'wcs://other/test2-json', '--json'], box);
    expect(JSON.parse(cpJson.stdout)).toMatchObject({ copied: true, from: { bucket: 'dsttest', key: 'test2' }, to: { bucket: 'other', key: 'test2-json' } });
    const delJson = await run(['del', 'wcs://other/test2-json', '--json'], box);
    expect(JSON.parse(delJson.stdout)).toMatchObject({ deleted: true, bucket: 'other', key: 'test2-json' });
    expect((await run(['mv', 'wcs://other/test2', 'wcs://test/'], box)).stdout).toBe('moved wcs://other/test2 to wcs://test/test2\n');
  });

  it('wcscmd del wcs://test/test2', async () => {
    const r = await run(['del', 'wcs://test/test2'], box);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('deleted wcs://test/test2\n');
    const again = await run(['del', 'wcs://test/test2', '--json'], box);
    expect(again.code).toBe(1);
    expect(again.stdout).toBe('');
    expect(again.stderr).toMatch(/^wcscmd: del wcs:\/\/test\/test2 failed: .*\(404, request id \S+\)\. Check the bucket and key\.\n$/);
  });

  it('wcscmd deletePrefix wcs://test test-prefix, then fmgrStatus until done', async () => {
    for (const k of ['test-prefix/a', 'test-prefix/b', 'keep']) {
      box.write('dp', k);
      expect((await run(['put', `wcs://test/${k}`, 'dp', '--overwrite', '1'], box)).code).toBe(0);
    }
    const r = await run(['deletePrefix', 'wcs://test', 'test-prefix'], box);
    expect(r.code).toBe(0);
    const id = r.stdout.trim();
    expect(id).toMatch(/^\S+$/);
    expect(r.stderr).toContain(`wcscmd fmgrStatus ${id}`);
    let status: Record<string, unknown> = {};
    for (let i = 0; i < 100; i += 1) {
      const s = await run(['fmgrStatus', id, '--json'], box);
      expect(s.code).toBe(0);
      status = jsonOf(s.stdout);
      if (status.code !== 0 && status.code !== 1) break;
    }
    expect([3, 4, 5, 6]).toContain(status.code);
    const human = await run(['fmgrStatus', id], box);
    expect(human.stdout).toMatch(/status: done/);
    expect((await run(['stat', 'wcs://test/test-prefix/a'], box)).code).toBe(1);
    expect((await run(['stat', 'wcs://test/keep'], box)).code).toBe(0);
  });

  it('deletePrefix --wait polls the job to completion', async () => {
    box.write('dw', 'x');
    expect((await run(['put', 'wcs://test/wait-prefix/a', 'dw'], box)).code).toBe(0);
    const r = await run(['deletePrefix', 'wcs://test', 'wait-prefix/', '--wait', '--json'], box);
    expect(r.code).toBe(0);
    const doc = jsonOf(r.stdout) as { persistentId: string; status: { code: number } };
    expect(doc.persistentId).toMatch(/\S/);
    expect([3, 4, 5, 6]).toContain(doc.status.code);
    expect((await run(['stat', 'wcs://test/wait-prefix/a'], box)).code).toBe(1);
  });

  it('wcscmd get URL saves under the URL\'s name in the current directory', async () => {
    const url = server.objectUrl('test', 'test-1k');
    const r = await run(['get', url], box);
    expect(r.code).toBe(0);
    expect(readFileSync(box.path('test-1k')).equals(bytes(1024))).toBe(true);
    expect(r.stdout).toBe('downloaded test-1k: 1.0 KiB\n');
    const json = await run(['get', url, 'copy-1k', '--json'], box);
    expect(jsonOf(json.stdout)).toEqual({ url, file: 'copy-1k', bytes: 1024 });
    expect(readFileSync(box.path('copy-1k')).equals(bytes(1024))).toBe(true);
  });
});

describe('uploads', () => {
  it('put with the object omitted uses the file name', async () => {
    box.write('named.txt', 'hello');
    const r = await run(['put', 'wcs://test', 'named.txt', '--json'], box);
    expect(r.code).toBe(0);
    expect(jsonOf(r.stdout)).toMatchObject({ bucket: 'test', key: 'named.txt', fsize: 5 });
    const slash = await run(['multiput', 'wcs://other/', 'named.txt', '--json'], box);
    expect(slash.code).toBe(0);
    expect(jsonOf(slash.stdout)).toMatchObject({ bucket: 'other', key: 'named.txt', fsize: 5 });
  });

  it('multiput of a file larger than 4 MiB: blocks, upload id on stderr, correct object', async () => {
    const data = bytes(9 * 1024 * 1024 + 123, 7);
    box.write('big.bin', data);
    server.clearRequestLog();
    const r = await run(['multiput', 'wcs://test/big.bin', 'big.bin', '--json'], box);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^upload id: \S+$/m);
    expect(r.stderr).toMatch(/multiput wcs:\/\/test\/big\.bin: 9\.0 MiB \/ 9\.0 MiB \(100%\), .*\/s, ETA 0s/);
    const doc = jsonOf(r.stdout);
    expect(doc).toMatchObject({ bucket: 'test', key: 'big.bin', fsize: data.length, resumedBlocks: 0 });
    expect(server.requestLog().filter((e) => e.endpoint === 'mkblk')).toHaveLength(3);
    expect(server.requestLog().filter((e) => e.endpoint === 'mkfile')).toHaveLength(1);
    const got = await run(['get', server.objectUrl('test', 'big.bin'), 'big.copy'], box);
    expect(got.code).toBe(0);
    expect(readFileSync(box.path('big.copy')).equals(data)).toBe(true);
  });

  it('put stores the exact bytes and etag of files read whole (up to 256 KiB) and of files streamed (larger)', async () => {
    // put reads a small file at once and streams a larger one (upload-calls.ts): both stored alike.
    for (const size of [0, 1, 256 * 1024, 256 * 1024 + 1, 1024 * 1024 + 7]) {
      const data = bytes(size, size + 3);
      box.write(`sized-${size}`, data);
      server.clearRequestLog();
      const r = await run(['put', `wcs://test/sized-${size}`, `sized-${size}`, '--json'], box);
      expect(r.code).toBe(0);
      expect(jsonOf(r.stdout)).toMatchObject({ key: `sized-${size}`, fsize: size, hash: etagOfBuffer(data) });
      // One request, the upload: no stat or other request around it.
      expect(server.requestLog().map((e) => e.endpoint)).toEqual(['upload']);
      const got = await run(['get', server.objectUrl('test', `sized-${size}`), `sized-${size}.copy`], box);
      expect(got.code).toBe(0);
      expect(readFileSync(box.path(`sized-${size}.copy`)).equals(data)).toBe(true);
    }
  });

  it('--quiet prints no progress; --json keeps stdout one document', async () => {
    const r = await run(['put', 'wcs://test/quiet', 'test-1k', '--quiet', '--json'], box);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(jsonOf(r.stdout).key).toBe('quiet');
  });
});

describe('listall', () => {
  it('writes JSON Lines, one object per line, across pages', async () => {
    for (let i = 0; i < 7; i += 1) {
      box.write('la', `la-${i}`);
      expect((await run(['put', `wcs://other/la/${i}`, 'la'], box)).code).toBe(0);
    }
    const r = await run(['listall', 'wcs://other', 'all.jsonl', '--prefix', 'la/', '--limit', '3'], box);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('7 objects written to all.jsonl\n');
    const lines = readFileSync(box.path('all.jsonl'), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(7);
    expect(lines.map((l) => (JSON.parse(l) as { key: string }).key)).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `la/${i}`));
    const json = await run(['listall', 'wcs://other', 'all2.jsonl', '--prefix', 'la/', '--limit', '3', '--json'], box);
    expect(jsonOf(json.stdout)).toEqual({ bucket: 'other', file: 'all2.jsonl', count: 7, pages: 3 });
    expect(readdirSync(box.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('fops and bucketstat', () => {
  it('fops prints a persistentId; fopsStatus of the failed job shows the error and exits 1', async () => {
    const r = await run(['fops', 'wcs://test/test-1k', 'vframe/jpg/offset/1'], box);
    expect(r.code).toBe(0);
    const id = r.stdout.trim();
    // The local server fails every fops command honestly ("not supported by the local WCS server").
    let s = await run(['fopsStatus', id, '--json'], box);
    for (let i = 0; i < 100 && (jsonOf(s.stdout).code === 0 || jsonOf(s.stdout).code === 1); i += 1) {
      expect(s.code).toBe(0);
      s = await run(['fopsStatus', id, '--json'], box);
    }
    expect(s.code).toBe(1);
    expect(jsonOf(s.stdout).persistentId).toBe(id);
    expect([3, 4, 5, 6]).toContain(jsonOf(s.stdout).code);
    expect(s.stderr).toMatch(new RegExp(`^wcscmd: fopsStatus ${id}: 1 of 1 commands failed: #1: .*not supported by the local WCS server.*\\n$`));
    const human = await run(['fopsStatus', id], box);
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/status: done \(3\), 1 of 1 commands failed\n/);
    expect(human.stdout).toContain('not supported by the local WCS server');
    expect(jsonOf((await run(['fops', 'wcs://test/test-1k', 'vframe/jpg/offset/1', '--json'], box)).stdout).persistentId).toMatch(/\S/);
  });

  it('bucketstat "test|other" with default dates', async () => {
    const r = await run(['bucketstat', 'test|other'], box);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('BUCKET');
    const json = jsonOf((await run(['bucketstat', 'test|other', '--json'], box)).stdout) as { buckets: Array<{ name: string }> };
    expect(json.buckets.map((b) => b.name)).toEqual(['test', 'other']);
  });
});

describe('profiles', () => {
  it('--profile and WCS_PROFILE pick a .wcscfg section; [default] is used otherwise', async () => {
    // [default] has a wrong secret, [good] the right one: only the profile can succeed.
    const file = box.write(
      'profiles.cfg',
      `${pythonWcscfg({ putUrl: server.putUrl, mgrUrl: server.mgrUrl, secretKey: 'not-the-secret' })}\n[good]\naccess_key = ${ACCESS_KEY}\nsecret_key = ${SECRET_KEY}\nput_url = ${server.putUrl}\nmgr_url = ${server.mgrUrl}\n`,
    );
    expect((await run(['-c', file, 'listbucket'], box)).code).toBe(1);
    const flag = await run(['-c', file, '--profile', 'good', 'listbucket'], box);
    expect(flag.code).toBe(0);
    expect(flag.stdout).toContain('test');
    const env = await run(['-c', file, 'listbucket'], box, { env: box.env({ WCS_PROFILE: 'good' }) });
    expect(env.code).toBe(0);
  });

  it('flags override the environment, which overrides the file', async () => {
    const viaEnv = await run(['--dump-config'], box, { env: box.env({ WCS_LIMIT: '20' }) });
    expect(viaEnv.stdout).toContain('limit = 20\n');
    const viaFlag = await run(['--dump-config', '--limit', '30', '-s'], box, { env: box.env({ WCS_LIMIT: '20' }) });
    expect(viaFlag.stdout).toContain('limit = 30\n');
    expect(viaFlag.stdout).toContain('ishttps = True\n');
  });
});

describe('failures', () => {
  it('stat of a missing object: one line, 404, request id, hint; exit 1', async () => {
    const r = await run(['stat', 'wcs://test/nope'], box);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^wcscmd: stat wcs:\/\/test\/nope failed: file not exist \(404, request id \S+\)\. Check the bucket and key\.\n$/);
  });

  it('bad credentials (401) say to check the keys', async () => {
    const file = box.write('bad-sk.cfg', pythonWcscfg({ putUrl: server.putUrl, mgrUrl: server.mgrUrl, secretKey: 'wrong-secret-key' }));
    const r = await run(['-c', file, 'listbucket'], box);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^wcscmd: listbucket failed: .*\\(401, request id \\S+\\)\\. Check access_key and secret_key in ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\.\\n$`));
    expect(r.stderr).not.toContain('wrong-secret-key');
  });

  it('bad credentials from WCS_ACCESS_KEY/WCS_SECRET_KEY name those variables, not the config file', async () => {
    const r = await run(['listbucket'], box, { env: box.env({ WCS_ACCESS_KEY: ACCESS_KEY, WCS_SECRET_KEY: 'wrong-secret-from-env' }) });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^wcscmd: listbucket failed: .*\(401, request id \S+\)\. Check the environment variables WCS_ACCESS_KEY and WCS_SECRET_KEY\.\n$/);
    expect(r.stderr).not.toContain('.wcscfg');
    expect(r.stderr).not.toContain('wrong-secret-from-env');
  });

  it('an unreachable host names the setting', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const file = box.write('down.cfg', pythonWcscfg({ putUrl: `127.0.0.1:${port}`, mgrUrl: `127.0.0.1:${port}`, extra: { connection_retries: '0' } }));
    const stat = await run(['-c', file, 'stat', 'wcs://test/k'], box);
    expect(stat.code).toBe(1);
    expect(stat.stderr).toBe(`wcscmd: stat wcs://test/k failed: cannot reach mgr_url http://127.0.0.1:${port} (ECONNREFUSED). Check mgr_url in ${file} and that the service is reachable.\n`);
    const put = await run(['-c', file, 'put', 'wcs://test/k', 'test-1k'], box);
    expect(put.code).toBe(1);
    expect(put.stderr).toContain(`cannot reach put_url http://127.0.0.1:${port} (ECONNREFUSED)`);
    // A host set by the environment overrides the file: the hint must name the variable.
    const fromEnv = await run(['stat', 'wcs://test/k'], box, { env: box.env({ WCS_MGR_URL: `127.0.0.1:${port}`, WCS_CONNECTION_RETRIES: '0' }) });
    expect(fromEnv.code).toBe(1);
    expect(fromEnv.stderr).toContain(`cannot reach mgr_url http://127.0.0.1:${port} (ECONNREFUSED). Check the environment variable WCS_MGR_URL and that`);
  });

  it('a missing bucket (631) is explained', async () => {
    const r = await run(['put', 'wcs://nobucket/k', 'test-1k'], box);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n').filter((l) => l.startsWith('wcscmd:'))).toHaveLength(1);
  });

  it('get of a missing object leaves no file', async () => {
    const r = await run(['get', server.objectUrl('test', 'missing.bin')], box);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^wcscmd: get .* failed: .*404/m);
    expect(existsSync(box.path('missing.bin'))).toBe(false);
    expect(readdirSync(box.dir).filter((f) => f.includes('missing.bin'))).toEqual([]);
  });

  it('a download cut mid-body leaves no partial file under the final name', async () => {
    // The WCS server cannot drop a download mid-body, so a loopback server does: it promises
    // 1 MiB and closes the socket after 100 KiB.
    const dropper: Server = createServer((req, res) => {
      res.writeHead(200, { 'content-length': String(1024 * 1024), 'content-type': 'application/octet-stream' });
      res.write(Buffer.alloc(100 * 1024, 1), () => req.socket.destroy());
    });
    await new Promise<void>((resolve) => dropper.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(dropper.address() as AddressInfo).port}/cut.bin`;
    try {
      const r = await run(['get', url], box);
      expect(r.code).toBe(1);
      expect(r.stderr.split('\n').filter((l) => l.startsWith('wcscmd:'))).toHaveLength(1);
      expect(existsSync(box.path('cut.bin'))).toBe(false);
      expect(readdirSync(box.dir).filter((f) => f.includes('cut.bin'))).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => dropper.close(() => resolve()));
    }
  });

  it('a download whose body does not match its ETag is rejected and removed', async () => {
    const liar: Server = createServer((_req, res) => {
      // ETag of a different content (the etag of empty input).
      res.writeHead(200, { etag: '"Fto5o-5ea0sNMlW_75VgGJCv2AcJ"', 'content-length': '5' });
      res.end('hello');
    });
    await new Promise<void>((resolve) => liar.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(liar.address() as AddressInfo).port}/liar.txt`;
    try {
      const r = await run(['get', url], box);
      expect(r.code).toBe(1);
      expect(existsSync(box.path('liar.txt'))).toBe(false);
    } finally {
      await new Promise<void>((resolve) => liar.close(() => resolve()));
    }
  });
});
