import {
  createHttpClient,
  loadConfig,
  parseConfig,
  type HttpClientOptions,
  type LoadConfigOptions,
  type WcsConfig,
  type WcsConfigInput,
  type WcsContext,
} from '@wcs/core';
import { httpClientOptionsFromConfig } from '@wcs/core/internal';
import {
  fmgrCompress,
  fmgrCopy,
  fmgrDelete,
  fmgrDeleteM3u8,
  fmgrDeletePrefix,
  fmgrFetch,
  fmgrMove,
  fmgrSetDeadline,
  fmgrStatus,
  fopsStatus,
  submitFops,
  waitForJob,
  type FmgrCompressParams,
  type FmgrCopyParams,
  type FmgrDeleteM3u8Params,
  type FmgrDeleteParams,
  type FmgrDeletePrefixParams,
  type FmgrFetchParams,
  type FmgrJobStatus,
  type FmgrMoveParams,
  type FmgrSetDeadlineParams,
  type FmgrStatusParams,
  type FopsJobStatus,
  type FopsStatusParams,
  type SubmitFopsParams,
  type SubmitJobResult,
  type WaitForJobParams,
} from '@wcs/fmgr';
import {
  bucketStat,
  bucketStatistics,
  copyObject,
  deleteObject,
  listAll,
  listBuckets,
  listObjects,
  listPages,
  moveObject,
  setDeadline,
  statObject,
  wsLiveList,
  type BucketStatParams,
  type BucketStatResult,
  type BucketStatisticsParams,
  type BucketStatisticsResult,
  type CopyObjectParams,
  type DeleteObjectParams,
  type DeleteResult,
  type ListAllParams,
  type ListBucketsParams,
  type ListBucketsResult,
  type ListObjectsParams,
  type ListPagesParams,
  type ListResult,
  type MoveCopyResult,
  type MoveObjectParams,
  type ObjectInfo,
  type ResponseMeta,
  type SetDeadlineParams,
  type StatObjectParams,
  type StatResult,
  type WsLiveListParams,
  type WsLiveListResult,
} from '@wcs/manage';
import {
  createUploadTokenFor,
  multipartStreamUpload,
  multipartUpload,
  simpleUpload,
  smartUpload,
  streamUpload,
  type CreateUploadTokenForParams,
  type MultipartStreamUploadParams,
  type MultipartUploadParams,
  type MultipartUploadResult,
  type SimpleUploadParams,
  type SmartUploadParams,
  type StreamUploadParams,
  type UploadResult,
} from '@wcs/upload';
import { sync, type SyncEvent, type SyncParams } from '@wcs/sync';
import { download, type DownloadParams, type DownloadResult } from './download.js';

/** Options of the {@link WcsClient} constructor. */
export interface WcsClientOptions {
  /** Transport settings over those derived from the config (timeouts, retries, keepalive, TLS). */
  http?: HttpClientOptions | undefined;
  /** Clock in ms for token deadlines and job waits. Default `Date.now`. */
  now?: (() => number) | undefined;
}

/** Options of {@link WcsClient.fromConfigFile}: where to load the config from, plus the client options. */
export type WcsClientFromFileOptions = LoadConfigOptions & WcsClientOptions;

/**
 * Every WCS operation in one object. Each method has the name and the one params object of the
 * standalone package function it calls (`@wcs/upload`, `@wcs/manage`, `@wcs/fmgr`, `@wcs/sync`,
 * which stay usable without it); the client only supplies the context. The Python SDK's
 * names and positional arguments are in `@wcs/sdk/compat` (`PythonCompatClient`).
 *
 * @example
 * import { WcsClient } from '@wcs/sdk';
 * const client = WcsClient.fromConfigFile();
 * const page = await client.listObjects({ bucket: 'photos', prefix: '2024/', limit: 100 });
 * for await (const o of client.listAll({ bucket: 'photos' })) console.log(o.key);
 * client.close();
 */
export class WcsClient {
  /** The validated, frozen configuration. */
  readonly config: WcsConfig;
  /** The context every sub-package function takes, for calls the client does not wrap. */
  readonly context: WcsContext;

