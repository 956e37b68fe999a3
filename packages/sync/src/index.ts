/**
 * `@wcs/sync`: keeps a local directory and a WCS bucket prefix in step, comparing by etag,
 * resumable after a crash and in bounded memory (the listing, the run state and the etag cache
 * live in SQLite, not in memory). Upload: `sync(ctx, { from: {kind:'local'}, to: {kind:'remote'} })`;
 * download: the other way round. See README.md for the rules.
 *
 * @example
 * import { createWcsContext, loadConfig } from '@wcs/core';
 * import { sync } from '@wcs/sync';
 * const ctx = createWcsContext(loadConfig().config);
 * for await (const event of sync(ctx, { from: { kind: 'local', path: './site' }, to: { kind: 'remote', bucket: 'www', prefix: 'site/' }, delete: true })) {
 *   if (event.type === 'failed') console.error(event.path, event.message);
 *   if (event.type === 'summary') console.log(event.summary);
 * }
 */

export { sync, DEFAULT_MAX_DELETE, DEFAULT_TRANSFERS } from './sync.js';
export type { SyncParams, SyncOptions, SyncEvent, SyncSummary, SyncLocation, LocalLocation, RemoteLocation, PlanReason } from './types.js';
/** `~/.wcs/sync`: where the etag cache and run state live unless `stateDir` says otherwise. */
export { defaultStateDir } from './state-store.js';
/** Sizes and rates as the CLI writes them (`10K`, `20M`, `1.5G`; binary units) → bytes. */
export { parseByteSize } from './parse-byte-size.js';
/** rsync-like include/exclude rules → a matcher of relative paths (also validates the globs). */
export { compileFilters, type FilterRule } from './filters.js';
