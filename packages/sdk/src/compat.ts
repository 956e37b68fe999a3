/**
 * `@wcs/sdk/compat`: the Python SDK's `Client` method names (wcs-python3-sdk 5.0.36, camelCased)
 * with py3's positional arguments, for people porting code. Each method is one call of the
 * canonical {@link WcsClient} method named in the sdk README's table; new code should call
 * those directly.
 *
 * @example
 * import { PythonCompatClient } from '@wcs/sdk/compat';
 * const py = PythonCompatClient.fromConfigFile();
 * await py.simpleUpload('./a.jpg', 'photos', 'a.jpg');
 * console.log(await py.stat('photos', 'a.jpg'));
 * py.close();
 *
 * @module @wcs/sdk/compat
 */
import type { FmgrJobStatus, FopsJobStatus, SubmitJobResult } from '@wcs/fmgr';
import type {
  BucketStatisticsResult,
  BucketStatResult,
  DeleteResult,
  ListBucketsResult,
  ListResult,
  MoveCopyResult,
  ObjectInfo,
  ResponseMeta,
  StatResult,
  WsLiveListResult,
} from '@wcs/manage';
import type { MultipartUploadResult, UploadResult } from '@wcs/upload';
import { WcsClient, type WcsClientFromFileOptions } from './wcs-client.js';

/** The py3 `Client` surface over a {@link WcsClient}: same config, same transport, same errors. */
export class PythonCompatClient {
  /** The client every alias calls. */
  readonly client: WcsClient;

  constructor(client: WcsClient) {
    this.client = client;
  }

  /** Builds the underlying {@link WcsClient} from a `.wcscfg` (see `WcsClient.fromConfigFile`). */
  static fromConfigFile(options: WcsClientFromFileOptions = {}): PythonCompatClient {
    return new PythonCompatClient(WcsClient.fromConfigFile(options));
  }

  /** Closes the underlying client's pooled connections. */
  close(): void {
    this.client.close();
  }

  // ---- uploads: py3 simple_upload, stream_upload, multipart_upload, smart_upload (branch rename-upload fills this) ----

  /** py3 `simple_upload(path, bucket, key)` → {@link WcsClient.simpleUpload}. @throws the errors of `simpleUpload` */
  simpleUpload(path: string, bucket: string, key: string): Promise<UploadResult> {
    return this.client.simpleUpload({ source: path, bucket, key });
  }

  /** py3 `stream_upload(stream, bucket, key)` (`stream` is a URL) → {@link WcsClient.streamUpload}. @throws the errors of `streamUpload` */
  streamUpload(url: string, bucket: string, key: string): Promise<UploadResult> {
    return this.client.streamUpload({ url, bucket, key });
  }

  /**
   * py3 `multipart_upload(path, bucket, key, tmp_upload_id)` → {@link WcsClient.multipartUpload};
   * `uploadId` resumes that upload. @throws the errors of `multipartUpload`
   */
  multipartUpload(path: string, bucket: string, key: string, uploadId?: string): Promise<MultipartUploadResult> {
    return this.client.multipartUpload({ file: path, bucket, key, uploadId });
  }

  /**
   * py3 `smart_upload(path, bucket, key, multi_size)` → {@link WcsClient.smartUpload}: normal upload
   * up to `multiSizeMiB` MiB (default 20), multipart above. @throws the errors of `smartUpload`
   */
  smartUpload(path: string, bucket: string, key: string, multiSizeMiB = 20): Promise<UploadResult> {
    return this.client.smartUpload({ file: path, bucket, key, thresholdBytes: multiSizeMiB * 1024 * 1024 });
  }

  // ---- end of uploads ----

  // ---- resource management: py3 list_buckets, bucket_list, bucket_listAll, bucket_stat, bucket_statistics,
  // stat, delete, move, copy, setdeadline, wslive_list (branch rename-manage fills this) ----

  /** py3 `list_buckets()` → {@link WcsClient.listBuckets}. */
  listBuckets(): Promise<ListBucketsResult> {
    return this.client.listBuckets();
  }

  /** py3 `bucket_list(bucket, prefix, marker, limit, mode, starttime, endtime)` → {@link WcsClient.listObjects} (unset values from the config). */
  bucketList(bucket: string, prefix?: string, marker?: string, limit?: number, mode?: 0 | 1, startTime?: number, endTime?: number): Promise<ListResult> {
    return this.client.listObjects({ bucket, prefix, marker, limit, mode, startTime, endTime });
  }

  /** py3 `bucket_listAll(bucket, prefix, marker, limit, mode)` → {@link WcsClient.listAll}: every object, page by page. */
  bucketListAll(bucket: string, prefix?: string, marker?: string, limit?: number, mode?: 0 | 1): AsyncGenerator<ObjectInfo, void, undefined> {
    return this.client.listAll({ bucket, prefix, marker, limit, mode });
  }

  /** py3 `bucket_stat(name, startdate, enddate)` → {@link WcsClient.bucketStat}; `name` may be `"b1|b2"`. */
  bucketStat(name: string, startDate: string, endDate: string): Promise<BucketStatResult> {
    return this.client.bucketStat({ buckets: name, startDate, endDate });
  }