  /**
   * Builds a client from a config object (our camelCase keys, values as in `.wcscfg` or typed),
   * validated with `parseConfig`.
   *
   * @throws WcsConfigError (`ERR_WCS_CONFIG`) listing every bad key (values never shown)
   * @example
   * const client = new WcsClient({ accessKey, secretKey, putUrl: server.putUrl, mgrUrl: server.mgrUrl, concurrency: 8 });
   */
  constructor(config: WcsConfigInput | WcsConfig, options: WcsClientOptions = {}) {
    this.config = parseConfig(config);
    // An option left undefined (a JavaScript caller forwarding an unset value) keeps the config's
    // setting instead of replacing it with the transport's default.
    const overrides = Object.fromEntries(Object.entries(options.http ?? {}).filter(([, value]) => value !== undefined)) as HttpClientOptions;
    const http = createHttpClient({ ...httpClientOptionsFromConfig(this.config), ...overrides });
    this.context = options.now ? { config: this.config, http, now: options.now } : { config: this.config, http };
  }

  /**
   * Builds a client from a Python-format `.wcscfg` (default `$WCS_CONFIG`, else `~/.wcscfg`).
   * Precedence: `overrides` > `WCS_*` environment > file > defaults (core `loadConfig`).
   *
   * @throws WcsConfigError (`ERR_WCS_CONFIG`) for a named file that is missing, an unknown profile or a bad value
   * @example
   * const client = WcsClient.fromConfigFile({ configFile: '/home/me/.wcscfg', overrides: { concurrency: 8 } });
   */
  static fromConfigFile(options: WcsClientFromFileOptions = {}): WcsClient {
    const { http, now, ...load } = options;
    const loaded = loadConfig(load);
    return new WcsClient(loaded.config, { http, now });
  }

  /** Closes pooled connections. The client must not be used afterwards. */
  close(): void {
    this.context.http.close();
  }

  // ---- uploads (wcs-api.md §4): the @wcs/upload functions with this client's context ----

  /**
   * Normal upload (`POST /file/upload`) of a file path, bytes or a stream; py3 `simple_upload`.
   * `key` defaults to the file's basename for a path. Same params and behaviour as `@wcs/upload` `simpleUpload`.
   * @throws WcsInvalidArgumentError / WcsServiceError / WcsIntegrityError / WcsNetworkError (`ERR_WCS_*`)
   * @example
   * const result = await client.simpleUpload({ source: './a.jpg', bucket: 'photos', key: 'a.jpg' });
   */
  simpleUpload(params: SimpleUploadParams): Promise<UploadResult> {
    return simpleUpload(this.context, params);
  }

  /**
   * Resumable multipart upload of a file; py3 `multipart_upload`. `uploadId` resumes that upload's
   * record. Same params and behaviour as `@wcs/upload` `multipartUpload`.
   * @throws WcsInvalidArgumentError / WcsResumeRecordError / WcsServiceError / WcsIntegrityError (`ERR_WCS_*`)
   * @example
   * const result = await client.multipartUpload({ file: './big.iso', bucket: 'isos', onUploadId: (id) => console.error(id) });
   */
  multipartUpload(params: MultipartUploadParams): Promise<MultipartUploadResult> {
    return multipartUpload(this.context, params);
  }

  /**
   * Multipart upload of bytes or of a readable stream of unknown length (like aws-sdk-js-v3
   * lib-storage `Upload`): memory bounded by concurrency × block size, same integrity checks as
   * {@link WcsClient.multipartUpload}, no resume. Same params as `@wcs/upload` `multipartStreamUpload`.
   * @throws WcsInvalidArgumentError / WcsServiceError / WcsIntegrityError / WcsNetworkError (`ERR_WCS_*`)
   * @example
   * await client.multipartStreamUpload({ source: process.stdin, bucket: 'logs', key: 'today.log' });
   */
  multipartStreamUpload(params: MultipartStreamUploadParams): Promise<MultipartUploadResult> {
    return multipartStreamUpload(this.context, params);
  }

