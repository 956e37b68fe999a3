import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { startWcsServer, type WcsServer } from '@wcs/server';
import { WcsClient, type SyncEvent } from '@wcs/sdk';

let server: WcsServer;
let work: string;
let client: WcsClient;

beforeAll(async () => {
  server = await startWcsServer({ accessKey: 'ak', secretKey: 'sk', buckets: ['test'] });
  work = await mkdtemp(join(tmpdir(), 'sdk-sync-'));
  client = new WcsClient({ accessKey: 'ak', secretKey: 'sk', putUrl: server.putUrl, mgrUrl: server.mgrUrl });
  await mkdir(join(work, 'site/css'), { recursive: true });
  for (let i = 0; i < 40; i++) await writeFile(join(work, 'site', i % 2 ? `css/${i}.css` : `${i}.html`), `page ${i}`);
});
afterAll(async () => {
  client?.close();
  await server?.close();
  await rm(work, { recursive: true, force: true });
});

test('client.sync yields events and ends with a summary; an aborted run stops, and the next one finishes the job', async () => {
  const stateDir = join(work, 'state');
  const controller = new AbortController();
  const seen: SyncEvent[] = [];
  let error: unknown;
  try {
    for await (const event of client.sync({ from: { kind: 'local', path: join(work, 'site') }, to: { kind: 'remote', bucket: 'test', prefix: 'www/' }, stateDir, transfers: 1, signal: controller.signal })) {
      seen.push(event);
      if (event.type === 'uploaded' && seen.filter((e) => e.type === 'uploaded').length === 5) controller.abort();
    }
  } catch (e) {
    error = e;
  }
  expect(error).toMatchObject({ code: 'ERR_WCS_ABORTED' });
  expect(seen.some((e) => e.type === 'summary')).toBe(false);
  const done = seen.filter((e) => e.type === 'uploaded').length;
  expect(done).toBeGreaterThanOrEqual(5);

  const events: SyncEvent[] = [];
  for await (const event of client.sync({ from: { kind: 'local', path: join(work, 'site') }, to: { kind: 'remote', bucket: 'test', prefix: 'www/' }, stateDir })) events.push(event);
  const summary = events.at(-1);
  expect(summary?.type).toBe('summary');
  if (summary?.type !== 'summary') return;
  expect(summary.summary.uploaded.files + done).toBe(40);
  expect(summary.summary.skipped.files).toBe(done);
  expect(summary.summary.failed.files).toBe(0);
});