  /** py3 `bucket_statistics(name, type, startdate, enddate)` → {@link WcsClient.bucketStatistics}. */
  bucketStatistics(name: string, type: string, startDate: string, endDate: string): Promise<BucketStatisticsResult> {
    return this.client.bucketStatistics({ bucket: name, type, startDate, endDate });
  }

  /** py3 `stat(bucket, key)` → {@link WcsClient.statObject}. */
  stat(bucket: string, key: string): Promise<StatResult> {
    return this.client.statObject({ bucket, key });
  }

  /** py3 `delete(bucket, key)` → {@link WcsClient.deleteObject}. */
  delete(bucket: string, key: string): Promise<DeleteResult> {
    return this.client.deleteObject({ bucket, key });
  }

  /** py3 `move(srcbucket, srckey, dstbucket, dstkey='')` → {@link WcsClient.moveObject}; an empty `dstKey` keeps `srcKey`. */
  move(srcBucket: string, srcKey: string, dstBucket: string, dstKey = ''): Promise<MoveCopyResult> {
    return this.client.moveObject({ from: { bucket: srcBucket, key: srcKey }, to: { bucket: dstBucket, key: dstKey } });
  }

  /** py3 `copy(srcbucket, srckey, dstbucket, dstkey='')` → {@link WcsClient.copyObject}; an empty `dstKey` keeps `srcKey`. */
  copy(srcBucket: string, srcKey: string, dstBucket: string, dstKey = ''): Promise<MoveCopyResult> {
    return this.client.copyObject({ from: { bucket: srcBucket, key: srcKey }, to: { bucket: dstBucket, key: dstKey } });
  }

  /** py3 `setdeadline(bucket, key, deadline)` → {@link WcsClient.setDeadline}; `deadline` in days. */
  setdeadline(bucket: string, key: string, deadline: number): Promise<ResponseMeta> {
    return this.client.setDeadline({ bucket, key, days: deadline });
  }

  /** py3 `wslive_list(channelname, startTime, endTime, bucket, start, limit)` → {@link WcsClient.wsLiveList}. */
  wsliveList(channelName: string, startTime: string, endTime: string, bucket: string, start?: number, limit?: number): Promise<WsLiveListResult> {
    return this.client.wsLiveList({ channelName, startTime, endTime, bucket, start, limit });
  }

  // ---- end of resource management ----

  // ---- jobs: py3 fmgr_move, fmgr_copy, fmgr_fetch, fmgr_delete, prefix_delete, m3u8_delete, fmgr_compress,
  // fmgr_status, ops_execute, ops_status (branch rename-manage fills this) ----

  /** py3 `fmgr_move(fops)` → {@link WcsClient.fmgrMove} with ready fops text. */
  fmgrMove(fops: string): Promise<SubmitJobResult> {
    return this.client.fmgrMove({ fops });
  }

  /** py3 `fmgr_copy(fops)` → {@link WcsClient.fmgrCopy}. */
  fmgrCopy(fops: string): Promise<SubmitJobResult> {
    return this.client.fmgrCopy({ fops });
  }

  /** py3 `fmgr_fetch(fops)` → {@link WcsClient.fmgrFetch}. */
  fmgrFetch(fops: string): Promise<SubmitJobResult> {
    return this.client.fmgrFetch({ fops });
  }

  /** py3 `fmgr_delete(fops)` → {@link WcsClient.fmgrDelete}. */
  fmgrDelete(fops: string): Promise<SubmitJobResult> {
    return this.client.fmgrDelete({ fops });
  }

  /** py3 `prefix_delete(fops)` → {@link WcsClient.fmgrDeletePrefix}. */
  prefixDelete(fops: string): Promise<SubmitJobResult> {
    return this.client.fmgrDeletePrefix({ fops });
  }

  /** py3 `m3u8_delete(fops)` → {@link WcsClient.fmgrDeleteM3u8}. */
  m3u8Delete(fops: string): Promise<SubmitJobResult> {
    return this.client.fmgrDeleteM3u8({ fops });
  }

  /** py3 `fmgr_compress(fops)` → {@link WcsClient.fmgrCompress}. */
  fmgrCompress(fops: string): Promise<SubmitJobResult> {
    return this.client.fmgrCompress({ fops });
  }

  /** py3 `fmgr_status(persistentId)` → {@link WcsClient.fmgrStatus}. */
  fmgrStatus(persistentId: string): Promise<FmgrJobStatus> {
    return this.client.fmgrStatus({ persistentId });
  }

  /** py3 `ops_execute(fops, bucket, key)` → {@link WcsClient.submitFops}. */
  opsExecute(fops: string, bucket: string, key: string): Promise<SubmitJobResult> {
    return this.client.submitFops({ fops, bucket, key });
  }

  /** py3 `ops_status(persistentId)` → {@link WcsClient.fopsStatus}. */
  opsStatus(persistentId: string): Promise<FopsJobStatus> {
    return this.client.fopsStatus({ persistentId });
  }

  // ---- end of jobs ----
}
