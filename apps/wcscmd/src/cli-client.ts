import type { MultipartUploadParams, ObjectInfo, SimpleUploadParams, SyncEvent, SyncLocation, SyncOptions } from '@wcs/sdk';

/**
 * The part of `@wcs/sdk`'s WcsClient that the handlers use, as a narrow port: handlers depend on
 * this interface, `create-cli-client.ts` adapts the SDK to it, and tests can pass a plain object.
 */
/** One listed object, exactly as the SDK returns it. */
export type ObjectEntry = ObjectInfo;

export interface ListPage {
  marker: string | undefined;
  commonPrefixes: string[];
  items: ObjectEntry[];
  requestId?: string | undefined;
}

export interface ListOptions {
  limit?: number | undefined;
  prefix?: string | undefined;
  mode?: 0 | 1 | undefined;
  marker?: string | undefined;
}

export interface StatInfo extends ObjectEntry {
  bucket: string;
  requestId?: string | undefined;
}

export interface UploadOutcome {
  bucket: string;
  key: string;
  hash?: string | undefined;
  fsize?: number | undefined;
  body: unknown;
  requestId?: string | undefined;
  /** `Location` of a 303 answer: with a policy `returnUrl` it is the upload's result (wcs-api.md §4.4). */
  location?: string | undefined;
  uploadId?: string | undefined;
  resumedBlocks?: number | undefined;
}

export interface TransferOptions {
  signal?: AbortSignal | undefined;
  onProgress?: (loaded: number, total: number | undefined) => void;
}

export interface BucketUsageEntry {
  name: string;
  detail: Array<{ date: string; storageMb: number }>;
}

export interface JobOptions {
  notifyUrl?: string | undefined;
  force?: boolean | undefined;
  separate?: boolean | undefined;
}

/** A job status document as the service returns it (wcs-api.md §6.9, §7.2). */
export interface JobStatus {
  persistentId: string;
  code: number;
  desc?: string | undefined;
  items?: Array<Record<string, unknown>> | undefined;
  [field: string]: unknown;
}

export interface CliClient {
  /** Directory sync (`@wcs/sync`): events, ending with a summary. */
  sync(source: SyncLocation, destination: SyncLocation, options: SyncOptions): AsyncIterable<SyncEvent>;
  listBuckets(): Promise<{ buckets: string[]; requestId?: string | undefined }>;
  listPage(bucket: string, options: ListOptions): Promise<ListPage>;
  stat(bucket: string, key: string): Promise<StatInfo>;
  delete(bucket: string, key: string): Promise<{ requestId?: string | undefined }>;
  move(srcBucket: string, srcKey: string, dstBucket: string, dstKey: string): Promise<{ requestId?: string | undefined }>;
  copy(srcBucket: string, srcKey: string, dstBucket: string, dstKey: string): Promise<{ requestId?: string | undefined }>;
  setDeadline(bucket: string, key: string, days: number): Promise<{ requestId?: string | undefined }>;
  bucketStat(buckets: string[], startDate: string, endDate: string, options: { isListDetails: boolean; storageType?: string | undefined }): Promise<{ buckets: BucketUsageEntry[]; requestId?: string | undefined }>;
  /** The SDK's `simpleUpload`, same params. */
  simpleUpload(params: SimpleUploadParams): Promise<UploadOutcome>;
  /** The SDK's `multipartUpload`, same params. */
  multipartUpload(params: MultipartUploadParams): Promise<UploadOutcome>;
  deletePrefix(bucket: string, prefix: string, options: JobOptions): Promise<{ persistentId: string }>;
  fops(fops: string, bucket: string, key: string, options: JobOptions): Promise<{ persistentId: string }>;
  fopsStatus(id: string): Promise<JobStatus>;
  fmgrStatus(id: string): Promise<JobStatus>;
  waitForFmgrJob(id: string, options: { signal?: AbortSignal | undefined }): Promise<JobStatus>;
  /** Downloads to `filePath` via a temp file + rename; verified when the server gives an etag. */
  download(url: string, filePath: string, options: TransferOptions & { trafficLimit?: number | undefined }): Promise<{ bytes: number }>;
}
