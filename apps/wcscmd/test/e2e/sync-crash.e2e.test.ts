import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { WcsClient } from '@wcs/sdk';
import { startWcsServer, type RequestLogEntry, type WcsServer } from '@wcs/server';
import { ACCESS_KEY, SECRET_KEY, Sandbox, capturedOutput, pythonWcscfg, run, start } from './harness.js';

// SIGKILL in the middle of a sync, several times, then a normal run: the job completes, and the
// request log shows that nothing finished (a file, a block, a deletion) was sent twice.
const BLOCK = 4 * 1024 * 1024;
let server: WcsServer;
let box: Sandbox;

const ok = (endpoint: string) => server.requestLog().filter((e) => e.endpoint === endpoint && e.status === 200);

/** Starts a sync and SIGKILLs it once `ready()` is true; returns how it ended. */
async function killWhen(args: string[], ready: (stdoutLines: number) => boolean): Promise<void> {
  const child = start(args, box);
  let stdoutLines = 0;
  child.child.stdout!.on('data', (d: Buffer | string) => (stdoutLines += d.toString().split('\n').length - 1));
  while (!ready(stdoutLines) && child.child.exitCode === null) await sleep(10);
  child.child.kill('SIGKILL');
  const r = await child.done;
  expect(r.signal).toBe('SIGKILL'); // killed mid-run, not finished
}

function writeFiles(root: string, count: number, content: (i: number) => string): Map<string, string> {
  const files = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    const rel = `part ${i % 5}/文件+${i}.txt`;
    mkdirSync(`${root}/part ${i % 5}`, { recursive: true });
    writeFileSync(`${root}/${rel}`, content(i));
    files.set(rel, content(i));
  }
  return files;
}

async function expectBucket(prefix: string, expected: ReadonlyMap<string, string | Buffer>): Promise<void> {
  const client = new WcsClient({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, putUrl: server.putUrl, mgrUrl: server.mgrUrl });
  const keys: string[] = [];
  try {
    for await (const o of client.listAll({ bucket: 'test', prefix })) keys.push(o.key);
  } finally {
    client.close();
  }
  expect(keys.sort()).toEqual([...expected.keys()].map((k) => prefix + k).sort());
  for (const [rel, data] of expected) {
    const body = Buffer.from(await (await fetch(server.objectUrl('test', prefix + rel))).arrayBuffer());
    expect(body.equals(Buffer.from(data))).toBe(true);
  }
}

beforeAll(async () => {
  server = await startWcsServer({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, buckets: ['test'] });
  box = new Sandbox('wcscmd-sync-crash-');
  // Blocks one at a time, one chunk each: one mkblk per block, and block k+1 starts only after k is recorded.
  box.write('.wcscfg', pythonWcscfg({ putUrl: server.putUrl, mgrUrl: server.mgrUrl, extra: { tmp_record_folder: box.path('records'), concurrency: '0' } }));
});

afterAll(async () => {
  await server.close();
  for (const text of capturedOutput) expect(text).not.toContain(SECRET_KEY);
  box.cleanup();
});

