import { spawn, type ChildProcess } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { manageToken } from './sign.js';
import { blobNames, contentFor, etagOf, makeBlocks, mkfile, overwriteToken, simplePut, type Urls } from './storage.js';
import { createPrng } from '../../src/faults.js';
import { ListPage, Stat } from './wire.js';

/** What a key may hold after a restart: the last acknowledged content (null = absent) or what was in flight. */
interface KeyState {
  ack: Buffer | null;
  inflight: Array<Buffer | null>;
}

export interface CrashOptions {
  childScript: string;
  dataDir: string;
  cycles: number;
  seed: number;
  /** Kill after a random delay in [min, max] ms of workload. */
  killAfterMs?: [number, number];
  log?: (line: string) => void;
}

export interface CrashReport {
  cycles: number;
  failures: string[];
  /** Changes that were in flight when the child was killed. */
  inFlightAtKill: number;
  acknowledged: number;
  startMs: number[];
}

interface Child {
  proc: ChildProcess;
  urls: Urls & { downloadUrl: string; startMs: number };
  exited: Promise<void>;
}

async function startChild(script: string, dataDir: string): Promise<Child> {
  const proc = spawn(process.execPath, [script, JSON.stringify({ dataDir })], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => proc.on('exit', () => resolve()));
  let out = '';
  let err = '';
  proc.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const urls = await new Promise<Child['urls']>((resolve, reject) => {
    proc.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(JSON.parse(out.slice(0, nl)) as Child['urls']);
    });
    proc.on('exit', (code) => reject(new Error(`server child exited (${code}) before listening: ${err}`)));
  });
  return { proc, urls, exited };
}