  /**
   * Stream-address upload: downloads `url` and uploads it as it arrives; py3 `stream_upload`.
   * Same params as `@wcs/upload` `streamUpload`.
   * @throws WcsInvalidArgumentError / WcsServiceError / WcsIntegrityError / WcsNetworkError (`ERR_WCS_*`)
   * @example
   * await client.streamUpload({ url: 'https://example.com/video.mp4', bucket: 'videos', key: 'copy.mp4' });
   */
  streamUpload(params: StreamUploadParams): Promise<UploadResult> {
    return streamUpload(this.context, params);
  }

  /**
   * Normal upload up to `thresholdBytes` (20 MiB), multipart above; py3 `smart_upload`.
   * Same params as `@wcs/upload` `smartUpload`.
   * @throws the errors of {@link WcsClient.simpleUpload} and {@link WcsClient.multipartUpload}
   * @example
   * await client.smartUpload({ file: './maybe-big.bin', bucket: 'data' });
   */
  smartUpload(params: SmartUploadParams): Promise<UploadResult> {
    return smartUpload(this.context, params);
  }

  /**
   * An upload token for `bucket[:key]` with the config's policy and `policy` over it (§2.1).
   * Same params as `@wcs/upload` `createUploadTokenFor`.
   * @throws WcsConfigError (`ERR_WCS_CONFIG`) when keys are missing
   * @example
   * const token = client.createUploadTokenFor({ bucket: 'photos', key: 'a.jpg', policy: { overwrite: 1 } });
   */
  createUploadTokenFor(params: CreateUploadTokenForParams): string {
    return createUploadTokenFor(this.context, params);
  }

  // ---- resource management (wcs-api.md §5, §8): @wcs/manage, same names and params ----

  /** Lists the account's buckets; see `@wcs/manage` `listBuckets`. @throws WcsConfigError / WcsServiceError (`ERR_WCS_*`) */
  listBuckets(params?: ListBucketsParams): Promise<ListBucketsResult> {
    return listBuckets(this.context, params);
  }

  /**
   * One page of `GET /list`; see `@wcs/manage` `listObjects`. Unset `limit`, `prefix`, `mode`
   * and `marker` come from the config, as py3 does.
   * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) before any request; WcsServiceError (`ERR_WCS_SERVICE`)
   */
  listObjects(params: ListObjectsParams): Promise<ListResult> {
    return listObjects(this.context, params);
  }

  /** Every page of a listing (with `commonPrefixes`); see `@wcs/manage` `listPages`. @throws as {@link WcsClient.listObjects} */
  listPages(params: ListPagesParams): AsyncGenerator<ListResult, void, undefined> {
    return listPages(this.context, params);
  }

  /**
   * Every object of a bucket, page by page with constant memory; see `@wcs/manage` `listAll`.
   * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`); WcsServiceError (`ERR_WCS_SERVICE`) when a page fails
   * @example
   * for await (const object of client.listAll({ bucket: 'photos', prefix: '2024/' })) console.log(object.key, object.fsize);
   */
  listAll(params: ListAllParams): AsyncGenerator<ObjectInfo, void, undefined> {
    return listAll(this.context, params);
  }

  /** Storage usage per day; see `@wcs/manage` `bucketStat`. @throws WcsInvalidArgumentError / WcsServiceError (`ERR_WCS_*`) */
  bucketStat(params: BucketStatParams): Promise<BucketStatResult> {
    return bucketStat(this.context, params);
  }

  /** Request statistics; see `@wcs/manage` `bucketStatistics`. @throws WcsInvalidArgumentError / WcsServiceError (`ERR_WCS_*`) */
  bucketStatistics(params: BucketStatisticsParams): Promise<BucketStatisticsResult> {
    return bucketStatistics(this.context, params);
  }

  /** Object metadata; see `@wcs/manage` `statObject`. @throws WcsServiceError (`ERR_WCS_SERVICE`) 404 when missing */
  statObject(params: StatObjectParams): Promise<StatResult> {
    return statObject(this.context, params);
  }

