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


  // ---- end of uploads ----

  // ---- resource management: py3 list_buckets, bucket_list, bucket_listAll, bucket_stat, bucket_statistics,
  // stat, delete, move, copy, setdeadline, wslive_list (branch rename-manage fills this) ----


  // ---- end of resource management ----

  // ---- jobs: py3 fmgr_move, fmgr_copy, fmgr_fetch, fmgr_delete, prefix_delete, m3u8_delete, fmgr_compress,
  // fmgr_status, ops_execute, ops_status (branch rename-manage fills this) ----


  // ---- end of jobs ----
}