async function mgr(u: Urls, path: string): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${u.mgrUrl}${path}`, { headers: { Authorization: manageToken('ak', 'sk', path, '') } });
  const text = await res.text();
  return { status: res.status, json: text === '' ? undefined : JSON.parse(text) as unknown };
}

const b64 = (s: string): string => Buffer.from(s).toString('base64url');

/** Checks every tracked key against what the restarted server holds; settles the states to what was found. */
async function verify(child: Child, dataDir: string, keys: Map<string, KeyState>, failures: string[], cycle: number): Promise<void> {
  const u = child.urls;
  const listed = new Map<string, { hash: string; fsize: number }>();
  let marker = '';
  do {
    const a = await mgr(u, `/list?bucket=test&limit=1000${marker === '' ? '' : `&marker=${marker}`}`);
    if (a.status !== 200) {
      failures.push(`cycle ${cycle}: list answered ${a.status}`);
      return;
    }
    const page = ListPage.parse(a.json);
    for (const it of page.items) listed.set(it.key, it);
    marker = page.marker;
  } while (marker !== '');
  for (const k of listed.keys()) if (!keys.has(k)) failures.push(`cycle ${cycle}: unknown key listed: ${k}`);
  for (const [key, st] of keys) {
    const allowed = [st.ack, ...st.inflight];
    const stat = await mgr(u, `/stat/${b64(`test:${key}`)}`);
    const l = listed.get(key);
    if (stat.status === 404) {
      if (l !== undefined) failures.push(`cycle ${cycle}: ${key} listed but stat 404`);
      if (!allowed.includes(null)) failures.push(`cycle ${cycle}: ${key} lost (acknowledged content missing)`);
      keys.set(key, { ack: null, inflight: [] });
      continue;
    }
    if (stat.status !== 200) {
      failures.push(`cycle ${cycle}: stat ${key} answered ${stat.status}`);
      continue;
    }
    const res = await fetch(`${u.downloadUrl}/test/${encodeURIComponent(key)}`);
    const body = Buffer.from(await res.arrayBuffer());
    const etag = etagOf(body);
    const match = allowed.find((c) => c !== null && c.equals(body));
    if (res.status !== 200) failures.push(`cycle ${cycle}: download ${key} answered ${res.status}`);
    else if (match === undefined) failures.push(`cycle ${cycle}: ${key} holds ${body.length} bytes that are neither the acknowledged nor the in-flight version`);
    const info = Stat.parse(stat.json);
    if (info.hash !== etag || Number(info.fsize) !== body.length) failures.push(`cycle ${cycle}: ${key} stat (${info.fsize} B ${info.hash}) disagrees with its content (${body.length} B ${etag})`);
    if (l === undefined || l.hash !== etag || l.fsize !== body.length) failures.push(`cycle ${cycle}: ${key} list entry disagrees with its content`);
    if (res.headers.get('etag') !== `"${etag}"`) failures.push(`cycle ${cycle}: ${key} download ETag disagrees with its bytes`);
    keys.set(key, { ack: match ?? body, inflight: [] });
  }
  const blobs = await blobNames(dataDir);
  if (blobs.length !== listed.size) failures.push(`cycle ${cycle}: ${blobs.length} blobs on disk for ${listed.size} objects`);
  const tmp = await readdir(join(dataDir, 'tmp'));
  if (tmp.length !== 0) failures.push(`cycle ${cycle}: ${tmp.length} temporaries survived the restart`);
}

/**
 * Runs `cycles` rounds of: start the child server on `dataDir`, verify it against what was
 * acknowledged, drive overwrites, new keys, deletes and multipart completes from several workers
 * (one change at a time per key), SIGKILL it after a random delay.
 */
export async function runCrashCycles(o: CrashOptions): Promise<CrashReport> {
  const rnd = createPrng(o.seed);
  const keys = new Map<string, KeyState>();
  for (let i = 0; i < 12; i++) keys.set(`k${i}`, { ack: null, inflight: [] });
  const report: CrashReport = { cycles: 0, failures: [], inFlightAtKill: 0, acknowledged: 0, startMs: [] };
  const [minKill, maxKill] = o.killAfterMs ?? [20, 300];
  let version = 0;
  for (let cycle = 0; cycle <= o.cycles; cycle++) {
    const child = await startChild(o.childScript, o.dataDir);
    report.startMs.push(child.urls.startMs);
    try {
      await verify(child, o.dataDir, keys, report.failures, cycle);
    } catch (e) {
      // E.g. the server reset a download: a failure, and the child must not outlive the test.
      const { message, cause } = e as Error;
      report.failures.push(`cycle ${cycle}: verification failed: ${message}${cause === undefined ? '' : ` ${inspect(cause)}`}`);
      child.proc.kill('SIGKILL');
      await child.exited;
      return report;
    }
    if (cycle === o.cycles) {
      child.proc.kill('SIGTERM');
      await child.exited;
      break;
    }
    const busy = new Set<string>();
    let killed = false;
    const worker = async (): Promise<void> => {
      while (!killed) {
        let key: string;
        if (rnd() < 0.1) {
          key = `new-${cycle}-${version}`;
          keys.set(key, { ack: null, inflight: [] });
        } else {
          const free = [...keys.keys()].filter((k) => !busy.has(k));
          if (free.length === 0) return;
          key = free[Math.floor(rnd() * free.length)] as string;
        }
        busy.add(key);
        const st = keys.get(key) as KeyState;
        const r = rnd();
        const token = overwriteToken(key);
        try {
          if (r < 0.2) {
            st.inflight = [null];
            const path = `/delete/${b64(`test:${key}`)}`;
            const res = await fetch(`${child.urls.mgrUrl}${path}`, { method: 'POST', headers: { Authorization: manageToken('ak', 'sk', path, '') } });
            await res.arrayBuffer();
            if (res.status >= 500) report.failures.push(`cycle ${cycle}: delete answered ${res.status}`);
            if (res.status === 200 || res.status === 404) {
              st.ack = null;
              report.acknowledged++;
            }
          } else {
            const multipart = r < 0.45;
            const data = contentFor(`c${version++}`, multipart ? 1 + Math.floor(rnd() * 40000) : Math.floor(rnd() * 40000));
            const ctxs = multipart ? await makeBlocks(child.urls, token, data) : [];
            st.inflight = [data];
            const status = multipart ? await mkfile(child.urls, token, data.length, ctxs) : await simplePut(child.urls, token, data);
            if (status >= 500) report.failures.push(`cycle ${cycle}: ${multipart ? 'mkfile' : 'upload'} answered ${status}`);
            if (status === 200) {
              st.ack = data;
              report.acknowledged++;
            }
          }
          st.inflight = [];
        } catch {
          // The connection died with the child: what was in flight may or may not have landed.
        } finally {
          busy.delete(key);
        }
      }
    };
    const workers = Array.from({ length: 6 }, () => worker());
    await new Promise((r) => setTimeout(r, minKill + rnd() * (maxKill - minKill)));
    killed = true;
    child.proc.kill('SIGKILL');
    await child.exited;
    await Promise.allSettled(workers);
    for (const st of keys.values()) if (st.inflight.length > 0) report.inFlightAtKill++;
    report.cycles++;
    o.log?.(`cycle ${cycle}: ${report.acknowledged} acknowledged, ${report.inFlightAtKill} in flight at kills, ${report.failures.length} failures`);
  }
  return report;
}
