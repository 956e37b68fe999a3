import { createWcsContext, type WcsConfig, type WcsContext } from '@wcs/core';
import { bucketStat, copyObject, deleteObject, listBuckets, listObjects, moveObject, setDeadline, statObject } from '@wcs/manage';
import type { FmgrJobStatus, FopsJobStatus, WcsClient } from '@wcs/sdk';
import type { CliClient, JobStatus } from './cli-client.js';

/** The SDK's typed status as the port's open record (printed as is by --json). */
const toJobStatus = (status: FmgrJobStatus | FopsJobStatus): JobStatus => ({ ...status, items: status.items.map((item) => ({ ...item })) });

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
  // Config-derived transport settings, as WcsClient's own context.
  const manage = (): WcsContext => (ctx ??= createWcsContext(config));
  let client: Promise<WcsClient> | undefined;
  const sdk = (): Promise<WcsClient> => (client ??= import('@wcs/sdk').then(({ WcsClient }) => new WcsClient(config)));
  return {
    // The SDK loads on the first event pulled, so sync's argument errors come before any import.
    sync: (params) => ({
      async *[Symbol.asyncIterator]() {
        yield* (await sdk()).sync(params);
      },
    }),
    listBuckets: (params) => listBuckets(manage(), params),
    // The handler passes the config's list settings explicitly (listOptionsFrom); the package
    // would apply the same ones to anything left unset.
    listObjects: (params) => listObjects(manage(), params),
    statObject: (params) => statObject(manage(), params),
    deleteObject: (params) => deleteObject(manage(), params),
    moveObject: (params) => moveObject(manage(), params),
    copyObject: (params) => copyObject(manage(), params),
    setDeadline: (params) => setDeadline(manage(), params),
    bucketStat: (params) => bucketStat(manage(), params),
    simpleUpload: async (params) => (await import('./upload-calls.js')).uploadCalls(manage).simpleUpload(params),
    multipartUpload: async (params) => (await import('./upload-calls.js')).uploadCalls(manage).multipartUpload(params),
    fmgrDeletePrefix: async (params) => (await sdk()).fmgrDeletePrefix(params),
    submitFops: async (params) => (await sdk()).submitFops(params),
    fopsStatus: async (params) => toJobStatus(await (await sdk()).fopsStatus(params)),
    fmgrStatus: async (params) => toJobStatus(await (await sdk()).fmgrStatus(params)),
    waitForJob: async (params) => toJobStatus(await (await sdk()).waitForJob(params)),
    download: async (params) => ({ bytes: (await (await sdk()).download(params)).bytes }),
  };
}
