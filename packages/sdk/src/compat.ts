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
 */
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


  // ---- end of resource management ----

  // ---- jobs: py3 fmgr_move, fmgr_copy, fmgr_fetch, fmgr_delete, prefix_delete, m3u8_delete, fmgr_compress,
  // fmgr_status, ops_execute, ops_status (branch rename-manage fills this) ----


  // ---- end of jobs ----
}
