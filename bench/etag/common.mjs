// Shared helpers for the etag benchmarks: paths of the built artefacts and test data, timing.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DATA_DIR = fileURLToPath(new URL('../.data/', import.meta.url));
export const ETAG_LIB = fileURLToPath(new URL('../../packages/etag/dist/index.js', import.meta.url));
export const ETAG_BIN = fileURLToPath(new URL('../../apps/wcs-etag/dist/bin.js', import.meta.url));
export const TIME_BIN = '/usr/bin/time';

/** Fails early with the build command when the built packages the benchmark measures are missing. */
export function requireBuilt() {
  for (const file of [ETAG_LIB, ETAG_BIN]) {
    if (!existsSync(file)) {
      console.error(`missing ${file}\nbuild first: npx -y pnpm@10.34.9 turbo run build --filter wcs-etag...`);
      process.exit(1);
    }
  }
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Spawns a command and resolves with its wall time in ms (spawn to exit), stdout and stderr.
 * Rejects on a non-zero exit.
 */
export function timeSpawn(command, args) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - start;
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr}`));
      else resolve({ ms, stdout, stderr });
    });
  });
}

export const fmt = (n, digits = 1) => n.toFixed(digits);
