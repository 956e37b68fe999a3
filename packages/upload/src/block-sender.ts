import type { PutPolicy } from '@wcs/auth';
import { WcsIntegrityError, WcsServiceError, toBaseUrl, urlSafeBase64Encode, type HttpResponse, type WcsContext, type WcsError } from '@wcs/core';
import { TRAFFIC_LIMIT_HEADER, withRetry } from '@wcs/core/internal';
// zod/mini, not zod: full zod is ~800 KB of bundle and tens of ms of start-up for every multiput
// (issue 11); these checks need no messages (the errors below give their own).
import * as z from 'zod/mini';
import { BlockDigests } from './block-digests.js';
import { checkChunkCrc } from './check-chunk-crc.js';
import { planChunks } from './chunker.js';
import { hashWhileSending } from './hash-while-sending.js';
import type { MultipartUploadResult } from './upload-options.js';
import { checkReportedHash, parseUploadBody } from './upload-response.js';
import { UploadTokenSource } from './upload-token-source.js';

/** mkblk/bput answer (wcs-api.md §4.2); other members are ignored. */
const ChunkReplySchema = z.object({
  ctx: z.string().check(z.minLength(1)),
  crc32: z.optional(z.int().check(z.nonnegative())),
  offset: z.optional(z.int().check(z.nonnegative())),
});
export type ChunkReply = z.infer<typeof ChunkReplySchema>;

/** Backoff between attempts of one step (core's full jitter below an exponential ceiling). */
const STEP_RETRY = { baseDelayMs: 100, maxDelayMs: 5_000 } as const;

/** The service lost or refused the block's ctx (701, §10.1): the block must start over with mkblk. */
export class BlockRestart extends Error {
  constructor(readonly reason: WcsError) {
    super(reason.message);
  }
}

const OCTET_STREAM = { 'content-type': 'application/octet-stream' };

/**
 * Transport settings of every request of a multipart upload. Its connections are kept alive
 * whatever the config's `keepalive` says (issue 11: a new connection per chunk costs a handshake
 * and slow start per chunk, and CPU on both ends). The requests are safe to repeat (the same bytes
 * to the same offset; mkfile of the same ctxs), so the transport may send one again on a new
 * connection when the server had closed the pooled one; every real retry is the step's own
 * (withStepRetry, with the config's per-step budget), hence no transport retries.
 */
const ONE_UPLOAD = { keepAlive: true, idempotent: true, retries: 0 } as const;

/** What every request of one multipart upload shares. */
export interface BlockSenderOptions {
  ctx: WcsContext;
  uploadId: string;
  bucket: string;
  key: string;
  /** Put-policy fields over the config's, for every token of the upload. */
  policy?: Partial<PutPolicy> | undefined;
  /** `x-wos-traffic-limit` over `config.trafficLimit`; sent when above 0. */
  trafficLimit?: number | undefined;
  signal: AbortSignal;
  abortError: (cause: unknown) => Error;
  /** Awaited before each chunk is sent, with its size (`UploadOptions.pace`). */
  pace?: ((bytes: number) => Promise<void> | void) | undefined;
}

/** The requests of a multipart upload (wcs-api.md §4.2), shared by the file and the stream uploads. */
export interface BlockSender {
  /** Runs one step with its own retry budget (core's withRetry; a CRC mismatch is retryable too). */
  withStepRetry<T>(retries: number, attemptOnce: () => Promise<T>): Promise<T>;
  /**
   * mkblk or bput of one chunk; the same bytes to the same offset on every attempt. `hashing`
   * starts (once) hashing the chunk as soon as the first attempt is on its way and yields its
   * CRC-32. A 701 throws {@link BlockRestart}.
   */
  sendChunk(url: string, data: Buffer, retries: number, hashing: () => Promise<number>): Promise<ChunkReply>;
  /** `Authorization` for the next request: a fresh token when the current one is near its deadline. */
  authorization(): { authorization: string };
  /** mkblk or bput of one chunk, by its place in the block (the URL is built here). */
  chunkUrl(block: { index: number; size: number }, offset: number, ctx: string): string;
  /** Stitches the blocks into the object (mkfile), with the config's mkfile retries. */
  mkfile(request: MkfileRequest): Promise<HttpResponse>;
}

