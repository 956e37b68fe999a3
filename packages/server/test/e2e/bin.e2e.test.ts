import { describe, expect, it } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));

describe('wcs-server bin', () => {
  it('prints WCS_SERVER_READY with URLs, serves, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [bin, '--bucket', 'demo', '--access-key', 'ak', '--secret-key', 'sk']);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    while (!out.includes('\n')) await once(child.stdout, 'data');
    const first = out.split('\n')[0] as string;
    expect(first).toMatch(/^WCS_SERVER_READY /);
    const urls = JSON.parse(first.slice('WCS_SERVER_READY '.length)) as { putUrl: string; mgrUrl: string; downloadUrl: string };
    const res = await fetch(`${urls.mgrUrl}/bucket/list`);
    expect(res.status).toBe(401);
    while (!out.includes('mgr_url')) await once(child.stdout, 'data');
    expect(out).toContain('access_key = ak');
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
  });

  it('exits 2 with one clear line on a bad flag', () => {
    const r = spawnSync(process.execPath, [bin, '--port', 'abc'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(/--port/);
  });
});
