import { unlink } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { verifyUploadToken, type VerifiedUploadToken } from '../auth/verify.js';
import { WcsHttpError, badRequest, unauthorized } from '../errors.js';
import { deadlineToExpiry, parseIntParam, requireBucket, visibleObject, type RequestContext } from '../http.js';
import { EtagHasher } from '../hash/etag.js';
import { guessMimeType, validateKey } from '../keys.js';
import type { StoredObject } from '../store/object-store.js';
import { bumpCounter } from '../state.js';
import { parseUploadForm, type ParseUploadFormOptions, type ParsedUploadForm } from './multipart.js';
import { respondToUpload, startPersistentOps } from './upload-result.js';
import { createReadStream } from 'node:fs';

/**
 * Key precedence for normal/append upload. `bucket:key` scope pins the key and a different form
 * key is refused (401, a scope mismatch, §10.1); with a bucket-only scope the form `key`, then
 * the policy `saveKey`, then a b64u `Key` header name it. The precedence is [U] (§1.3).
 */
export function resolveUploadKey(token: VerifiedUploadToken, formKey: string | undefined, headerKey: string | undefined): string {
  if (token.scopeKey !== undefined) {
    if (formKey !== undefined && formKey !== token.scopeKey) {
      throw unauthorized('key does not match the upload token scope');
    }
    return validateKey(token.scopeKey);
  }
  const key = formKey ?? token.policy.saveKey ?? headerKey;
  if (key === undefined) throw badRequest('no key: give it in the token scope, the form field "key" or saveKey');
  return validateKey(key);
}

function customVars(fields: Map<string, string>): Map<string, string> {
  const custom = new Map<string, string>();
  for (const [k, v] of fields) if (k.startsWith('x:')) custom.set(k, v);
  return custom;
}

function checkSizeLimit(token: VerifiedUploadToken, size: number): void {
  const limit = token.policy.fsizeLimit;
  // Docs say 401 for fsizeLimit (wcs-api.md §2.1); Java v1's javadoc says 413 (§12.13).
  if (limit !== undefined && size > limit) throw unauthorized(`file size ${size} exceeds fsizeLimit ${limit}`);
}

/**
 * With the token before the file part (the usual order, §4.1), a bad token is refused before the
 * file is read, and the file part is cut off as soon as it passes the policy's fsizeLimit: a
 * refused upload is neither received in full nor spooled to disk. With the file first (Node SDK
 * order, §12.21) the token is checked after the body, as before.
 */
function earlyTokenCheck(ctx: RequestContext): ParseUploadFormOptions {
  return {
    onEarlyToken: (text) => ({ fileLimit: verifyUploadToken(text, ctx.state.credentials, ctx.state.now()).policy.fsizeLimit }),
    fileLimitError: (limit) => unauthorized(`file size exceeds fsizeLimit ${limit}`),
  };
}

function formDeadline(form: ParsedUploadForm, nowMs: number): number | null {
  const days = parseIntParam(form.fields.get('deadline'), 'deadline');
  return days === undefined ? null : deadlineToExpiry(days, nowMs);
}

