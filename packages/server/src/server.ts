import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createRequestHandler, handleClientError, type AppDeps, type HostKind } from './app.js';
import { readCredentialsFile, type CredentialPair } from './credentials.js';
import { FaultEngine } from './faults.js';
import { SERVER_LIMITS } from './http.js';
import { JobManager } from './jobs.js';
import { RequestLog } from './request-log.js';
import { purgeExpiredBlocks, type ServerState } from './state.js';
import { SqliteStore } from './store/sqlite-store.js';
import type { StartWcsServerOptions, WcsServer } from './types.js';

export const DEFAULT_BLOCK_TTL_MS = 86_400_000;

/** Credentials used when none are given. */
export const DEFAULT_ACCESS_KEY = 'wcs-local-access-key';
export const DEFAULT_SECRET_KEY = 'wcs-local-secret-key';

const BUCKET_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

async function resolveCredentials(options: StartWcsServerOptions): Promise<CredentialPair[]> {
  const pairs: CredentialPair[] = [];
  if (options.accessKey !== undefined || options.secretKey !== undefined) {
    if (!options.accessKey || !options.secretKey) throw new Error('accessKey and secretKey must be given together');
    pairs.push({ accessKey: options.accessKey, secretKey: options.secretKey });
  }
  pairs.push(...(options.credentials ?? []));
  if (options.credentialsFile !== undefined) pairs.push(...(await readCredentialsFile(options.credentialsFile)));
  if (pairs.length === 0) pairs.push({ accessKey: DEFAULT_ACCESS_KEY, secretKey: DEFAULT_SECRET_KEY });
  return pairs;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/** Path-encodes a key per segment; keys with `.`/`..` segments are encoded whole so no URL parser collapses them. */
export function encodeKeyPath(key: string): string {
  const segments = key.split('/');
  if (segments.some((s) => s === '.' || s === '..')) return encodeURIComponent(key);
  return segments.map(encodeURIComponent).join('/');
}

/**
 * Starts the local WCS-compatible server: three listeners (upload, manage, download hosts).
 * @example
 * const server = await startWcsServer({ accessKey: 'ak', secretKey: 'sk', buckets: ['test'] });
 * // … point a client at server.putUrl / server.mgrUrl …
 * await server.close();
 */
export async function startWcsServer(options: StartWcsServerOptions = {}): Promise<WcsServer> {
  const pairs = await resolveCredentials(options);
  const credentials = new Map(pairs.map((p) => [p.accessKey, p.secretKey]));
  if (options.blockTtlMs !== undefined && !(Number.isFinite(options.blockTtlMs) && options.blockTtlMs >= 0)) {
    throw new Error(`blockTtlMs must be a non-negative number of milliseconds, got ${options.blockTtlMs}`);
  }
  const bucketNames = options.buckets ?? ['test'];
  for (const b of bucketNames) if (!BUCKET_RE.test(b)) throw new Error(`invalid bucket name: ${b}`);
  // Checked first: bad fault options or a bad log path fail the start before anything is set up.
  const faults = new FaultEngine(options.faults);
  const log = await RequestLog.open(options.requestLogSize, options.requestLogFile);
  const now = options.now ?? Date.now;
  const store = new SqliteStore({ ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}), now });
  await store.init();
  try {
    for (const b of bucketNames) store.addBucket(b);
  } catch (e) {
    await store.close();
    await log.close();
    throw e;
  }
  const host = options.host ?? '127.0.0.1';
  const urls = { put: '', mgr: '', download: '' };
  const background = new Set<Promise<unknown>>();
  const state: ServerState = {
    store,
    credentials,
    now,
    jobDelayMs: options.jobDelayMs ?? 50,
    ctxSecret: randomBytes(32),
    blocks: new Map(),
    blockTtlMs: options.blockTtlMs ?? DEFAULT_BLOCK_TTL_MS,
    jobs: new JobManager(() => state),
    objectUrl: (bucket, key) => `${urls.download}/${encodeURIComponent(bucket)}/${encodeKeyPath(key)}`,
    counters: new Map(),
    closing: false,
    track: (p) => {
      background.add(p);
      void p.finally(() => background.delete(p)).catch(() => undefined);
      return p;
    },
  };
  const deps: AppDeps = { state, faults, log };
  const sockets = new Set<Socket>();
  const servers: Server[] = [];
  const start = async (kind: HostKind, port: number): Promise<string> => {
    const server = createServer({ ...SERVER_LIMITS }, createRequestHandler(kind, deps));
    server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => handleClientError(kind, deps, err, socket));
    server.on('connection', (s: Socket) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    servers.push(server);
    return `http://${urlHost(host)}:${await listen(server, port, host)}`;
  };
  try {
    urls.put = await start('put', options.port ?? 0);
    urls.mgr = await start('mgr', options.mgrPort ?? 0);
    urls.download = await start('download', options.downloadPort ?? 0);
  } catch (e) {
    for (const s of servers) s.close();
    await store.close();
    await log.close();
    throw e;
  }
  // Abandoned blocks are purged in the background too, not only when the next mkblk comes.
  const sweeper = setInterval(() => void state.track(purgeExpiredBlocks(state)), Math.max(50, Math.min(state.blockTtlMs, 60_000)));
  sweeper.unref();
  let closed: Promise<void> | undefined;
  return {
    putUrl: urls.put,
    mgrUrl: urls.mgr,
    downloadUrl: urls.download,
    accessKey: (pairs[0] as CredentialPair).accessKey,
    secretKey: (pairs[0] as CredentialPair).secretKey,
    objectUrl: state.objectUrl,
    setFaults: (f) => faults.set(f),
    requestLog: () => log.entries(),
    clearRequestLog: () => log.clear(),
    createBucket: (name) => {
      if (!BUCKET_RE.test(name)) throw new Error(`invalid bucket name: ${name}`);
      store.addBucket(name);
    },
    close: () => {
      closed ??= (async () => {
        state.closing = true;
        clearInterval(sweeper);
        const done = servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
        for (const s of sockets) s.destroy();
        await Promise.all(done);
        await state.jobs.close();
        await Promise.allSettled([...background]);
        await store.close();
        await log.close();
      })();
      return closed;
    },
  };
}
