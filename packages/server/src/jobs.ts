import { randomBytes } from 'node:crypto';
import { unlink, writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { signHex, splitEntry } from './auth/verify.js';
import { decodeB64uText, encodeB64u } from './encoding.js';
import { badRequest } from './errors.js';
import { computeEtag } from './hash/etag.js';
import { deadlineToExpiry, isVisible } from './http.js';
import { guessMimeType, validateKey } from './keys.js';
import { m3u8Segments } from './m3u8.js';
import { spoolToFile } from './spool.js';
import type { ServerState } from './state.js';
import type { StoredObject } from './store/object-store.js';
import { createZip } from './zip.js';

export const FMGR_OPS = ['fetch', 'copy', 'move', 'delete', 'deletePrefix', 'deletem3u8', 'setdeadline', 'compress'] as const;
export type FmgrOp = (typeof FMGR_OPS)[number];

interface JobItem {
  cmd: string;
  code: number;
  desc: string;
  error: string | null;
  hash: string;
  fsize: number;
  key: string;
  url: string;
}

interface Job {
  id: string;
  kind: 'fmgr' | 'fops';
  code: number;
  desc: string;
  separate: number;
  items: JobItem[];
  accessKey: string;
  notifyUrl: string | undefined;
  input?: { bucket: string; key: string; fsize: number };
}

/** One parsed fmgr command: decoded values by name (§6.1). */
type Command = { raw: string; values: Map<string, string> };

/** Which parameters each fmgr command takes and how they are encoded (§6.2–6.8). */
const COMMAND_SPECS: Record<FmgrOp, { required: string[]; optional: string[]; raw?: string[] }> = {
  fetch: { required: ['fetchURL', 'bucket'], optional: ['key', 'prefix', 'md5', 'decompression', 'fetchTS'], raw: ['md5', 'decompression', 'fetchTS'] },
  copy: { required: ['resource', 'bucket'], optional: ['key', 'prefix'] },
  move: { required: ['resource', 'bucket'], optional: ['key', 'prefix'] },
  delete: { required: ['bucket', 'key'], optional: [] },
  deletePrefix: { required: ['bucket', 'prefix'], optional: ['output'] },
  deletem3u8: { required: ['bucket', 'key'], optional: ['deletets'], raw: ['deletets'] },
  setdeadline: { required: ['bucket', 'deadline'], optional: ['prefix'], raw: ['deadline'] },
  compress: { required: ['bucket', 'saveas'], optional: ['keys', 'keyList'], raw: ['keys'] },
};

/**
 * Parses and validates one `name/value/name/value…` command at submit time; a malformed command
 * refuses the whole submission with 400 (§6.1).
 */
export function parseFmgrCommand(op: FmgrOp, raw: string, nowMs: number): Command {
  const spec = COMMAND_SPECS[op];
  const segs = raw.split('/');
  if (raw === '' || segs.length % 2 !== 0) throw badRequest(`malformed ${op} command: expected name/value pairs`);
  const values = new Map<string, string>();
  for (let i = 0; i < segs.length; i += 2) {
    const name = segs[i] as string;
    const value = segs[i + 1] as string;
    if (![...spec.required, ...spec.optional].includes(name)) throw badRequest(`unknown parameter "${name}" in ${op} command`);
    if (values.has(name)) throw badRequest(`duplicate parameter "${name}" in ${op} command`);
    values.set(name, spec.raw?.includes(name) ? value : decodeB64uText(value, `${op} ${name}`));
  }
  for (const r of spec.required) if (!values.has(r)) throw badRequest(`${op} command needs "${r}"`);
  const v = (n: string): string | undefined => values.get(n);
  switch (op) {
    case 'fetch': {
      let url: URL;
      try {
        url = new URL(v('fetchURL') as string);
      } catch {
        throw badRequest('fetchURL is not a URL');
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw badRequest('fetchURL must be http or https');
      const md5 = v('md5');
      if (md5 !== undefined && !/^[0-9a-fA-F]{32}$/.test(md5)) throw badRequest('md5 must be 32 hex characters');
      const dec = v('decompression');
      if (dec !== undefined && !['zip', 'tar', 'gzip'].includes(dec)) throw badRequest('decompression must be zip, tar or gzip');
      break;
    }
    case 'copy':
    case 'move': {
      const { key } = splitEntry(v('resource') as string);
      if (key === undefined || key === '') throw badRequest('resource must encode "bucket:key"');
      break;
    }
    case 'deletem3u8':
      if (v('deletets') !== undefined && !['0', '1'].includes(v('deletets') as string)) throw badRequest('deletets must be 0 or 1');
      break;
    case 'setdeadline':
      if (!/^-?\d+$/.test(v('deadline') as string) || Number(v('deadline')) < -1) throw badRequest('deadline must be an integer >= -1');
      // Refused at submit time: the job would otherwise fail later, out of the client's sight.
      deadlineToExpiry(Number(v('deadline')), nowMs);
      break;
    case 'compress': {
      const { key } = splitEntry(v('saveas') as string);
      if (key === undefined || key === '') throw badRequest('saveas must encode "bucket:key"');
      if (!values.has('keys') && !values.has('keyList')) throw badRequest('compress needs keys or keyList');
      const keys = v('keys');
      if (keys !== undefined) values.set('keys', keys.split('|').map((k) => decodeB64uText(k, 'compress keys')).join('\n'));
      break;
    }
    case 'deletePrefix':
      // Undocumented case (§6.6); refusing is the safe reading: an empty prefix covers the whole bucket.
      if (v('prefix') === '') throw badRequest('deletePrefix needs a non-empty prefix (an empty one would delete the whole bucket)');
      break;
    case 'delete':
      break;
  }
  return { raw, values };
}

function newJobId(): string {
  return `${Date.now().toString(16)}${randomBytes(10).toString('hex')}`;
}

/** Directory semantics for prefixes (§6.6): `test` covers `test/…`, never `test123`. */
function dirPrefix(prefix: string): string {
  return prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
}

class ItemFailure extends Error {}

/**
 * Background jobs for /fmgr/* and /fops. A job is pending for half of jobDelayMs, then processing
 * while its commands run, and done (code 3) no sooner than jobDelayMs after submission (§6.9).
 */
export class JobManager {
  private readonly jobs = new Map<string, Job>();
  private readonly running = new Set<Promise<void>>();
  private readonly wakers = new Set<() => void>();

  constructor(private readonly state: () => ServerState) {}

  get(id: string): Job | undefined {
    return this.jobs.get(id);
  }

  private delay(ms: number): Promise<void> {
    // Once the server is closing, a job must not start a new sleep: close() has already woken
    // the sleepers it saw, and nothing would wake this one before jobDelayMs.
    if (this.state().closing) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakers.add(wake);
    });
  }

  private start(job: Job, exec: (item: JobItem, index: number) => Promise<void>): void {
    this.jobs.set(job.id, job);
    const st = this.state();
    const startedAt = Date.now();
    const p = (async () => {
      await this.delay(st.jobDelayMs / 2);
      job.code = 1;
      job.desc = 'processing';
      for (const [i, item] of job.items.entries()) {
        if (st.closing) break;
        item.code = 1;
        item.desc = 'processing';
        try {
          await exec(item, i);
          item.code = 3;
          item.desc = job.kind === 'fmgr' ? 'fileOperateSucceed' : 'fopsSucceed';
        } catch (e) {
          item.code = 2;
          item.desc = job.kind === 'fmgr' ? 'fileOperateFailed' : 'fopsFailed';
          item.error = (e as Error).message;
        }
      }
      await this.delay(Math.max(0, st.jobDelayMs - (Date.now() - startedAt)));
      job.code = 3;
      const failed = job.items.some((it) => it.code === 2);
      job.desc = job.kind === 'fmgr' ? (failed ? 'fileOperateFailed' : 'fileOperateSucceed') : failed ? 'fopsFailed' : 'fopsSucceed';
      if (job.notifyUrl !== undefined && !st.closing) await this.notify(job);
    })().finally(() => {
      this.running.delete(p);
    });
    this.running.add(p);
  }

  /** Status JSON of §6.9 (fmgr) or §7.2 (fops). */
  status(job: Job): Record<string, unknown> {
    const base: Record<string, unknown> = { id: job.id, code: job.code, desc: job.desc, separate: job.separate };
    if (job.kind === 'fops' && job.input !== undefined) {
      base.inputkey = job.input.key;
      base.inputbucket = job.input.bucket;
      base.inputfsize = job.input.fsize;
    }
    base.items = job.items.map((it) => (job.kind === 'fops' ? { ...it, costTime: 0 } : { ...it }));
    return base;
  }

  /**
   * Best-effort notification (one attempt, not the vendor's 8): POST Base64 of the status JSON
   * with Authorization per §2.3. fmgr (§6.10) uses standard Base64 and signs
   * `url + "\n" + b64u(body)`; fops (§7.3) URL-safe Base64 and signs `url + "\n" + body`.
   * Status code while notifying is 4, then 6 (delivered) or 5 (failed).
   */
  private async notify(job: Job): Promise<void> {
    const url = job.notifyUrl as string;
    const st = this.state();
    const sk = st.credentials.get(job.accessKey) ?? '';
    const bodies = job.separate === 1
      ? job.items.map((it, i) => ({ ...this.status(job), code: it.code === 2 ? 2 : i === job.items.length - 1 ? 3 : 1, items: [it] }))
      : [{ ...this.status(job), code: 3 }];
    job.code = 4;
    let ok = true;
    for (const b of bodies) {
      const json = Buffer.from(JSON.stringify(b));
      const text = job.kind === 'fmgr' ? json.toString('base64') : encodeB64u(json);
      const signed = job.kind === 'fmgr' ? `${url}\n${encodeB64u(text)}` : `${url}\n${text}`;
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'text/plain; charset=UTF-8', Authorization: `${job.accessKey}:${signHex(sk, signed)}` },
          body: text,
          signal: AbortSignal.timeout(10_000),
        });
        await res.arrayBuffer();
        if (res.status !== 200) ok = false;
      } catch {
        ok = false;
      }
    }
    job.code = ok ? 6 : 5;
  }

  submitFmgr(op: FmgrOp, accessKey: string, commands: Command[], notifyUrl: string | undefined, separate: number, force: boolean): string {
    const job: Job = {
      id: newJobId(), kind: 'fmgr', code: 0, desc: 'pending', separate, accessKey, notifyUrl,
      items: commands.map((c) => ({ cmd: c.raw, code: 0, desc: 'pending', error: null, hash: '', fsize: 0, key: '', url: '' })),
    };
    this.start(job, (item, i) => this.runFmgr(op, (commands[i] as Command).values, item, force));
    return job.id;
  }

  /**
   * Starts a /fops or persistentOps job. This server does no audio/video processing or content
   * detection, so every command finishes FAILED (item code 2, error "… not supported by the local
   * WCS server"); the job itself completes (top-level code 3, §7.2) so clients see the real
   * outcome per item instead of waiting forever. It never pretends success.
   */
  submitFops(input: { accessKey: string; bucket: string; key: string; fsize: number; ops: string; notifyUrl: string | undefined; separate: number }): string {
    const cmds = input.ops.split(';').map((c) => c.trim()).filter((c) => c !== '');
    const job: Job = {
      id: newJobId(), kind: 'fops', code: 0, desc: 'pending', separate: input.separate, accessKey: input.accessKey,
      notifyUrl: input.notifyUrl, input: { bucket: input.bucket, key: input.key, fsize: input.fsize },
      items: cmds.map((c) => ({ cmd: c, code: 0, desc: 'pending', error: null, hash: '', fsize: 0, key: '', url: '' })),
    };
    this.start(job, (item) => {
      const name = item.cmd.split(/[/|]/)[0] ?? item.cmd;
      return Promise.reject(new ItemFailure(`${name} is not supported by the local WCS server`));
    });
    return job.id;
  }

  private requireBucket(bucket: string): void {
    if (!this.state().store.bucketNames().includes(bucket)) throw new ItemFailure(`bucket does not exist: ${bucket}`);
  }

  private visible(bucket: string, key: string): StoredObject | undefined {
    const st = this.state();
    const o = st.store.head(bucket, key);
    return isVisible(o, st.now()) ? o : undefined;
  }

  private fill(item: JobItem, o: StoredObject): void {
    item.hash = o.hash;
    item.fsize = o.fsize;
    item.key = o.key;
    item.url = this.state().objectUrl(o.bucket, o.key);
  }

  /** The visible objects under a directory prefix (all of the bucket without one), page by page from the store. */
  private underDir(bucket: string, prefix: string | undefined): StoredObject[] {
    const st = this.state();
    const dir = prefix === undefined ? '' : dirPrefix(prefix);
    const out: StoredObject[] = [];
    for (let after: string | undefined; ;) {
      const page = st.store.listPage(bucket, { prefix: dir, visibleAt: st.now(), limit: 1000, ...(after !== undefined ? { after } : {}) });
      out.push(...page);
      if (page.length < 1000) return out;
      after = (page[page.length - 1] as StoredObject).key;
    }
  }

  private async runFmgr(op: FmgrOp, v: Map<string, string>, item: JobItem, force: boolean): Promise<void> {
    const st = this.state();
    const bucket = v.get('bucket') as string;
    this.requireBucket(bucket);
    const now = st.now();
    switch (op) {
      case 'fetch': {
        const url = new URL(v.get('fetchURL') as string);
        if (v.has('decompression')) throw new ItemFailure('decompression is not supported by the local WCS server');
        let key = v.get('key') ?? decodeURIComponent(url.pathname.replace(/^\/+/, ''));
        const prefix = v.get('prefix');
        if (prefix !== undefined && prefix !== '') key = `${dirPrefix(prefix)}${key}`;
        this.checkKey(key);
        if (!force && this.visible(bucket, key) !== undefined) throw new ItemFailure('file exists (use force=1 to overwrite)');
        const res = await fetch(url, { signal: AbortSignal.timeout(60_000) });
        if (res.status !== 200 || res.body === null) {
          await res.arrayBuffer().catch(() => undefined);
          throw new ItemFailure(`fetch failed: source answered ${res.status}`);
        }
        const tmp = st.store.newTempPath();
        try {
          const spool = await spoolToFile(Readable.fromWeb(res.body), tmp);
          const md5 = v.get('md5');
          if (md5 !== undefined && md5.toLowerCase() !== spool.md5) throw new ItemFailure(`md5 mismatch: fetched content has md5 ${spool.md5}`);
          const o: StoredObject = {
            bucket, key, fsize: spool.size, hash: spool.etag, mimeType: res.headers.get('content-type')?.split(';')[0]?.trim() || guessMimeType(key),
            putTime: now, expiresAt: null, type: 'Normal',
          };
          await st.store.put(o, tmp);
          this.fill(item, o);
        } finally {
          await unlink(tmp).catch(() => undefined);
        }
        return;
      }
      case 'copy':
      case 'move': {
        const src = splitEntry(v.get('resource') as string) as { bucket: string; key: string };
        this.requireBucket(src.bucket);
        let key = v.get('key') ?? src.key;
        const prefix = v.get('prefix');
        if (prefix !== undefined && prefix !== '') key = `${dirPrefix(prefix)}${key}`;
        this.checkKey(key);
        // Within one bucket a distinct key is required (§6.3).
        if (src.bucket === bucket && src.key === key) throw new ItemFailure('destination equals source: give a different key');
        const o = this.visible(src.bucket, src.key);
        if (o === undefined) throw new ItemFailure('file not exist');
        const tmp = await st.store.copyToTemp(src.bucket, src.key);
        const copy: StoredObject = { ...o, bucket, key, putTime: op === 'copy' ? now : o.putTime };
        try {
          await st.store.put(copy, tmp);
        } catch (e) {
          await unlink(tmp).catch(() => undefined);
          throw e;
        }
        if (op === 'move') st.store.remove(src.bucket, src.key);
        this.fill(item, copy);
        return;
      }
      case 'delete': {
        // Deleting a non-existent object reports success (§6.5).
        const key = v.get('key') as string;
        item.key = key;
        st.store.remove(bucket, key);
        return;
      }
      case 'deletePrefix': {
        const victims = this.underDir(bucket, v.get('prefix'));
        for (const o of victims) st.store.remove(bucket, o.key);
        item.desc = `deleted ${victims.length}`;
        const output = v.get('output');
        if (output !== undefined) {
          const dst = splitEntry(output);
          if (dst.key === undefined || dst.key === '') throw new ItemFailure('output must encode "bucket:key"');
          this.requireBucket(dst.bucket);
          await this.storeBuffer(dst.bucket, dst.key, Buffer.from(`deleted ${victims.length} objects\n${victims.map((o) => o.key).join('\n')}\n`), 'text/plain');
        }
        return;
      }
      case 'deletem3u8': {
        const key = v.get('key') as string;
        const o = this.visible(bucket, key);
        if (o === undefined) throw new ItemFailure('file not exist');
        const segments = v.get('deletets') === '0' ? [] : await m3u8Segments(st, o);
        for (const s of segments) st.store.remove(bucket, s);
        st.store.remove(bucket, key);
        item.key = key;
        return;
      }
      case 'setdeadline': {
        const expiresAt = deadlineToExpiry(Number(v.get('deadline')), now);
        for (const o of this.underDir(bucket, v.get('prefix'))) st.store.setExpiry(bucket, o.key, expiresAt);
        return;
      }
      case 'compress': {
        const dst = splitEntry(v.get('saveas') as string) as { bucket: string; key: string };
        this.requireBucket(dst.bucket);
        this.checkKey(dst.key);
        if (!force && this.visible(dst.bucket, dst.key) !== undefined) throw new ItemFailure('file exists (use force=1 to overwrite)');
        const names = (v.get('keys') ?? '').split('\n').filter((k) => k !== '');
        const listKey = v.get('keyList');
        if (listKey !== undefined) {
          const lo = this.visible(bucket, listKey);
          if (lo === undefined) throw new ItemFailure(`keyList object not exist: ${listKey}`);
          names.push(...(await this.readAll(lo)).toString('utf8').split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== ''));
        }
        const objects: StoredObject[] = [];
        for (const name of names) {
          if (name.endsWith('/')) {
            objects.push(...this.underDir(bucket, name));
            continue;
          }
          const o = this.visible(bucket, name);
          if (o === undefined) throw new ItemFailure(`file not exist: ${name}`);
          objects.push(o);
        }
        const entries = [];
        for (const o of objects) entries.push({ name: o.key, data: await this.readAll(o) });
        const saved = await this.storeBuffer(dst.bucket, dst.key, createZip(entries, new Date(now)), 'application/zip');
        this.fill(item, saved);
        return;
      }
    }
  }

  private checkKey(key: string): void {
    try {
      validateKey(key);
    } catch (e) {
      throw new ItemFailure((e as Error).message);
    }
  }

  private async readAll(o: StoredObject): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const c of this.state().store.read(o.bucket, o.key)) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }

  private async storeBuffer(bucket: string, key: string, data: Buffer, mimeType: string): Promise<StoredObject> {
    const st = this.state();
    const tmp = st.store.newTempPath();
    const o: StoredObject = { bucket, key, fsize: data.length, hash: computeEtag(data), mimeType, putTime: st.now(), expiresAt: null, type: 'Normal' };
    try {
      await writeFile(tmp, data);
      await st.store.put(o, tmp);
    } catch (e) {
      await unlink(tmp).catch(() => undefined);
      throw e;
    }
    return o;
  }

  /** Wakes sleeping jobs and waits for them to stop. */
  async close(): Promise<void> {
    while (this.running.size > 0) {
      for (const w of [...this.wakers]) w();
      await Promise.allSettled([...this.running]);
    }
  }
}
