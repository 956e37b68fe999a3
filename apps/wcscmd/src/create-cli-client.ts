import { WcsClient, type FmgrJobStatus, type FopsJobStatus } from '@wcs/sdk';
import type { WcsConfig } from '@wcs/core';
import type { CliClient, JobStatus } from './cli-client.js';

/** The SDK's typed status as the port's open record (printed as is by --json). */
const toJobStatus = (status: FmgrJobStatus | FopsJobStatus): JobStatus => ({ ...status, items: status.items.map((item) => ({ ...item })) });

const flag = (value: boolean | undefined): 0 | 1 | undefined => (value === undefined ? undefined : value ? 1 : 0);

/**
 * Adapts `@wcs/sdk`'s WcsClient to the narrow {@link CliClient} port the handlers use. This is
 * the only module of wcscmd that imports the SDK, so `--help`, usage errors and `--configure`
 * never load it (it is a lazily imported chunk of the bundle).
 */
export function createCliClient(config: WcsConfig): CliClient {
  const client = new WcsClient(config);
  return {
    sync: (source, destination, options) => client.sync(source, destination, options),
    listBuckets: () => client.listBuckets(),
    listPage: (bucket, options) => client.bucketList(bucket, options),
    stat: (bucket, key) => client.stat(bucket, key),
    delete: (bucket, key) => client.delete(bucket, key),
    move: (sb, sk, db, dk) => client.move(sb, sk, db, dk),
    copy: (sb, sk, db, dk) => client.copy(sb, sk, db, dk),
    setDeadline: (bucket, key, days) => client.setDeadline(bucket, key, days),
    bucketStat: (buckets, startDate, endDate, options) =>
      client.bucketStat(buckets, startDate, endDate, {
        isListDetails: options.isListDetails,
        ...(options.storageType ? { storageType: options.storageType as 'Standard' | 'InfrequentAccess' | 'Archive' } : {}),
      }),
    simpleUpload: (filePath, bucket, key, options) =>
      client.simpleUpload(filePath, bucket, key, {
        ...(options.signal ? { signal: options.signal } : {}),
        onProgress: (p) => options.onProgress?.(p.loaded, p.total),
      }),
    multipartUpload: (filePath, bucket, key, options) =>
      client.multipartUpload(filePath, bucket, key, {
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.uploadId ? { uploadId: options.uploadId } : {}),
        // Not resume: 'never': that would leave the old record behind; this resets the record it finds.
        ...(options.restart ? { restartOnMismatch: true } : {}),
        ...(options.onUploadId ? { onUploadId: options.onUploadId } : {}),
        onProgress: (p) => options.onProgress?.(p.loaded, p.total),
      }),
    deletePrefix: (bucket, prefix, options) =>
      client.prefixDelete({ bucket, prefix }, { notifyUrl: options.notifyUrl, force: flag(options.force), separate: flag(options.separate) }),
    fops: (fops, bucket, key, options) =>
      client.opsExecute(fops, bucket, key, { notifyUrl: options.notifyUrl, force: flag(options.force), separate: flag(options.separate) }),
    fopsStatus: async (id) => toJobStatus(await client.fopsStatus(id)),
    fmgrStatus: async (id) => toJobStatus(await client.fmgrStatus(id)),
    // 200 ms between polls: deletePrefix --wait is interactive, and status reads are cheap GETs.
    waitForFmgrJob: async (id, options) => toJobStatus(await client.waitForJob(id, { kind: 'fmgr', intervalMs: 200, signal: options.signal })),
    download: async (url, filePath, options) => {
      const result = await client.download(url, filePath, {
        signal: options.signal,
        trafficLimit: options.trafficLimit,
        onProgress: (p) => options.onProgress?.(p.loaded, p.total),
      });
      return { bytes: result.bytes };
    },
  };
}
