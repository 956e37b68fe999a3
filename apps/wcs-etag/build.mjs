// Bundles src/bin.ts and @wcs/etag into one ESM file, dist/bin.js. One file means one module
// to resolve and compile at start-up, which keeps `wcs-etag small-file` close to `node -e 0`.
import { build } from 'esbuild';
import { chmod, readFile, rm } from 'node:fs/promises';

const pkg = JSON.parse(await readFile(new URL('./package.json', import.meta.url), 'utf8'));
const outfile = new URL('./dist/bin.js', import.meta.url).pathname;

await rm(new URL('./dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: [new URL('./src/bin.ts', import.meta.url).pathname],
  outfile,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  banner: { js: '#!/usr/bin/env node' },
  define: { WCS_ETAG_VERSION: JSON.stringify(pkg.version) },
  // @wcs/etag is inlined from its package exports (packages/etag/dist), which turbo builds
  // first (`dependsOn: ["^build"]`); that is why it is a devDependency, not a dependency.
  legalComments: 'none',
  logLevel: 'warning',
});
await chmod(outfile, 0o755);
