/** Every endpoint the server distinguishes, for fault rules and the request log. */
export type ServerEndpoint =
  | 'upload' | 'mkblk' | 'bput' | 'mkfile' | 'append'
  | 'bucketList' | 'bucketStat' | 'bucketStatistics'
  | 'list' | 'stat' | 'delete' | 'move' | 'copy' | 'setdeadline'
  | 'fmgr' | 'fmgrStatus' | 'fops' | 'fopsStatus' | 'wslive' | 'download';

/** One fault-injection rule, evaluated per request in order. */
export interface FaultRule {
  /** Which requests it applies to. */
  endpoint: ServerEndpoint | '*';
  /** 0..1 probability per matching request (default 1). */
  fraction?: number;
  /** Answer with this status and a WCS-shaped body instead of handling. */
  status?: 500 | 503 | 408 | 429;
  /** Destroy the socket after N bytes of the request body were received. */
  resetAfterBytes?: number;
  /** Delay before handling. */
  latencyMs?: number;
  /** Stop applying after N hits. */
  times?: number;
}

export interface FaultOptions {
  seed?: number;
  rules?: FaultRule[];
}

export interface RequestLogEntry {
  /** 1, 2, 3… in arrival order for the life of the server (see `GET /_wcs/requests?since=N`). */
  seq: number;
  method: string;
  host: 'put' | 'mgr' | 'download';
  /** Raw path + query as received. */
  path: string;
  endpoint: ServerEndpoint | 'unknown';
  /** HTTP status answered; 0 when the connection was dropped before an answer. */
  status: number;
  bytesIn: number;
  bytesOut: number;
  /** Arrival time (ms, from the server clock). */
  time: number;
  fault?: string;
}

export interface StartWcsServerOptions {
  /** Port of the upload host listener, default 0. */
  port?: number;
  mgrPort?: number;
  downloadPort?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Objects on disk under this dir; omitted = in-memory store. */
  dataDir?: string;
  accessKey?: string;
  secretKey?: string;
  credentials?: Array<{ accessKey: string; secretKey: string }>;
  /** JSON `{"accessKey","secretKey"}` or `[{…}]`, or a .wcscfg-style file with access_key/secret_key lines. */
  credentialsFile?: string;
  /** Buckets that exist; default ['test']. Others answer 631. */
  buckets?: string[];
  faults?: FaultOptions;
  /** Injectable clock (ms). */
  now?: () => number;
  /** How long async jobs stay pending/processing, default 50 ms. */
  jobDelayMs?: number;
  /** Request log entries kept in memory (a ring buffer: the oldest go first), default 10,000. */
  requestLogSize?: number;
  /** Also append every finished request to this file as one JSON line. */
  requestLogFile?: string;
  /**
   * How long (ms, server clock) a multipart block from mkblk/bput waits for its mkfile after its
   * last chunk; then it is refused (701) and its file removed. Default 86,400,000 (24 h).
   */
  blockTtlMs?: number;
}

export interface WcsServer {
  /** Upload host: /file/upload, /mkblk, /bput, /mkfile, /append only. */
  putUrl: string;
  /** Manage host: everything else. */
  mgrUrl: string;
  /** Download host base; an object is at `${downloadUrl}/${bucket}/${key}`. */
  downloadUrl: string;
  /** First credential pair (handy for tests and the demo). */
  accessKey: string;
  secretKey: string;
  objectUrl(bucket: string, key: string): string;
  setFaults(faults: FaultOptions): void;
  /** The kept entries (the newest `requestLogSize`), oldest first. */
  requestLog(): RequestLogEntry[];
  clearRequestLog(): void;
  createBucket(name: string): void;
  close(): Promise<void>;
}
