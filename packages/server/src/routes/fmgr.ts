import { decodeB64uText } from '../encoding.js';
import { badRequest, notFound } from '../errors.js';
import { parseForm, requireBucket, sendJson, visibleObject, type RequestContext } from '../http.js';
import { FMGR_OPS, parseFmgrCommand, type FmgrOp } from '../jobs.js';
import { splitEntry } from '../auth/verify.js';

function flag(value: string | null, name: string): number {
  if (value === null || value === '') return 0;
  if (value !== '0' && value !== '1') throw badRequest(`${name} must be 0 or 1`);
  return Number(value);
}

function notifyUrlParam(value: string | null): string | undefined {
  if (value === null || value === '') return undefined;
  const url = decodeB64uText(value, 'notifyURL');
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
  } catch {
    throw badRequest('notifyURL must be an http(s) URL');
  }
  return url;
}

/** `POST /fmgr/<op>` body `fops=<cmd>;<cmd>&notifyURL=<b64u>&separate=0|1&force=0|1` (§6.1). */
export function handleFmgrSubmit(ctx: RequestContext, op: string, body: Buffer, accessKey: string): void {
  if (!(FMGR_OPS as readonly string[]).includes(op)) throw notFound(`unknown fmgr operation: ${op}`);
  const form = parseForm(body);
  const fops = form.get('fops');
  if (fops === null || fops === '') throw badRequest('fops is required');
  const commands = fops.split(';').filter((c) => c !== '').map((c) => parseFmgrCommand(op as FmgrOp, c, ctx.state.now()));
  if (commands.length === 0) throw badRequest('fops has no command');
  const id = ctx.state.jobs.submitFmgr(
    op as FmgrOp, accessKey, commands, notifyUrlParam(form.get('notifyURL')), flag(form.get('separate'), 'separate'), flag(form.get('force'), 'force') === 1,
  );
  sendJson(ctx, 200, { persistentId: id });
}

/** `GET /fmgr/status` and `GET /status/get/prefop` — no token needed (§2.2). Unknown id → 404. */
export function handleJobStatus(ctx: RequestContext, kind: 'fmgr' | 'fops'): void {
  const id = ctx.query.get('persistentId');
  if (id === null || id === '') throw badRequest('persistentId is required');
  const job = ctx.state.jobs.get(id);
  if (job === undefined || job.kind !== kind) throw notFound('persistentId not found');
  sendJson(ctx, 200, ctx.state.jobs.status(job));
}

/** `POST /fops` body `bucket=<b64u>&key=<b64u>&fops=<b64u>[&notifyURL=<b64u>][&force][&separate]` (§7.1). */
export function handleFopsSubmit(ctx: RequestContext, body: Buffer, accessKey: string): void {
  const form = parseForm(body);
  const bucket = decodeB64uText(form.get('bucket') ?? '', 'bucket');
  const key = decodeB64uText(form.get('key') ?? '', 'key');
  const ops = decodeB64uText(form.get('fops') ?? '', 'fops');
  if (bucket === '') throw badRequest('bucket is required');
  if (key === '') throw badRequest('key is required');
  if (ops.trim() === '') throw badRequest('fops is required');
  flag(form.get('force'), 'force');
  const separate = flag(form.get('separate'), 'separate');
  for (const cmd of ops.split(';')) {
    if (cmd.trim() === '') continue;
    const pipes = cmd.split('|');
    if ((pipes[0] ?? '').trim() === '') throw badRequest('empty fops command');
    for (const p of pipes.slice(1)) {
      if (p.startsWith('saveas/')) {
        const entry = splitEntry(decodeB64uText(p.slice('saveas/'.length), 'saveas'));
        if (entry.key === undefined || entry.key === '') throw badRequest('saveas must encode "bucket:key"');
      }
    }
  }
  requireBucket(ctx.state.store, bucket);
  const o = visibleObject(ctx.state, bucket, key);
  if (o === undefined) throw notFound();
  const id = ctx.state.jobs.submitFops({ accessKey, bucket, key, fsize: o.fsize, ops, notifyUrl: notifyUrlParam(form.get('notifyURL')), separate });
  sendJson(ctx, 200, { persistentId: id });
}