describe('sync killed with SIGKILL and run again', () => {
  it('during small files: the rerun finishes, and no file is stored twice', async () => {
    const files = writeFiles(box.path('small'), 240, (i) => `small file ${i}`);
    server.clearRequestLog();
    server.setFaults({ rules: [{ endpoint: 'upload', latencyMs: 15 }] });
    try {
      await killWhen(['sync', 'small', 'wcs://test/small/'], (n) => n >= 40);
      await killWhen(['sync', 'small', 'wcs://test/small/'], (n) => n >= 60);
      await killWhen(['sync', 'small', 'wcs://test/small/'], (n) => n >= 50);
    } finally {
      server.setFaults({ rules: [] });
    }
    const r = await run(['sync', 'small', 'wcs://test/small/'], box);
    expect(r.code).toBe(0);
    // each file stored exactly once over the four runs
    expect(ok('upload')).toHaveLength(files.size);
    await expectBucket('small/', files);
  });

  it('during a multipart file: the rerun resumes from the block records, and no finished block is sent again', async () => {
    const data = Buffer.alloc(6 * BLOCK - 1000);
    for (let i = 0; i < data.length; i += 4) data.writeUInt32LE((i * 2654435761) >>> 0, i);
    mkdirSync(box.path('large'), { recursive: true });
    writeFileSync(box.path('large/big.bin'), data);
    server.clearRequestLog();
    const mkblkDone = (block: number) => ok('mkblk').some((e) => e.path.endsWith(`/${block}`));
    server.setFaults({ rules: [{ endpoint: 'mkblk', latencyMs: 150 }] });
    // Blocks whose record said "done" when the process was killed, with how often the service had
    // stored them by then: these must never be sent again.
    const sentCount = (block: string) => ok('mkblk').filter((e) => e.path.endsWith(`/${block}`)).length;
    const recordedDone = new Map<string, number>();
    const snapshotRecords = () => {
      const root = box.path('records');
      for (const id of existsSync(root) ? readdirSync(root) : []) {
        if (!statSync(`${root}/${id}`).isDirectory()) continue;
        for (const name of readdirSync(`${root}/${id}`)) {
          const m = /^block-(\d+)\.json$/.exec(name);
          if (m && (JSON.parse(readFileSync(`${root}/${id}/${name}`, 'utf8')) as { done?: boolean }).done && !recordedDone.has(m[1]!)) recordedDone.set(m[1]!, sentCount(m[1]!));
        }
      }
    };
    try {
      // killed once block 1 is stored, then once block 3 is stored
      await killWhen(['sync', 'large', 'wcs://test/large/', '--multiput-threshold', '4M'], () => mkblkDone(1));
      snapshotRecords();
      await killWhen(['sync', 'large', 'wcs://test/large/', '--multiput-threshold', '4M'], () => mkblkDone(3));
      snapshotRecords();
    } finally {
      server.setFaults({ rules: [] });
    }
    const r = await run(['sync', 'large', 'wcs://test/large/', '--multiput-threshold', '4M'], box);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/uploaded big\.bin → wcs:\/\/test\/large\/big\.bin \(24\.0 MiB, \d blocks resumed\)/);
    const perBlock = new Map<string, number>();
    for (const e of ok('mkblk')) perBlock.set(e.path.split('/').pop()!, (perBlock.get(e.path.split('/').pop()!) ?? 0) + 1);
    // Blocks recorded as finished before a kill are never sent again (the first kill comes after
    // block 1 is stored, so at least block 0 is among them). A block whose answer raced a kill
    // (the service had it, the record did not yet) may be sent once more: at most one per kill.
    expect(recordedDone.has('0')).toBe(true);
    for (const [block, sentBefore] of recordedDone) expect({ block, sent: perBlock.get(block) }).toEqual({ block, sent: sentBefore });
    for (const [, sent] of perBlock) expect(sent).toBeLessThanOrEqual(2);
    expect([...perBlock.values()].filter((sent) => sent === 2).length).toBeLessThanOrEqual(2);
    expect(perBlock.size).toBe(6);
    expect(ok('mkfile')).toHaveLength(1);
    await expectBucket('large/', new Map([['big.bin', data]]));
  });

  it('during deletions: the rerun deletes the rest, and no object is deleted twice', async () => {
    const files = writeFiles(box.path('del'), 150, (i) => `to delete ${i}`);
    expect((await run(['sync', 'del', 'wcs://test/del/'], box)).code).toBe(0);
    rmSync(box.path('del'), { recursive: true });
    mkdirSync(box.path('del'));
    server.clearRequestLog();
    server.setFaults({ rules: [{ endpoint: 'delete', latencyMs: 20 }] });
    try {
      await killWhen(['sync', 'del', 'wcs://test/del/', '--delete'], (n) => n >= 30);
      await killWhen(['sync', 'del', 'wcs://test/del/', '--delete'], (n) => n >= 40);
    } finally {
      server.setFaults({ rules: [] });
    }
    const r = await run(['sync', 'del', 'wcs://test/del/', '--delete'], box);
    expect(r.code).toBe(0);
    const deletes = server.requestLog().filter((e) => e.endpoint === 'delete');
    expect(deletes.filter((e) => e.status === 200)).toHaveLength(files.size);
    expect(new Set(deletes.map((e: RequestLogEntry) => e.path)).size).toBe(deletes.length);
    await expectBucket('del/', new Map());
  });

  it('during a download: no partial file under the final name, and the rerun completes it', async () => {
    const data = Buffer.alloc(12 * 1024 * 1024, 3);
    mkdirSync(box.path('dl-src'), { recursive: true });
    writeFileSync(box.path('dl-src/movie.bin'), data);
    writeFileSync(box.path('dl-src/note.txt'), 'note');
    expect((await run(['sync', 'dl-src', 'wcs://test/dl/'], box)).code).toBe(0);
    mkdirSync(box.path('dl-dst'), { recursive: true });
    const download = ['sync', 'wcs://test/dl/', 'dl-dst', '--download-url', `${server.downloadUrl}/test`];
    // 2 MiB/s: the 12 MiB file takes seconds, so the kill lands mid-body
    await killWhen([...download, '--bwlimit', '2M'], () => {
      const part = box.path('dl-dst/.movie.bin.wcs-sync-part');
      return existsSync(part) && statSync(part).size > 1024 * 1024;
    });
    expect(existsSync(box.path('dl-dst/movie.bin'))).toBe(false);
    const r = await run(download, box);
    expect(r.code).toBe(0);
    expect(readFileSync(box.path('dl-dst/movie.bin')).equals(data)).toBe(true);
    expect(readdirSync(box.path('dl-dst')).sort()).toEqual(['movie.bin', 'note.txt']);
  });
});