/**
 * The requests of one multipart upload: its token source, upload host and shared headers are made
 * here, once, from the context and the upload's options.
 */
export function createBlockSender(options: BlockSenderOptions): BlockSender {
  const { ctx, signal } = options;
  const { config } = ctx;
  const tokens = new UploadTokenSource(ctx, { bucket: options.bucket, key: options.key }, options.policy);
  const trafficLimit = options.trafficLimit ?? config.trafficLimit;
  const baseUrl = toBaseUrl(config.putUrl, config.useHttps, 'put_url');
  // UploadBatch, Key (b64u like Go/Node, §12.5), traffic limit: everything but Authorization.
  const headers: Record<string, string> = {
    uploadbatch: options.uploadId,
    key: urlSafeBase64Encode(options.key),
    ...(trafficLimit > 0 ? { [TRAFFIC_LIMIT_HEADER]: String(trafficLimit) } : {}),
  };
  // Bare token, no scheme word (wcs-api.md §1.2, §12.4), asked for per request so a long upload
  // gets a fresh one before it expires (issue 10 item 15).
  const authorization = () => ({ authorization: tokens.current() });
  const withStepRetry = <T>(retries: number, attemptOnce: () => Promise<T>): Promise<T> =>
    withRetry(attemptOnce, {
      idempotent: true,
      retries,
      ...STEP_RETRY,
      isRetryable: (error, byDefault) => error instanceof WcsIntegrityError || byDefault,
      signal,
      abortError: options.abortError,
    });
  return {
    withStepRetry,
    authorization,
    chunkUrl: (block, offset, blockCtx) => (offset === 0 ? `${baseUrl}/mkblk/${block.size}/${block.index}` : `${baseUrl}/bput/${blockCtx}/${offset}`),
    mkfile(request) {
      let url = `${baseUrl}/mkfile/${request.total}`;
      // Custom variables travel as /x:<name>/<b64u(value)> path segments (Go/Node, wcs-api.md §4.2).
      for (const [name, value] of Object.entries(request.vars ?? {})) url += `/x:${encodeURIComponent(name)}/${urlSafeBase64Encode(value)}`;
      return withStepRetry(config.mkfileRetries, () =>
        ctx.http.request({
          method: 'POST',
          url,
          headers: {
            ...headers,
            ...authorization(),
            'content-type': 'text/plain;charset=UTF-8',
            mimetype: request.mimeType,
            deadline: request.deadlineDays === undefined ? undefined : String(request.deadlineDays),
          },
          body: request.ctxs.join(','),
          ...ONE_UPLOAD,
          signal,
        }),
      );
    },
    sendChunk(url, data, retries, hashing) {
      return withStepRetry(retries, async () => {
        if (options.pace) await options.pace(data.length);
        const pending = ctx.http.request({ method: 'POST', url, headers: { ...headers, ...authorization(), ...OCTET_STREAM }, body: data, ...ONE_UPLOAD, signal });
        const crc = hashing();
        let response: HttpResponse;
        try {
          response = await pending;
        } catch (error) {
          if (error instanceof WcsServiceError && error.statusCode === 701) throw new BlockRestart(error);
          throw error;
        }
        const reply = parseChunkReply(response, url.includes('/mkblk/') ? 'mkblk' : 'bput');
        // A crc32 mismatch throws WcsIntegrityError, which withStepRetry treats as retryable.
        checkChunkCrc(await crc, reply.crc32);
        return reply;
      });
    },
  };
}

/**
 * Sends one block held in memory (stream and Buffer uploads): mkblk, then bputs in order, each
 * chunk hashed while it is sent; a 701 starts the block over (at most `restarts` times).
 * Returns the last ctx and the block's etag SHA-1s.
 */
