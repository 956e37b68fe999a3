import type { PutPolicy } from '@wcs/auth';
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
  type FmgrCompressItem,
  type FmgrCopyMoveItem,
  type FmgrDeleteItem,
  type FmgrDeleteM3u8Item,
  type FmgrDeletePrefixItem,
  type FmgrFetchItem,
  type FmgrJobStatus,
  type FmgrOptions,
  type FmgrSetDeadlineItem,
  type FopsJobStatus,
  type SubmitFopsOptions,
  type SubmitJobResult,
  type WaitForJobOptions,
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
  type BucketStatResult,
  type BucketStatisticsResult,
  type DeleteResult,
  type ListBucketsResult,
  type ListObjectsOptions,
  type ListResult,
  type ManageCallOptions,
  type MoveCopyResult,
  type ObjectInfo,
  type ResponseMeta,
  type SetDeadlineOptions,
  type StatResult,
  type StorageType,
  type WsLiveListResult,
} from '@wcs/manage';
import {
  createUploadTokenFor,
  multipartStreamUpload,
  multipartUpload,
  simpleUpload,
  smartUpload,
  streamUpload,
  type MultipartStreamUploadOptions,
  type MultipartUploadOptions,
  type MultipartUploadResult,
  type UploadOptions,
  type UploadResult,
  type UploadSource,
} from '@wcs/upload';
import { sync, type SyncEvent, type SyncLocation, type SyncOptions } from '@wcs/sync';
import { download, type DownloadOptions, type DownloadResult } from './download.js';

/** Options of the {@link WcsClient} constructor. */
export interface WcsClientOptions {
  /** Transport settings over those derived from the config (timeouts, retries, keepalive, TLS). */
  http?: HttpClientOptions | undefined;
  /** Clock in ms for token deadlines and job waits. Default `Date.now`. */
  now?: (() => number) | undefined;
}

/** Options of {@link WcsClient.fromConfigFile}: where to load the config from, plus the client options. */
export type WcsClientFromFileOptions = LoadConfigOptions & WcsClientOptions;

/** Options of {@link WcsClient.bucketStat}. */
export interface ClientBucketStatOptions extends ManageCallOptions {
  isListDetails?: boolean | undefined;
  storageType?: StorageType | undefined;
}

