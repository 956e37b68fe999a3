import { createHttpClient, httpClientOptionsFromConfig, type WcsConfig, type WcsContext } from '@wcs/core';
import { bucketStat, copyObject, deleteObject, listBuckets, listObjects, moveObject, setDeadline, statObject } from '@wcs/manage';
import type { FmgrJobStatus, FopsJobStatus, WcsClient } from '@wcs/sdk';
import type { CliClient, JobStatus } from './cli-client.js';

/** The SDK's typed status as the port's open record (printed as is by --json). */
const toJobStatus = (status: FmgrJobStatus | FopsJobStatus): JobStatus => ({ ...status, items: status.items.map((item) => ({ ...item })) });

const flag = (value: boolean | undefined): 0 | 1 | undefined => (value === undefined ? undefined : value ? 1 : 0);

/**
 * Adapts the SDK to the narrow {@link CliClient} port the handlers use. This is the only module of
 * wcscmd that imports the SDK, so `--help`, usage errors and `--configure` never load it (it is a
 * lazily imported chunk of the bundle). The resource-management calls (stat, list, del, mv, cp,
 * setdeadline, bucketstat, listbucket) go straight to `@wcs/manage`, exactly as WcsClient's
 * methods do, so those commands do not load the upload, fmgr and etag code behind WcsClient;
 * the uploads go straight to `@wcs/upload` likewise (upload-calls.ts, imported on first use).
 * WcsClient itself is imported on the first call that needs it.
 */
export function createCliClient(config: WcsConfig): CliClient {
  let ctx: WcsContext | undefined;
  // Built as WcsClient builds its own context (config-derived transport settings).
  const manage = (): WcsContext => (ctx ??= { config, http: createHttpClient(httpClientOptionsFromConfig(config)) });
  let client: Promise<WcsClient> | undefined;
  const sdk = (): Promise<WcsClient> => (client ??= import('@wcs/sdk').then(({ WcsClient }) => new WcsClient(config)));
  return {
    // The SDK loads on the first event pulled, so sync's argument errors come before any import.
    sync: (source, destination, options) => ({
      async *[Symbol.asyncIterator]() {
        yield* (await sdk()).sync(source, destination, options);
      },
    }),
    listBuckets: () => listBuckets(manage()),
    // Unset options stay unset: the handler already took them from the config (listOptionsFrom),
    // as WcsClient.bucketList would.
    listPage: (bucket, options) => listObjects(manage(), bucket, options),
    stat: (bucket, key) => statObject(manage(), bucket, key),
    delete: (bucket, key) => deleteObject(manage(), bucket, key),
    move: (sb, sk, db, dk) => moveObject(manage(), { bucket: sb, key: sk }, { bucket: db, key: dk }),
    copy: (sb, sk, db, dk) => copyObject(manage(), { bucket: sb, key: sk }, { bucket: db, key: dk }),
    setDeadline: (bucket, key, days) => setDeadline(manage(), bucket, key, days),
    bucketStat: (buckets, startDate, endDate, options) =>
      bucketStat(manage(), {
        buckets,
        startDate,
        endDate,
        isListDetails: options.isListDetails,
        ...(options.storageType ? { storageType: options.storageType as 'Standard' | 'InfrequentAccess' | 'Archive' } : {}),
      }),
    simpleUpload: async (...args) => (await import('./upload-calls.js')).uploadCalls(manage).simpleUpload(...args),
    multipartUpload: async (...args) => (await import('./upload-calls.js')).uploadCalls(manage).multipartUpload(...args),
    deletePrefix: async (bucket, prefix, options) =>
      (await sdk()).prefixDelete({ bucket, prefix }, { notifyUrl: options.notifyUrl, force: flag(options.force), separate: flag(options.separate) }),
    fops: async (fops, bucket, key, options) =>
      (await sdk()).opsExecute(fops, bucket, key, { notifyUrl: options.notifyUrl, force: flag(options.force), separate: flag(options.separate) }),
    fopsStatus: async (id) => toJobStatus(await (await sdk()).fopsStatus(id)),
    fmgrStatus: async (id) => toJobStatus(await (await sdk()).fmgrStatus(id)),
    // 200 ms between polls: deletePrefix --wait is interactive, and status reads are cheap GETs.
    waitForFmgrJob: async (id, options) => toJobStatus(await (await sdk()).waitForJob(id, { kind: 'fmgr', intervalMs: 200, signal: options.signal })),
    download: async (url, filePath, options) => {
      const result = await (await sdk()).download(url, filePath, {
        signal: options.signal,
        trafficLimit: options.trafficLimit,
        onProgress: (p) => options.onProgress?.(p.loaded, p.total),
      });
      return { bytes: result.bytes };
    },
  };
}