export async function sendMemoryBlock(
  sender: BlockSender,
  block: { index: number; data: Buffer },
  chunkSizeBytes: number,
  retries: { mkblk: number; bput: number },
  onChunk: (bytes: number) => void,
): Promise<{ ctx: string; sha1: Buffer[] }> {
  for (let restarts = 0; ; restarts++) {
    const digests = new BlockDigests();
    let ctx = '';
    let sent = 0;
    try {
      for (const chunk of planChunks(block.data.length, chunkSizeBytes)) {
        const data = block.data.subarray(chunk.offset, chunk.offset + chunk.size);
        ctx = await sendBlockChunk(sender, { index: block.index, size: block.data.length }, chunk.offset, data, ctx, retries, digests);
        sent += chunk.size;
        onChunk(chunk.size);
      }
      return { ctx, sha1: digests.digests() };
    } catch (error) {
      if (!(error instanceof BlockRestart)) throw error;
      if (restarts >= retries.mkblk) throw error.reason;
      onChunk(-sent);
    }
  }
}

/**
 * Sends one chunk of a block (mkblk for the first, bput after it) while hashing it into
 * `digests`, and checks that the service now holds exactly the bytes sent so far (a mismatch
 * restarts the block). Returns the block's new ctx.
 */
export async function sendBlockChunk(
  sender: BlockSender,
  block: { index: number; size: number },
  offset: number,
  data: Buffer,
  ctx: string,
  retries: { mkblk: number; bput: number },
  digests: BlockDigests,
): Promise<string> {
  let hashed: Promise<number> | undefined;
  const hashing = () => (hashed ??= hashWhileSending(data, digests));
  let reply: ChunkReply;
  try {
    reply = await sender.sendChunk(sender.chunkUrl(block, offset, ctx), data, offset === 0 ? retries.mkblk : retries.bput, hashing);
  } finally {
    // Every chunk is hashed exactly once, in order, before its buffer is used again.
    await hashing();
  }
  const next = offset + data.length;
  if (reply.offset !== undefined && reply.offset !== next) {
    throw new BlockRestart(new WcsIntegrityError(`The service holds ${reply.offset} bytes of block ${block.index}, expected ${next}.`, { expected: String(next), actual: String(reply.offset) }));
  }
  return reply.ctx;
}

/** What mkfile needs besides the blocks' ctxs: the object's size and the upload options it carries. */
export interface MkfileRequest {
  total: number;
  /** The last ctx of every block, in block order (wcs-api.md §4.2). */
  ctxs: readonly string[];
  vars?: Readonly<Record<string, string>> | undefined;
  mimeType?: string | undefined;
  deadlineDays?: number | undefined;
}

/**
 * The result of a multipart upload from mkfile's answer, after checking the hash the service
 * reports against the etag computed locally while sending.
 */
export function multipartResult(
  target: { bucket: string },
  key: string,
  total: number,
  localEtag: string,
  response: HttpResponse,
  uploadId: string,
  resumedBlocks: number,
): MultipartUploadResult {
  const body = parseUploadBody(response.body);
  const members = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const remote = typeof members['hash'] === 'string' ? members['hash'] : undefined;
  checkReportedHash(`Multipart upload of ${target.bucket}/${key}`, localEtag, remote, response);
  return {
    bucket: target.bucket,
    key: typeof members['key'] === 'string' ? members['key'] : key,
    hash: remote ?? localEtag,
    fsize: total,
    body,
    statusCode: response.statusCode,
    ...(response.requestId !== undefined ? { requestId: response.requestId } : {}),
    uploadId,
    resumedBlocks,
  };
}

export function parseChunkReply(response: HttpResponse, step: string): ChunkReply {
  let json: unknown;
  try {
    json = JSON.parse(response.body.toString('utf8'));
  } catch {
    json = undefined;
  }
  const parsed = ChunkReplySchema.safeParse(json);
  if (!parsed.success) {
    throw new WcsServiceError(
      { statusCode: response.statusCode, requestId: response.requestId, fault: 'server', retryable: true, method: 'POST', url: `/${step}` },
      { message: `${step} answered ${response.statusCode} without a usable ctx${response.requestId ? ` (request id ${response.requestId})` : ''}; retrying may help.` },
    );
  }
  return parsed.data;
}
