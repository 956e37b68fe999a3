import type {
  BucketStatParams,
  CopyObjectParams,
  DeleteObjectParams,
  DownloadParams,
  FmgrDeletePrefixParams,
  FmgrStatusParams,
  FopsStatusParams,
  ListObjectsParams,
  MoveObjectParams,
  MultipartUploadParams,
  ObjectInfo,
  SetDeadlineParams,
  SimpleUploadParams,
  StatObjectParams,
  SubmitFopsParams,
  SyncEvent,
  SyncParams,
  WaitForJobParams,
} from '@wcs/sdk';

/**
 * The part of `@wcs/sdk`'s WcsClient that the handlers use, as a narrow port: handlers depend on
 * this interface, `create-cli-client.ts` adapts the SDK to it, and tests can pass a plain object.
 * Same operation names and params objects as the SDK (VOCAB.md); results are narrowed.
 */
/** One listed object, exactly as the SDK returns it. */
export type ObjectEntry = ObjectInfo;

export interface ListPage {
  marker: string | undefined;
  commonPrefixes: string[];
  items: ObjectEntry[];
  requestId?: string | undefined;
}

/** The list settings of a `list`/`listall` run (everything of {@link ListObjectsParams} but the bucket). */
export type ListOptions = Pick<ListObjectsParams, 'limit' | 'prefix' | 'mode' | 'marker'>;

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
  sync(params: SyncParams): AsyncIterable<SyncEvent>;
  listBuckets(params?: { signal?: AbortSignal | undefined }): Promise<{ buckets: string[]; requestId?: string | undefined }>;
  listObjects(params: ListObjectsParams): Promise<ListPage>;
  statObject(params: StatObjectParams): Promise<StatInfo>;
  deleteObject(params: DeleteObjectParams): Promise<{ requestId?: string | undefined }>;
  moveObject(params: MoveObjectParams): Promise<{ requestId?: string | undefined }>;
  copyObject(params: CopyObjectParams): Promise<{ requestId?: string | undefined }>;
  setDeadline(params: SetDeadlineParams): Promise<{ requestId?: string | undefined }>;
  bucketStat(params: BucketStatParams): Promise<{ buckets: BucketUsageEntry[]; requestId?: string | undefined }>;
  /** The SDK's `simpleUpload`, same params. */
  simpleUpload(params: SimpleUploadParams): Promise<UploadOutcome>;
  /** The SDK's `multipartUpload`, same params. */
  multipartUpload(params: MultipartUploadParams): Promise<UploadOutcome>;
  fmgrDeletePrefix(params: FmgrDeletePrefixParams): Promise<{ persistentId: string }>;
  submitFops(params: SubmitFopsParams): Promise<{ persistentId: string }>;
  fopsStatus(params: FopsStatusParams): Promise<JobStatus>;
  fmgrStatus(params: FmgrStatusParams): Promise<JobStatus>;
  waitForJob(params: WaitForJobParams<'fmgr'>): Promise<JobStatus>;
  /** Downloads to `file` via a temp file + rename; verified when the server gives an etag. */
  download(params: DownloadParams): Promise<{ bytes: number }>;
}