/**
 * Every WCS operation of the Python SDK's `Client` (wcs-api.md §11.4) in one object, with
 * camelCase names and Python-like positional arguments. Built on the standalone packages
 * `@wcs/upload`, `@wcs/manage` and `@wcs/fmgr`, which stay usable without it.
 *
 * @example
 * import { WcsClient } from '@wcs/sdk';
 * const client = new WcsClient({ accessKey: 'ak', secretKey: 'sk', putUrl: 'up.example.com', mgrUrl: 'mgr.example.com' });
 * await client.simpleUpload('./a.jpg', 'photos', 'a.jpg');
 * for await (const o of client.listAll('photos')) console.log(o.key);
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
    const http = createHttpClient({ ...httpClientOptionsFromConfig(this.config), ...options.http });
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

  // ---- uploads (wcs-api.md §4) ----

  /**
   * Normal upload (`POST /file/upload`) of a file path, bytes or a stream; py3 `simple_upload`.
   * `key` defaults to the file's basename for a path. See `@wcs/upload` `simpleUpload`.
   * @throws WcsInvalidArgumentError / WcsServiceError / WcsIntegrityError / WcsNetworkError (`ERR_WCS_*`)
   */
  simpleUpload(source: UploadSource, bucket: string, key?: string, options?: UploadOptions): Promise<UploadResult> {
    return simpleUpload(this.context, source, key === undefined ? { bucket } : { bucket, key }, options);
  }

  /**
   * Resumable multipart upload; py3 `multipart_upload(filepath, bucket, key, upload_id)`. The
   * fourth argument is an upload id to resume, or the full options.
   * @throws WcsInvalidArgumentError / WcsResumeRecordError / WcsServiceError / WcsIntegrityError (`ERR_WCS_*`)
   */
  multipartUpload(filePath: string, bucket: string, key?: string, uploadIdOrOptions?: string | MultipartUploadOptions): Promise<MultipartUploadResult> {
    const options = typeof uploadIdOrOptions === 'string' ? { uploadId: uploadIdOrOptions } : uploadIdOrOptions;
    return multipartUpload(this.context, filePath, key === undefined ? { bucket } : { bucket, key }, options);
  }

  /**
   * Multipart upload of bytes or of a readable stream of unknown length (like aws-sdk-js-v3
   * lib-storage `Upload`): memory bounded by concurrency × block size, same integrity checks as
   * {@link WcsClient.multipartUpload}, no resume. See `@wcs/upload` `multipartStreamUpload`.
   * @throws WcsInvalidArgumentError / WcsServiceError / WcsIntegrityError / WcsNetworkError (`ERR_WCS_*`)
   */
  multipartStreamUpload(
    source: Uint8Array | NodeJS.ReadableStream | AsyncIterable<Uint8Array>,
    bucket: string,
    key: string,
    options?: MultipartStreamUploadOptions,
  ): Promise<MultipartUploadResult> {
    return multipartStreamUpload(this.context, source, { bucket, key }, options);
  }

  /**
   * Stream-address upload: downloads `url` and uploads it as it arrives; py3 `stream_upload`.
   * @throws WcsInvalidArgumentError / WcsServiceError / WcsIntegrityError / WcsNetworkError (`ERR_WCS_*`)
   */
  streamUpload(url: string, bucket: string, key: string, options?: UploadOptions): Promise<UploadResult> {
    return streamUpload(this.context, url, { bucket, key }, options);
  }

  /**
   * Normal upload up to `thresholdBytes` (20 MiB), multipart above; py3 `smart_upload`.
   * @throws the errors of {@link WcsClient.simpleUpload} and {@link WcsClient.multipartUpload}
   */
  smartUpload(filePath: string, bucket: string, key?: string, options?: MultipartUploadOptions & { thresholdBytes?: number }): Promise<UploadResult> {
    return smartUpload(this.context, filePath, key === undefined ? { bucket } : { bucket, key }, options);
  }

  /**
   * An upload token for `bucket[:key]` with the config's policy and `policy` over it (§2.1).
   * @throws WcsConfigError (`ERR_WCS_CONFIG`) when keys are missing
   */
  createUploadToken(bucket: string, key?: string, policy?: Partial<PutPolicy>): string {
    return createUploadTokenFor(this.context, key === undefined ? { bucket } : { bucket, key }, policy);
  }

  // ---- resource management (wcs-api.md §5, §8) ----

  /** `GET /bucket/list`; py3 `list_buckets`. @throws WcsServiceError (`ERR_WCS_SERVICE`) */
  listBuckets(options?: ManageCallOptions): Promise<ListBucketsResult> {
    return listBuckets(this.context, options);
  }

  /**
   * One page of `GET /list`; py3 `bucket_list`. Unset options fall back to the config's
   * `limit`, `prefix`, `mode` (0/1 only) and `marker`, as py3 does.
   * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) before any request; WcsServiceError (`ERR_WCS_SERVICE`)
   */
  bucketList(bucket: string, options: ListObjectsOptions = {}): Promise<ListResult> {
    return listObjects(this.context, bucket, this.listDefaults(options));
  }

  /**
   * Every object of a bucket (config list settings as defaults), page by page with constant memory.
   * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`); WcsServiceError (`ERR_WCS_SERVICE`) when a page fails
   * @example
   * for await (const object of client.listAll('photos', { prefix: '2024/' })) console.log(object.key, object.fsize);
   */
  listAll(bucket: string, options: ListObjectsOptions = {}): AsyncGenerator<ObjectInfo, void, undefined> {
    return listAll(this.context, bucket, this.listDefaults(options));
  }

  /** Every page of a listing (with `commonPrefixes`), config list settings as defaults. @throws as {@link WcsClient.listAll} */
  listPages(bucket: string, options: ListObjectsOptions = {}): AsyncGenerator<ListResult, void, undefined> {
    return listPages(this.context, bucket, this.listDefaults(options));
  }

  /**
   * Storage usage per day; py3 `bucket_stat(name, startdate, enddate)`. `buckets` is one name,
   * an array, or py3's `"b1|b2"` text.
   * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for bad dates; WcsServiceError (`ERR_WCS_SERVICE`)
   */
  bucketStat(buckets: string | string[], startDate: string, endDate: string, options: ClientBucketStatOptions = {}): Promise<BucketStatResult> {
    const names = typeof buckets === 'string' ? buckets.split('|') : buckets;
    return bucketStat(this.context, { ...options, buckets: names, startDate, endDate });
  }

  /** Request statistics; py3 `bucket_statistics(name, type, startdate, enddate)`. @throws as {@link WcsClient.bucketStat} */
  bucketStatistics(bucket: string, type: string, startDate: string, endDate: string, options?: ManageCallOptions): Promise<BucketStatisticsResult> {
    return bucketStatistics(this.context, { ...options, bucket, type, startDate, endDate });
  }

  /** `GET /stat/<entry>`; py3 `stat`. @throws WcsServiceError (`ERR_WCS_SERVICE`) 404 when missing */
  stat(bucket: string, key: string, options?: ManageCallOptions): Promise<StatResult> {
    return statObject(this.context, bucket, key, options);
  }

  /** `POST /delete/<entry>`; py3 `delete`. @throws WcsServiceError (`ERR_WCS_SERVICE`) 404 when missing */
  delete(bucket: string, key: string, options?: ManageCallOptions): Promise<DeleteResult> {
    return deleteObject(this.context, bucket, key, options);
  }

  /** `POST /move/<src>/<dst>`; py3 `move`; `dstKey` defaults to `srcKey`. Never retried. @throws WcsServiceError (`ERR_WCS_SERVICE`) */
  move(srcBucket: string, srcKey: string, dstBucket: string, dstKey?: string, options?: ManageCallOptions): Promise<MoveCopyResult> {
    return moveObject(this.context, { bucket: srcBucket, key: srcKey }, { bucket: dstBucket, key: dstKey }, options);
  }

  /** `POST /copy/<src>/<dst>`; py3 `copy`; `dstKey` defaults to `srcKey`. @throws WcsServiceError (`ERR_WCS_SERVICE`) */
  copy(srcBucket: string, srcKey: string, dstBucket: string, dstKey?: string, options?: ManageCallOptions): Promise<MoveCopyResult> {
    return copyObject(this.context, { bucket: srcBucket, key: srcKey }, { bucket: dstBucket, key: dstKey }, options);
  }

  /** `POST /setdeadline`; py3 `setdeadline`; days -1, 0 or up to an expiry of 9999-12-31 (`maxDeadlineDays()`). @throws WcsInvalidArgumentError / WcsServiceError (`ERR_WCS_*`) */
  setDeadline(bucket: string, key: string, days: number, options?: SetDeadlineOptions): Promise<ResponseMeta> {
    return setDeadline(this.context, bucket, key, days, options);
  }

  /** `GET /wslive/list`; py3 `wslive_list(channelname, startTime, endTime, bucket, start, limit)`. @throws WcsServiceError (`ERR_WCS_SERVICE`) */
  wsliveList(channelName: string, startTime: string, endTime: string, bucket: string, start?: number, limit?: number): Promise<WsLiveListResult> {
    return wsLiveList(this.context, { channelName, startTime, endTime, bucket, start, limit });
  }

  // ---- fmgr and fops (wcs-api.md §6, §7) ----

  /** Asynchronous move; py3 `fmgr_move(fops)`: raw fops text, one item or an array. @throws WcsInvalidArgumentError / WcsServiceError (`ERR_WCS_*`) */
  fmgrMove(fopsOrItems: string | FmgrCopyMoveItem | readonly FmgrCopyMoveItem[], options?: FmgrOptions): Promise<SubmitJobResult> {
    return fmgrMove(this.context, fopsOrItems, options);
  }

  /** Asynchronous copy; py3 `fmgr_copy`. @throws as {@link WcsClient.fmgrMove} */
  fmgrCopy(fopsOrItems: string | FmgrCopyMoveItem | readonly FmgrCopyMoveItem[], options?: FmgrOptions): Promise<SubmitJobResult> {
    return fmgrCopy(this.context, fopsOrItems, options);
  }

  /** Fetch URLs into buckets; py3 `fmgr_fetch`. @throws as {@link WcsClient.fmgrMove} */
  fmgrFetch(fopsOrItems: string | FmgrFetchItem | readonly FmgrFetchItem[], options?: FmgrOptions): Promise<SubmitJobResult> {
    return fmgrFetch(this.context, fopsOrItems, options);
  }

  /** Asynchronous delete; py3 `fmgr_delete`. @throws as {@link WcsClient.fmgrMove} */
  fmgrDelete(fopsOrItems: string | FmgrDeleteItem | readonly FmgrDeleteItem[], options?: FmgrOptions): Promise<SubmitJobResult> {
    return fmgrDelete(this.context, fopsOrItems, options);
  }

  /** Delete a directory; py3 `prefix_delete`. @throws as {@link WcsClient.fmgrMove} */
  prefixDelete(fopsOrItems: string | FmgrDeletePrefixItem | readonly FmgrDeletePrefixItem[], options?: FmgrOptions): Promise<SubmitJobResult> {
    return fmgrDeletePrefix(this.context, fopsOrItems, options);
  }

  /** Delete m3u8 playlists (and their .ts); py3 `m3u8_delete`. @throws as {@link WcsClient.fmgrMove} */
  m3u8Delete(fopsOrItems: string | FmgrDeleteM3u8Item | readonly FmgrDeleteM3u8Item[], options?: FmgrOptions): Promise<SubmitJobResult> {
    return fmgrDeleteM3u8(this.context, fopsOrItems, options);
  }

  /** Bulk retention of a bucket or directory (§6.8). @throws as {@link WcsClient.fmgrMove} */
  fmgrSetDeadline(fopsOrItems: string | FmgrSetDeadlineItem | readonly FmgrSetDeadlineItem[], options?: FmgrOptions): Promise<SubmitJobResult> {
    return fmgrSetDeadline(this.context, fopsOrItems, options);
  }

  /** ZIP objects into one (§6.8); py3 `fmgr_compress`. @throws as {@link WcsClient.fmgrMove} */
  fmgrCompress(fopsOrItems: string | FmgrCompressItem | readonly FmgrCompressItem[], options?: FmgrOptions): Promise<SubmitJobResult> {
    return fmgrCompress(this.context, fopsOrItems, options);
  }

  /** `GET /fmgr/status`; py3 `fmgr_status`. @throws WcsServiceError (`ERR_WCS_SERVICE`) 404 for an unknown id */
  fmgrStatus(persistentId: string): Promise<FmgrJobStatus> {
    return fmgrStatus(this.context, persistentId);
  }

  /** `POST /fops`; py3 `ops_execute(fops, bucket, key)`. Never retried. @throws WcsInvalidArgumentError / WcsServiceError (`ERR_WCS_*`) */
  opsExecute(fops: string, bucket: string, key: string, options: Omit<SubmitFopsOptions, 'fops' | 'bucket' | 'key'> = {}): Promise<SubmitJobResult> {
    return submitFops(this.context, { ...options, fops, bucket, key });
  }

  /** `GET /status/get/prefop`; py3 `fops_status`. @throws WcsServiceError (`ERR_WCS_SERVICE`) 404 for an unknown id */
  fopsStatus(persistentId: string): Promise<FopsJobStatus> {
    return fopsStatus(this.context, persistentId);
  }

  /**
   * Polls a job until it ends and returns its final status.
   * @throws WcsJobFailedError (`ERR_WCS_JOB_FAILED`), WcsTimeoutError (`ERR_WCS_TIMEOUT`), WcsAbortError (`ERR_WCS_ABORTED`)
   * @example
   * const { persistentId } = await client.prefixDelete({ bucket: 'logs', prefix: '2023' });
   * await client.waitForJob(persistentId, { kind: 'fmgr' });
   */
  waitForJob(persistentId: string, options: WaitForJobOptions<'fmgr'>): Promise<FmgrJobStatus>;
  waitForJob(persistentId: string, options: WaitForJobOptions<'fops'>): Promise<FopsJobStatus>;
  waitForJob(persistentId: string, options: WaitForJobOptions): Promise<FmgrJobStatus | FopsJobStatus> {
    return waitForJob(this.context, persistentId, options);
  }

  // ---- download (wcs-api.md §9, §11.5) ----

  /**
   * Downloads `url` to `filePath` through a temporary file renamed only when complete and
   * verified, so a failed download leaves no file under the final name.
   * @throws WcsServiceError / WcsIntegrityError / WcsNetworkError / WcsAbortError (`ERR_WCS_*`)
   * @example
   * const { bytes, verified } = await client.download(`http://cdn.example.com/a.jpg`, './a.jpg');
   */
  download(url: string, filePath: string, options?: DownloadOptions): Promise<DownloadResult> {
    return download(this.context, url, filePath, options);
  }

  // ---- sync (@wcs/sync) ----

  /**
   * Keeps a local directory and a bucket prefix in step: `source` → `destination`, one a local
   * directory (`{ kind: 'local', path }`) and the other `{ kind: 'remote', bucket, prefix }`.
   * Files are compared by size and etag (local etags cached by inode, size and mtime in
   * `~/.wcs/sync`); a run killed at any point and started again completes the job. Yields
   * `planned`, `skipped`, `uploaded`, `downloaded`, `deleted`, `failed` and `progress` events,
   * then one `summary`. Block size, chunk size, concurrency and retries come from the config.
   *
   * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for bad options or a missing local directory, before any change
   * @throws WcsLocalIoError (`ERR_WCS_LOCAL_IO`) when another sync holds the destination's lock
   * @throws WcsServiceError (`ERR_WCS_SERVICE`) when the listing fails (631: no such bucket), before any change
   * @throws WcsAbortError (`ERR_WCS_ABORTED`) when `options.signal` aborts
   * @example
   * for await (const event of client.sync({ kind: 'local', path: './site' }, { kind: 'remote', bucket: 'www', prefix: 'site/' }, { delete: true })) {
   *   if (event.type === 'failed') console.error(`${event.path}: ${event.message}`);
   *   if (event.type === 'summary') console.log(event.summary.uploaded);
   * }
   */
  sync(source: SyncLocation, destination: SyncLocation, options?: SyncOptions): AsyncGenerator<SyncEvent, void, undefined> {
    return sync(this.context, source, destination, options);
  }

  private listDefaults(options: ListObjectsOptions): ListObjectsOptions {
    const c = this.config;
    // py3 sends each of these only when truthy, and mode only when 0 or 1 (3 = unset, §5.3).
    return {
      ...options,
      limit: options.limit ?? (c.listLimit > 0 ? c.listLimit : undefined),
      prefix: options.prefix ?? (c.listPrefix === '' ? undefined : c.listPrefix),
      mode: options.mode ?? (c.listMode === 0 || c.listMode === 1 ? c.listMode : undefined),
      marker: options.marker ?? (c.listMarker === '' ? undefined : c.listMarker),
    };
  }
}