  /** Deletes one object; see `@wcs/manage` `deleteObject`. @throws WcsServiceError (`ERR_WCS_SERVICE`) 404 when missing */
  deleteObject(params: DeleteObjectParams): Promise<DeleteResult> {
    return deleteObject(this.context, params);
  }

  /** Moves an object (`to.key` defaults to `from.key`; never retried); see `@wcs/manage` `moveObject`. @throws WcsServiceError (`ERR_WCS_SERVICE`) */
  moveObject(params: MoveObjectParams): Promise<MoveCopyResult> {
    return moveObject(this.context, params);
  }

  /** Copies an object (`to.key` defaults to `from.key`); see `@wcs/manage` `copyObject`. @throws WcsServiceError (`ERR_WCS_SERVICE`) */
  copyObject(params: CopyObjectParams): Promise<MoveCopyResult> {
    return copyObject(this.context, params);
  }

  /**
   * Sets an object's retention (days -1, 0 or up to an expiry of 9999-12-31); see `@wcs/manage` `setDeadline`.
   * @throws WcsInvalidArgumentError / WcsServiceError (`ERR_WCS_*`)
   */
  setDeadline(params: SetDeadlineParams): Promise<ResponseMeta> {
    return setDeadline(this.context, params);
  }

  /** Live-recording files; see `@wcs/manage` `wsLiveList`. @throws WcsInvalidArgumentError / WcsServiceError (`ERR_WCS_*`) */
  wsLiveList(params: WsLiveListParams): Promise<WsLiveListResult> {
    return wsLiveList(this.context, params);
  }

  // ---- fmgr and fops (wcs-api.md §6, §7): @wcs/fmgr, same names and params ----

  /** Asynchronous move of `{ items }` or `{ fops }`; see `@wcs/fmgr` `fmgrMove`. @throws WcsInvalidArgumentError / WcsServiceError (`ERR_WCS_*`) */
  fmgrMove(params: FmgrMoveParams): Promise<SubmitJobResult> {
    return fmgrMove(this.context, params);
  }

  /** Asynchronous copy; see `@wcs/fmgr` `fmgrCopy`. @throws as {@link WcsClient.fmgrMove} */
  fmgrCopy(params: FmgrCopyParams): Promise<SubmitJobResult> {
    return fmgrCopy(this.context, params);
  }

  /** Fetch URLs into buckets; see `@wcs/fmgr` `fmgrFetch`. @throws as {@link WcsClient.fmgrMove} */
  fmgrFetch(params: FmgrFetchParams): Promise<SubmitJobResult> {
    return fmgrFetch(this.context, params);
  }

  /** Asynchronous delete; see `@wcs/fmgr` `fmgrDelete`. @throws as {@link WcsClient.fmgrMove} */
  fmgrDelete(params: FmgrDeleteParams): Promise<SubmitJobResult> {
    return fmgrDelete(this.context, params);
  }

  /** Delete a directory; see `@wcs/fmgr` `fmgrDeletePrefix`. @throws as {@link WcsClient.fmgrMove} */
  fmgrDeletePrefix(params: FmgrDeletePrefixParams): Promise<SubmitJobResult> {
    return fmgrDeletePrefix(this.context, params);
  }

  /** Delete m3u8 playlists (and their .ts); see `@wcs/fmgr` `fmgrDeleteM3u8`. @throws as {@link WcsClient.fmgrMove} */
  fmgrDeleteM3u8(params: FmgrDeleteM3u8Params): Promise<SubmitJobResult> {
    return fmgrDeleteM3u8(this.context, params);
  }

  /** Bulk retention of a bucket or directory; see `@wcs/fmgr` `fmgrSetDeadline`. @throws as {@link WcsClient.fmgrMove} */
  fmgrSetDeadline(params: FmgrSetDeadlineParams): Promise<SubmitJobResult> {
    return fmgrSetDeadline(this.context, params);
  }

  /** ZIP objects into one; see `@wcs/fmgr` `fmgrCompress`. @throws as {@link WcsClient.fmgrMove} */
  fmgrCompress(params: FmgrCompressParams): Promise<SubmitJobResult> {
    return fmgrCompress(this.context, params);
  }

