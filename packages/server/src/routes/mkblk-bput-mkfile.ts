import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { unlink, writeFile } from 'node:fs/promises';
import { verifyUploadToken, type VerifiedUploadToken } from '../auth/verify.js';
import { decodeB64uText } from '../encoding.js';
import { WcsHttpError, badCtx, badRequest, refuseAndClose, unauthorized } from '../errors.js';
import { EtagHasher, ETAG_BLOCK_SIZE, etagFromBlockSha1s } from '../hash/etag.js';
import { deadlineToExpiry, parseIntParam, readBody, requireBucket, sendJson, visibleObject, type RequestContext } from '../http.js';
import { guessMimeType, validateKey } from '../keys.js';
import { isJsonTemplate, renderJsonTemplate, renderQueryTemplate } from '../render.js';
import { spoolToFile } from '../spool.js';
import { bumpCounter, purgeExpiredBlocks, type BlockState } from '../state.js';
import type { StoredObject } from '../store/object-store.js';
import { isStorageFailure, storageError } from '../store/storage-error.js';
import { startPersistentOps, uploadVars } from './upload-result.js';

/** Largest block accepted by mkblk. Blocks are 4 MiB × n (§4.2); this caps n. */
const MAX_BLOCK_SIZE = 1024 * ETAG_BLOCK_SIZE;

/**
 * Largest mkfile body: one ctx per block (§4.2), so the generic 1 MiB body limit would refuse
 * files of more than ~4,700 blocks (~18 GiB at 4 MiB). This fits 262,144 ctxs (1 TiB at 4 MiB
 * blocks) of up to 511 bytes each plus the comma; this server's ctxs are ~220 bytes.
 */
export const MAX_MKFILE_BODY_BYTES = 262_144 * 512;

interface CtxPayload {
  id: string;
  blockSize: number;
  order: number;
  offset: number;
  ak: string;
  bucket: string;
}

function uploadTokenFromHeader(ctx: RequestContext): VerifiedUploadToken {
  const token = verifyUploadToken(ctx.req.headers.authorization, ctx.state.credentials, ctx.state.now());
  requireBucket(ctx.state.store, token.bucket);
  return token;
}

/** ctx = b64u(JSON payload) + "." + b64u(HMAC-SHA256(server secret, payload)): unforgeable. */
function encodeCtx(secret: Buffer, p: CtxPayload): string {
  const body = Buffer.from(JSON.stringify(p)).toString('base64url');
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

function decodeCtx(secret: Buffer, ctxText: string): CtxPayload {
  const dot = ctxText.indexOf('.');
  if (dot < 0) throw badCtx('invalid ctx');
  const body = ctxText.slice(0, dot);
  const mac = Buffer.from(ctxText.slice(dot + 1), 'base64url');
  const expected = createHmac('sha256', secret).update(body).digest();
  if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) throw badCtx('invalid ctx: verification failed');
  return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as CtxPayload;
}

/** Looks up the block of a ctx and checks it belongs to this token's AK and bucket. */
function blockForCtx(ctx: RequestContext, token: VerifiedUploadToken, ctxText: string): { block: BlockState; payload: CtxPayload } {
  const payload = decodeCtx(ctx.state.ctxSecret, ctxText);
  const block = ctx.state.blocks.get(payload.id);
  if (block === undefined) throw badCtx('ctx refers to an unknown or expired block');
  if (!block.busy && ctx.state.now() - block.touchedAt > ctx.state.blockTtlMs) {
    void ctx.state.track(purgeExpiredBlocks(ctx.state));
    throw badCtx('ctx refers to an unknown or expired block');
  }
  if (payload.ak !== token.accessKey || payload.bucket !== token.bucket) {
    throw badCtx('ctx was issued to another access key or bucket');
  }
  if (payload.offset !== block.offset) throw badCtx('ctx is not the latest for its block');
  return { block, payload };
}

/** Streams one chunk into the block file at `block.offset` and answers mkblk/bput (§4.2, §3.3). */
async function receiveChunk(ctx: RequestContext, block: BlockState): Promise<void> {
  if (block.busy) {
    ctx.body.resume();
    throw badCtx('another chunk of this block is being uploaded');
  }
  block.busy = true;
  try {
    const room = block.blockSize - block.offset;
    // Hash into a copy: a chunk that fails or is refused must leave the digest state untouched,
    // exactly like the offset, so a retry of the same bytes at the same offset hashes correctly.
    const etag = block.etag.copy();
    let spool;
    try {
      spool = await spoolToFile(ctx.body, block.path, { limit: room, flags: 'r+', start: block.offset, etag });
    } catch (e) {
      // A full or failing disk answers at once, without server paths, and the block stays as it
      // was (same offset and digest), so the chunk can be sent again once there is room.
      if (isStorageFailure(e)) throw refuseAndClose(storageError(e, 'store the chunk'));
      throw e;
    }
    if (spool.overLimit) throw badRequest(`chunk of ${spool.size} bytes exceeds the ${room} bytes left in the block`);
    if (spool.size === 0) throw badRequest('empty chunk');
    block.offset += spool.size;
    block.etag = etag;
    block.touchedAt = ctx.state.now();
    // Each block is made durable as it completes, overlapping with the transfer of the next,
    // so mkfile does not fsync the whole object at the end.
    if (block.offset === block.blockSize) await ctx.state.store.syncTemp(block.path);
    const next: CtxPayload = {
      id: block.id, blockSize: block.blockSize, order: block.order, offset: block.offset, ak: block.accessKey, bucket: block.bucket,
    };
    // checksum = hex MD5 of the chunk, the Java v1 meaning (§3.3, §12.9); crc32 = CRC-32/IEEE.
    sendJson(ctx, 200, { ctx: encodeCtx(ctx.state.ctxSecret, next), checksum: spool.md5, crc32: spool.crc32, offset: block.offset });
  } finally {
    block.busy = false;
  }
}

