import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { startWcsServer, type WcsServer } from '@wcs/server';
import { ACCESS_KEY, BIN, SECRET_KEY, Sandbox, capturedOutput, pythonWcscfg, run, start } from './harness.js';

// A multiput killed with SIGKILL part-way, then resumed with --upload-id: only the missing blocks
// are sent again and the stored object is byte-identical.
const BLOCK = 4 * 1024 * 1024;
const BLOCKS = 6;
let server: WcsServer;
let box: Sandbox;
let data: Buffer;

beforeAll(async () => {
  server = await startWcsServer({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, buckets: ['test'] });
  box = new Sandbox();
  // One block at a time, one chunk per block: each block is one mkblk, so the log counts blocks.
  box.write('.wcscfg', pythonWcscfg({ putUrl: server.putUrl, mgrUrl: server.mgrUrl, extra: { tmp_record_folder: box.path('records'), concurrency: '0' } }));
  data = Buffer.alloc(BLOCKS * BLOCK - 1000);
  for (let i = 0; i < data.length; i += 4) data.writeUInt32LE((i * 2654435761) >>> 0, i);
  box.write('big.bin', data);
});

afterAll(async () => {
  await server.close();
  for (const text of capturedOutput) expect(text).not.toContain(SECRET_KEY);
  box.cleanup();
});

const doneBlocks = () => server.requestLog().filter((e) => e.endpoint === 'mkblk' && e.status === 200).length;

