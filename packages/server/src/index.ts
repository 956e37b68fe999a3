/**
 * @wcs/server — a local WCS-compatible server (wcs-api.md §1–10): the backend of every SDK/CLI
 * test and the offline default. It verifies tokens and computes hashes with its own code.
 */
export type {
  FaultOptions, FaultRule, RequestLogEntry, ServerEndpoint, StartWcsServerOptions, WcsServer,
} from './types.js';
export { startWcsServer, DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY } from './server.js';
