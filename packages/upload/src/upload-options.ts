import type { PutPolicy } from '@wcs/auth';

/** What to upload: a file path, bytes, or a stream of bytes (Node readable or async iterable). */
export type UploadSource = string | Uint8Array | NodeJS.ReadableStream | AsyncIterable<Uint8Array>;

/** Where the object goes: the `bucket` and `key` of every upload's params. */
export interface UploadTarget {
  bucket: string;
  /**
   * Object name. When omitted: a file path source uses its basename (wcscmd `put`/`multiput`
   * parity, wcs-api.md §11.3); any other source needs `policy.saveKey`.
   */
  key?: string;
}

/** A progress event. Byte counts are content bytes (form framing excluded). */
export interface UploadProgress {
  /** Content bytes acknowledged so far (for multipart: including blocks done before a resume). */
  loaded: number;
  /** Content size in bytes, when known. */
  total?: number;
  /** Multipart: index of the block whose chunk just completed. */
  block?: number;
  /** Multipart: blocks fully uploaded. */
  blocksDone?: number;
  /** Multipart: number of blocks of the file. */
  blocksTotal?: number;
}

/** Options shared by every upload function. */
export interface UploadOptions {
  /** Policy fields for this call, over the config's (wcs-api.md §2.1): overwrite, returnBody, saveKey, fsizeLimit… */
  policy?: Partial<PutPolicy>;
  /** Custom variables for `$(x:name)` in returnBody/callbackBody; names without the `x:` prefix. */
  vars?: Record<string, string>;
  /** MIME type to store (form field `mimeType`, or the mkfile `MimeType` header). */
  mimeType?: string;
  /** Retention in days (form field `deadline`, or the mkfile `Deadline` header). */
  deadlineDays?: number;
  /** `x-wos-traffic-limit` header value; default `config.trafficLimit`; 0 = no header. */
  trafficLimit?: number;
  signal?: AbortSignal;
  onProgress?: (progress: UploadProgress) => void;
  /**
   * A rate limiter: called with the size of each piece of content just before it is sent, and
   * awaited, so the upload goes no faster than it lets it. The pieces are the source's reads for
   * a normal or stream upload (64 KiB for a file) and the chunks (bput size) for a multipart
   * upload; a piece sent again by a retry is announced again. When it throws, the upload stops:
   * a `WcsError` whose `cause` is what it threw (a multipart upload keeps its resume record).
   */
  pace?: (bytes: number) => Promise<void> | void;
}

/** What an upload returns. */
export interface UploadResult {
  bucket: string;
  key: string;
  /** The content etag: the service's when it reported one (checked equal to ours), else the one computed locally. */
  hash?: string;
  /** Content size in bytes, when known. */
  fsize?: number;
  /** Parsed JSON answer, or the raw text (py3 shows the raw text). */
  body: unknown;
  statusCode: number;
  requestId?: string;
  /** `Location` of a 303 answer (policy `returnUrl`). */
  location?: string;
}

/** Options of the multipart (mkblk/bput/mkfile) upload. */
export interface MultipartUploadOptions extends UploadOptions {
  /** Resume this upload (wcscmd `--upload-id`); default `config.uploadId` (empty = none). */
  uploadId?: string;
  /** `'auto'` (default): resume when the same file goes to the same target with the same sizes. */
  resume?: 'auto' | 'never';
  /** A record that no longer matches the file: false (default) → `WcsResumeRecordError`; true → fresh start. */
  restartOnMismatch?: boolean;
  /** Block size, a multiple of 4 MiB; default `config.blockSizeBytes`. */
  blockSizeBytes?: number;
  /** Chunk (bput) size; default `config.bputSizeBytes`; capped to the block size. */
  chunkSizeBytes?: number;
  /** Blocks in flight; 0 = one at a time; default `config.concurrency`. */
  concurrency?: number;
  /** Resume record folder; default `config.recordFolder`. */
  recordFolder?: string;
  /** Called once before the first block is sent, so a CLI can print the id for a later `--upload-id`. */
  onUploadId?: (uploadId: string) => void;
}

/** What a multipart upload returns. */
export interface MultipartUploadResult extends UploadResult {
  /** The UploadBatch id (empty when an empty file went by simple upload). */
  uploadId: string;
  /** Blocks already complete in the resume record, not sent again. */
  resumedBlocks: number;
}

/** Options of the multipart upload of bytes or a stream ({@link MultipartUploadOptions} without resume). */
export interface MultipartStreamUploadOptions extends UploadOptions {
  /** Block size, a multiple of 4 MiB; default `config.blockSizeBytes`. Each block in flight holds one buffer this big. */
  blockSizeBytes?: number;
  /** Chunk (bput) size; default `config.bputSizeBytes`; capped to the block size. */
  chunkSizeBytes?: number;
  /** Blocks in flight; 0 or 1 = one at a time; default `config.concurrency`. */
  concurrency?: number;
  /** Called once with the UploadBatch id before the first block is sent. */
  onUploadId?: (uploadId: string) => void;
}

/** What {@link multipartStreamUpload} reads: bytes in memory, a Node readable stream or an async iterable of bytes. */
export type MultipartStreamSource = Uint8Array | NodeJS.ReadableStream | AsyncIterable<Uint8Array>;

/** Params of `simpleUpload`: the source, where it goes, and the {@link UploadOptions}. */
export interface SimpleUploadParams extends UploadOptions {
  /** A file path, bytes, or a stream (a stream is sent once, never retried). */
  source: UploadSource;
  bucket: string;
  /** Object name; default the file's basename for a path source; other sources need it or `policy.saveKey`. */
  key?: string;
}

/** Params of `streamUpload`: the address to download, where it goes, and the {@link UploadOptions}. */
export interface StreamUploadParams extends UploadOptions {
  /** The http(s) address whose download is uploaded. */
  url: string;
  bucket: string;
  /** Object name; required unless `policy.saveKey` is set. */
  key?: string;
}

/** Params of `multipartUpload`: the file, where it goes, and the {@link MultipartUploadOptions} (with `uploadId` to resume). */
export interface MultipartUploadParams extends MultipartUploadOptions {
  /** Path of the file to upload. */
  file: string;
  bucket: string;
  /** Object name; default the file's basename. */
  key?: string;
}

/** Params of `multipartStreamUpload`: the bytes or stream, where they go, and the {@link MultipartStreamUploadOptions}. */
export interface MultipartStreamUploadParams extends MultipartStreamUploadOptions {
  source: MultipartStreamSource;
  bucket: string;
  /** Object name (required: a stream has no file name). */
  key: string;
}

/** Params of `smartUpload`: the file, where it goes, the size threshold and the {@link MultipartUploadOptions}. */
export interface SmartUploadParams extends MultipartUploadOptions {
  /** Path of the file to upload. */
  file: string;
  bucket: string;
  /** Object name; default the file's basename. */
  key?: string;
  /** Files up to this many bytes go by normal upload, bigger ones by multipart; default `DEFAULT_SMART_THRESHOLD_BYTES` (20 MiB). */
  thresholdBytes?: number;
}

/** Params of `createUploadTokenFor`: the token's scope and policy fields over the config's. */
export interface CreateUploadTokenForParams {
  bucket: string;
  /** With a key the scope is `bucket:key` (that object only), else `bucket`. */
  key?: string;
  /** Policy fields over the config's (wcs-api.md §2.1); `deadline` (absolute ms) overrides `config.tokenDeadlineSeconds`. */
  policy?: Partial<PutPolicy>;
}
