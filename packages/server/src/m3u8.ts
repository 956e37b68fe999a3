import type { ServerState } from './state.js';
import type { StoredObject } from './store/object-store.js';

/**
 * Keys of the `.ts` segments an m3u8 references by *relative* path (absolute URLs and `/`-rooted
 * paths are skipped: §5.8, §6.7 only cover relative ones), resolved against the playlist's folder.
 */
export async function m3u8Segments(state: ServerState, playlist: StoredObject): Promise<string[]> {
  const chunks: Buffer[] = [];
  for await (const c of state.store.read(playlist.bucket, playlist.key)) chunks.push(c as Buffer);
  const dir = playlist.key.includes('/') ? playlist.key.slice(0, playlist.key.lastIndexOf('/') + 1) : '';
  const out: string[] = [];
  for (const raw of Buffer.concat(chunks).toString('utf8').split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || /^[a-z][a-z0-9+.-]*:/i.test(line) || line.startsWith('/')) continue;
    const path = line.split('?')[0] as string;
    const parts = [...dir.split('/').filter((p) => p !== '')];
    for (const p of path.split('/')) {
      if (p === '..') parts.pop();
      else if (p !== '.' && p !== '') parts.push(p);
    }
    out.push(parts.join('/'));
  }
  return out;
}