/** `POST /file/upload` (wcs-api.md §4.1). */
export async function handleFileUpload(ctx: RequestContext): Promise<void> {
  const form = await parseUploadForm(ctx, earlyTokenCheck(ctx));
  const file = form.file;
  let stored = false;
  try {
    const { state } = ctx;
    const token = verifyUploadToken(form.fields.get('token'), state.credentials, state.now());
    requireBucket(state.store, token.bucket);
    const key = resolveUploadKey(token, form.fields.get('key'), undefined);
    if (file === undefined) throw badRequest('missing form part "file"');
    checkSizeLimit(token, file.spool.size);
    const existing = visibleObject(state, token.bucket, key);
    // overwrite=0 (the default) refuses an existing object: 406 per the js-sdk table (§10.1).
    if (existing !== undefined && token.policy.overwrite !== 1) throw new WcsHttpError(406, 'file exists');
    const now = state.now();
    const object: StoredObject = {
      bucket: token.bucket,
      key,
      fsize: file.spool.size,
      hash: file.spool.etag,
      mimeType: form.fields.get('mimeType') || guessMimeType(key),
      putTime: now,
      expiresAt: formDeadline(form, now),
      type: 'Normal',
    };
    // The check above answers early; the store repeats it in the commit, so of racing uploads
    // without overwrite exactly one creates the object.
    await state.store.put(object, file.path, token.policy.overwrite === 1 ? {} : { ifAbsentAt: now });
    stored = true;
    bumpCounter(state, token.bucket, 'uploadRequest');
    const persistentId = startPersistentOps(ctx, token, object);
    await respondToUpload(ctx, {
      token, object, fname: file.filename, custom: customVars(form.fields),
      ...(persistentId !== undefined ? { persistentId } : {}),
    });
  } finally {
    if (!stored && file !== undefined) await unlink(file.path).catch(() => undefined);
  }
}

/**
 * `POST /append/<position>` (wcs-api.md §4.3): same form as normal upload; position must equal
 * the current size (0 creates). The success body is [U]: `{"hash","key"}` like a normal upload,
 * plus the next position in `x-wcs-next-append-position` (§12.11 spelling).
 */
export async function handleAppend(ctx: RequestContext, position: string): Promise<void> {
  const pos = parseIntParam(position, 'position');
  if (pos === undefined || pos < 0) {
    ctx.body.resume();
    throw badRequest('append position must be a non-negative integer');
  }
  const form = await parseUploadForm(ctx, earlyTokenCheck(ctx));
  const file = form.file;
  let merged: string | undefined;
  try {
    const { state } = ctx;
    const token = verifyUploadToken(form.fields.get('token'), state.credentials, state.now());
    requireBucket(state.store, token.bucket);
    const key = resolveUploadKey(token, form.fields.get('key'), undefined);
    if (file === undefined) throw badRequest('missing form part "file"');
    const existing = visibleObject(state, token.bucket, key);
    const current = existing?.fsize ?? 0;
    if (existing !== undefined && existing.type !== 'Appendable') throw new WcsHttpError(409, 'object is not appendable');
    if (pos !== current) {
      throw new WcsHttpError(400, `append position ${pos} does not match the object size ${current}`, {
        'x-wcs-next-append-position': String(current),
      });
    }
    checkSizeLimit(token, file.spool.size);
    let hash = file.spool.etag;
    let contentPath = file.path;
    if (existing !== undefined) {
      merged = await state.store.copyToTemp(token.bucket, key);
      await pipeline(createReadStream(file.path), createWriteStream(merged, { flags: 'a' }));
      const hasher = new EtagHasher();
      for await (const chunk of createReadStream(merged)) hasher.update(chunk as Buffer);
      hash = hasher.digest();
      contentPath = merged;
    }
    const now = state.now();
    const object: StoredObject = {
      bucket: token.bucket,
      key,
      fsize: current + file.spool.size,
      hash,
      mimeType: form.fields.get('mimeType') || existing?.mimeType || guessMimeType(key),
      putTime: now,
      expiresAt: form.fields.has('deadline') ? formDeadline(form, now) : (existing?.expiresAt ?? null),
      type: 'Appendable',
    };
    await state.store.put(object, contentPath);
    if (contentPath === merged) merged = undefined;
    bumpCounter(state, token.bucket, 'uploadRequest');
    await respondToUpload(
      ctx,
      { token, object, fname: file.filename, custom: customVars(form.fields) },
      { 'x-wcs-object-type': 'Appendable', 'x-wcs-next-append-position': String(object.fsize) },
    );
  } finally {
    if (file !== undefined) await unlink(file.path).catch(() => undefined);
    if (merged !== undefined) await unlink(merged).catch(() => undefined);
  }
}