/** `POST /mkblk/<blockSize>/<blockOrder>`. */
export async function handleMkblk(ctx: RequestContext, sizeText: string, orderText: string): Promise<void> {
  const token = uploadTokenFromHeader(ctx);
  const blockSize = parseIntParam(sizeText, 'blockSize');
  const order = parseIntParam(orderText, 'blockOrder');
  if (blockSize === undefined || blockSize <= 0 || blockSize > MAX_BLOCK_SIZE) throw badRequest(`blockSize must be within 1..${MAX_BLOCK_SIZE}`);
  if (order === undefined || order < 0) throw badRequest('blockOrder must be a non-negative integer');
  const limit = token.policy.fsizeLimit;
  // A block larger than the file may be can only belong to a refused file: refused before its
  // bytes are read, as /file/upload refuses (401, wcs-api.md §2.1).
  if (limit !== undefined && blockSize > limit) throw refuseAndClose(unauthorized(`block size ${blockSize} exceeds fsizeLimit ${limit}`));
  void ctx.state.track(purgeExpiredBlocks(ctx.state));
  const block: BlockState = {
    id: randomUUID(), accessKey: token.accessKey, bucket: token.bucket, blockSize, order, offset: 0,
    path: ctx.state.store.newTempPath(), etag: new EtagHasher(), busy: false, touchedAt: ctx.state.now(),
  };
  try {
    await writeFile(block.path, Buffer.alloc(0));
  } catch (e) {
    throw refuseAndClose(storageError(e, 'create the block'));
  }
  ctx.state.blocks.set(block.id, block);
  try {
    await receiveChunk(ctx, block);
  } catch (e) {
    ctx.state.blocks.delete(block.id);
    await unlink(block.path).catch(() => undefined);
    throw e;
  }
}

/** `POST /bput/<ctx>/<nextChunkOffset>`. */
export async function handleBput(ctx: RequestContext, ctxText: string, offsetText: string): Promise<void> {
  const token = uploadTokenFromHeader(ctx);
  const offset = parseIntParam(offsetText, 'offset');
  if (offset === undefined || offset < 0) throw badRequest('offset must be a non-negative integer');
  const { block } = blockForCtx(ctx, token, ctxText);
  if (offset !== block.offset) throw badCtx(`offset ${offset} does not match the block offset ${block.offset}`);
  if (block.offset >= block.blockSize) throw badCtx('block is already complete');
  await receiveChunk(ctx, block);
}

/** Parses `/<name>/<b64u(value)>` pairs after `/mkfile/<fileSize>` (§4.2). */
function parseMkfileParams(segments: string[]): Map<string, string> {
  if (segments.length % 2 !== 0) throw badRequest('mkfile parameters must be /<name>/<b64u(value)> pairs');
  const params = new Map<string, string>();
  for (let i = 0; i < segments.length; i += 2) {
    const name = decodeURIComponent(segments[i] as string);
    const value = decodeB64uText(segments[i + 1] as string, `mkfile parameter ${name}`);
    if (!(name.startsWith('x:') || ['key', 'mimeType', 'fname', 'deadline'].includes(name))) {
      throw badRequest(`unknown mkfile parameter: ${name}`);
    }
    params.set(name, value);
  }
  return params;
}

/**
 * `POST /mkfile/<fileSize>[/x:name/<b64u>…][/key/<b64u>]`, body = last ctx of every block, in
 * order. Every block must be complete; all but the last the same 4 MiB multiple, the last no
 * larger; the sizes must add up to fileSize. The etag is the server's own, from the SHA-1s it
 * computed of the bytes it stored as they arrived (per 4 MiB, kept per block); the blocks' files
 * become the object's content without being read or copied again.
 */