describe('multiput resume', () => {
  it('an interrupted multiput (SIGINT) says how to resume', async () => {
    server.setFaults({ rules: [{ endpoint: 'mkblk', latencyMs: 300 }] });
    server.clearRequestLog();
    const run1 = start(['multiput', 'wcs://test/int.bin', 'big.bin'], box);
    while (doneBlocks() < 1) await sleep(20);
    run1.child.kill('SIGINT');
    const r = await run1.done;
    server.setFaults({ rules: [] });
    expect(r.code).toBe(1);
    const id = /upload id: (\S+)/.exec(r.stderr)?.[1];
    expect(r.stderr).toContain(`wcscmd: multiput wcs://test/int.bin interrupted. Resume with: wcscmd multiput wcs://test/int.bin big.bin --upload-id ${id}\n`);
    server.clearRequestLog();
  });

  it('resumes a killed upload with --upload-id, sending only the missing blocks', async () => {
    // Slow blocks so the kill lands mid-upload.
    server.setFaults({ rules: [{ endpoint: 'mkblk', latencyMs: 300 }] });
    const first = start(['multiput', 'wcs://test/big.bin', 'big.bin'], box);
    let stderr = '';
    first.child.stderr!.on('data', (d: Buffer | string) => (stderr += d.toString()));
    while (doneBlocks() < 2) await sleep(20);
    first.child.kill('SIGKILL');
    const killed = await first.done;
    expect(killed.signal).toBe('SIGKILL');
    const id = /upload id: (\S+)/.exec(stderr)?.[1];
    expect(id).toBeDefined();
    const completedBefore = doneBlocks();
    expect(completedBefore).toBeLessThan(BLOCKS);
    expect(server.requestLog().filter((e) => e.endpoint === 'mkfile')).toHaveLength(0);

    server.setFaults({ rules: [] });
    server.clearRequestLog();
    const resumed = await run(['multiput', 'wcs://test/big.bin', 'big.bin', '--upload-id', id!, '--json'], box);
    expect(resumed.stderr).toContain(`upload id: ${id}`);
    expect(resumed.code).toBe(0);
    const doc = JSON.parse(resumed.stdout) as { uploadId: string; resumedBlocks: number; fsize: number };
    expect(doc.uploadId).toBe(id);
    // Blocks whose record was written before the kill are skipped; a block in flight may be redone.
    expect(doc.resumedBlocks).toBeGreaterThanOrEqual(completedBefore - 1);
    expect(doc.resumedBlocks).toBeGreaterThan(0);
    expect(server.requestLog().filter((e) => e.endpoint === 'mkblk')).toHaveLength(BLOCKS - doc.resumedBlocks);
    expect(server.requestLog().filter((e) => e.endpoint === 'mkfile')).toHaveLength(1);

    const got = await run(['get', server.objectUrl('test', 'big.bin'), 'big.copy'], box);
    expect(got.code).toBe(0);
    expect(readFileSync(box.path('big.copy')).equals(data)).toBe(true);
  });

  it('a file changed since the killed run: plain multiput names the record and --restart; --restart uploads the new file', async () => {
    box.write('changed.bin', data);
    server.setFaults({ rules: [{ endpoint: 'mkblk', latencyMs: 300 }] });
    server.clearRequestLog();
    const first = start(['multiput', 'wcs://test/changed.bin', 'changed.bin'], box);
    while (doneBlocks() < 2) await sleep(20);
    first.child.kill('SIGKILL');
    expect((await first.done).signal).toBe('SIGKILL');
    server.setFaults({ rules: [] });

    appendFileSync(box.path('changed.bin'), Buffer.from('appended after the interrupted run'));
    const changed = readFileSync(box.path('changed.bin'));

    const plain = await run(['multiput', 'wcs://test/changed.bin', 'changed.bin'], box);
    expect(plain.code).toBe(1);
    const lines = plain.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    const recordPath = /\(record (\S+\.json)\)/.exec(lines[0]!)?.[1];
    expect(recordPath).toBeDefined();
    expect(existsSync(recordPath!)).toBe(true);
    expect(lines[0]).toMatch(/^wcscmd: multiput wcs:\/\/test\/changed\.bin failed: the resume record of upload id \S+ does not match this upload: the file size changed .*\. Run it again with --restart to start over, or check --upload-id\.$/);
    expect(plain.stderr).not.toContain('restartOnMismatch');

    const restarted = await run(['multiput', 'wcs://test/changed.bin', 'changed.bin', '--restart', '--json'], box);
    expect(restarted.code).toBe(0);
    expect((JSON.parse(restarted.stdout) as { resumedBlocks: number }).resumedBlocks).toBe(0);
    // The record was reset and used, then removed after mkfile: nothing left to trap the next run.
    expect(existsSync(recordPath!)).toBe(false);
    const got = await run(['get', server.objectUrl('test', 'changed.bin'), 'changed.copy'], box);
    expect(got.code).toBe(0);
    expect(readFileSync(box.path('changed.copy')).equals(changed)).toBe(true);
  });

  it('the "Resume with" command pastes as is: quoted names, and the -c and --overwrite 1 of the first run', async () => {
    // A file and key with spaces and a quote, a config file given with -c, an object that exists
    // (so the resumed upload needs --overwrite 1 again to be accepted at mkfile).
    box.write("it's big.bin", data);
    box.write('my cfg', readFileSync(box.path('.wcscfg')));
    box.write('small', 'x');
    expect((await run(['put', "wcs://test/dir/it's big.bin", 'small', '-q'], box)).code).toBe(0);
    server.setFaults({ rules: [{ endpoint: 'mkblk', latencyMs: 300 }] });
    server.clearRequestLog();
    const first = start(['-c', 'my cfg', 'multiput', "wcs://test/dir/it's big.bin", "it's big.bin", '--overwrite', '1'], box);
    while (doneBlocks() < 1) await sleep(20);
    first.child.kill('SIGINT');
    const r = await first.done;
    server.setFaults({ rules: [] });
    expect(r.code).toBe(1);
    const resume = /Resume with: wcscmd (.*)$/m.exec(r.stderr)?.[1];
    expect(resume).toBeDefined();
    expect(resume).toContain("--config 'my cfg'");
    expect(resume).toContain('--overwrite 1');
    // Pasted into a shell (HOME has no .wcscfg of its own here: the -c file must be used).
    // Not spawnSync: the server runs in this process and must keep answering.
    const shell = spawn('sh', ['-c', `"$NODE" "$WCSCMD" ${resume!}`], {
      cwd: box.dir,
      env: box.env({ HOME: box.path('nowhere'), NODE: process.execPath, WCSCMD: BIN }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    shell.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    shell.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
    const [status] = (await once(shell, 'close')) as [number | null];
    capturedOutput.push(out);
    expect(out).not.toContain('wcscmd:');
    expect(status).toBe(0);
    const got = await run(['get', server.objectUrl('test', "dir/it's big.bin"), 'quoted.copy', '-q'], box);
    expect(got.code).toBe(0);
    expect(readFileSync(box.path('quoted.copy')).equals(data)).toBe(true);
  });

  it('--restart is documented by multiput --help and a multiput option only', async () => {
    expect((await run(['multiput', '--help'], box)).stdout).toMatch(/--restart\s+start over/);
    const r = await run(['put', 'wcs://test/x', 'big.bin', '--restart'], box);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('restart');
  });
});