  /** An fmgr job's status; see `@wcs/fmgr` `fmgrStatus`. @throws WcsServiceError (`ERR_WCS_SERVICE`) 404 for an unknown id */
  fmgrStatus(params: FmgrStatusParams): Promise<FmgrJobStatus> {
    return fmgrStatus(this.context, params);
  }

  /** Starts persistent processing (never retried); see `@wcs/fmgr` `submitFops`. @throws WcsInvalidArgumentError / WcsServiceError (`ERR_WCS_*`) */
  submitFops(params: SubmitFopsParams): Promise<SubmitJobResult> {
    return submitFops(this.context, params);
  }

  /** A persistent-processing job's status; see `@wcs/fmgr` `fopsStatus`. @throws WcsServiceError (`ERR_WCS_SERVICE`) 404 for an unknown id */
  fopsStatus(params: FopsStatusParams): Promise<FopsJobStatus> {
    return fopsStatus(this.context, params);
  }

  /**
   * Polls a job until it ends and returns its final status; see `@wcs/fmgr` `waitForJob`.
   * @throws WcsJobFailedError (`ERR_WCS_JOB_FAILED`), WcsTimeoutError (`ERR_WCS_TIMEOUT`), WcsAbortError (`ERR_WCS_ABORTED`)
   * @example
   * const { persistentId } = await client.fmgrDeletePrefix({ items: { bucket: 'logs', prefix: '2023' } });
   * await client.waitForJob({ persistentId, kind: 'fmgr' });
   */
  waitForJob(params: WaitForJobParams<'fmgr'>): Promise<FmgrJobStatus>;
  waitForJob(params: WaitForJobParams<'fops'>): Promise<FopsJobStatus>;
  waitForJob(params: WaitForJobParams): Promise<FmgrJobStatus | FopsJobStatus>;
  waitForJob(params: WaitForJobParams): Promise<FmgrJobStatus | FopsJobStatus> {
    return waitForJob(this.context, params);
  }

  // ---- download (wcs-api.md §9, §11.5) ----

  /**
   * Downloads `url` to `file` through a temporary file renamed only when complete and
   * verified, so a failed download leaves no file under the final name; see `download`.
   * @throws WcsInvalidArgumentError / WcsServiceError / WcsIntegrityError / WcsNetworkError / WcsLocalIoError / WcsAbortError (`ERR_WCS_*`)
   * @example
   * const { bytes, verified } = await client.download({ url: 'http://cdn.example.com/a.jpg', file: './a.jpg' });
   */
  download(params: DownloadParams): Promise<DownloadResult> {
    return download(this.context, params);
  }

  // ---- sync (@wcs/sync) ----

  /**
   * Keeps a local directory and a bucket prefix in step: `from` → `to`, one a local
   * directory (`{ kind: 'local', path }`) and the other `{ kind: 'remote', bucket, prefix }`.
   * Files are compared by size and etag (local etags cached by inode, size and mtime in
   * `~/.wcs/sync`); a run killed at any point and started again completes the job. Yields
   * `planned`, `skipped`, `uploaded`, `downloaded`, `deleted`, `failed` and `progress` events,
   * then one `summary`. Block size, chunk size, concurrency and retries come from the config.
   * See `@wcs/sync` `sync`.
   *
   * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for bad options or a missing local directory, before any change
   * @throws WcsLocalIoError (`ERR_WCS_LOCAL_IO`) when another sync holds the destination's lock
   * @throws WcsServiceError (`ERR_WCS_SERVICE`) when the listing fails (631: no such bucket), before any change
   * @throws WcsAbortError (`ERR_WCS_ABORTED`) when `signal` aborts
   * @example
   * for await (const event of client.sync({ from: { kind: 'local', path: './site' }, to: { kind: 'remote', bucket: 'www', prefix: 'site/' }, delete: true })) {
   *   if (event.type === 'failed') console.error(`${event.path}: ${event.message}`);
   *   if (event.type === 'summary') console.log(event.summary.uploaded);
   * }
   */
  sync(params: SyncParams): AsyncGenerator<SyncEvent, void, undefined> {
    return sync(this.context, params);
  }
}