export async function handleMkfile(ctx: RequestContext, sizeText: string, rest: string[]): Promise<void> {
  const token = uploadTokenFromHeader(ctx);
  const fileSize = parseIntParam(sizeText, 'fileSize');
  if (fileSize === undefined || fileSize < 0) throw badRequest('fileSize must be a non-negative integer');
  const params = parseMkfileParams(rest);
  const body = (await readBody(ctx, MAX_MKFILE_BODY_BYTES)).toString('utf8').trim();
  if (body === '') throw badRequest('mkfile body must list the ctx of every block');
  const ctxs = body.split(',');
  const blocks = ctxs.map((c) => blockForCtx(ctx, token, c.trim()).block);
  if (new Set(blocks.map((b) => b.id)).size !== blocks.length) throw badCtx('the same block is listed twice');
  blocks.forEach((b, i) => {
    if (b.offset !== b.blockSize) throw badCtx(`block ${i} is incomplete: ${b.offset} of ${b.blockSize} bytes`);
    if (b.busy) throw badCtx(`block ${i} is still being uploaded`);
  });
  const first = blocks[0] as BlockState;
  for (let i = 0; i < blocks.length - 1; i++) {
    const b = blocks[i] as BlockState;
    if (b.blockSize % ETAG_BLOCK_SIZE !== 0) throw badRequest(`block ${i} size ${b.blockSize} is not a multiple of 4 MiB`);
    if (b.blockSize !== first.blockSize) throw badRequest(`block ${i} size ${b.blockSize} differs from block 0 size ${first.blockSize}`);
  }
  const last = blocks[blocks.length - 1] as BlockState;
  if (blocks.length > 1 && last.blockSize > first.blockSize) throw badRequest('the last block is larger than the others');
  const total = blocks.reduce((s, b) => s + b.blockSize, 0);
  if (total !== fileSize) throw badRequest(`fileSize ${fileSize} does not match the blocks' total ${total}`);

  // The policy's scope key wins over the Key header and the /key/ parameter (§1.3, §4.2 [D]).
  // Go/Node send the Key header as b64u(key) (§12.5); a raw header value is refused.
  let key = token.scopeKey;
  if (key === undefined) {
    const header = ctx.req.headers.key;
    const headerKey = typeof header === 'string' && header !== '' ? decodeB64uText(header, 'Key header') : undefined;
    key = params.get('key') ?? headerKey;
  }
  if (key === undefined) throw badRequest('no key: give it in the token scope, the Key header or /key/<b64u>');
  validateKey(key);
  const { state } = ctx;
  const existing = visibleObject(state, token.bucket, key);
  if (existing !== undefined && token.policy.overwrite !== 1) throw new WcsHttpError(406, 'file exists');
  if (token.policy.fsizeLimit !== undefined && fileSize > token.policy.fsizeLimit) {
    throw new WcsHttpError(401, `file size ${fileSize} exceeds fsizeLimit ${token.policy.fsizeLimit}`);
  }

  // Every block but the last is a 4 MiB multiple (checked above), so the blocks' etag digests
  // line up with the object's 4 MiB etag blocks (§3.1).
  const hash = etagFromBlockSha1s(blocks.flatMap((b) => b.etag.blockSha1s()));
  const headerMime = ctx.req.headers.mimetype;
  const deadlineHeader = ctx.req.headers.deadline;
  const days = parseIntParam(typeof deadlineHeader === 'string' ? deadlineHeader : params.get('deadline'), 'Deadline');
  const now = state.now();
  const object: StoredObject = {
    bucket: token.bucket, key, fsize: fileSize, hash,
    mimeType: (typeof headerMime === 'string' && headerMime !== '' ? headerMime : params.get('mimeType')) || guessMimeType(key),
    putTime: now, expiresAt: days === undefined ? null : deadlineToExpiry(days, now), type: 'Normal',
  };
  // The store takes the block files as the object's parts (on failure they stay, and so do the
  // blocks: mkfile can be retried).
  await state.store.put(object, blocks.map((b) => b.path), token.policy.overwrite === 1 ? {} : { ifAbsentAt: now });
  for (const b of blocks) {
    state.blocks.delete(b.id);
    await unlink(b.path).catch(() => undefined);
  }
  bumpCounter(state, token.bucket, 'uploadRequest');
  const persistentId = startPersistentOps(ctx, token, object);
  const custom = new Map([...params].filter(([k]) => k.startsWith('x:')));
  const vars = uploadVars(ctx, { token, object, fname: params.get('fname') ?? key, custom, ...(persistentId !== undefined ? { persistentId } : {}) });
  // mkfile answers JSON: returnBody variables as members, then key and hash (§4.2 example).
  let members: Record<string, unknown> = {};
  const rb = token.policy.returnBody;
  if (rb !== undefined) {
    members = isJsonTemplate(rb) ? (renderJsonTemplate(rb, vars) ?? {}) : Object.fromEntries(new URLSearchParams(renderQueryTemplate(rb, vars)));
  }
  sendJson(ctx, 200, { ...members, key: object.key, hash: object.hash });
}
