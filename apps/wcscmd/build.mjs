// Bundles src/bin.ts into dist/bin.js (+ chunks for the lazily imported handlers) with esbuild.
// @wcs/* are inlined: they are devDependencies because they are bundled, not published. The
// third-party runtime deps (got, zod, ini) stay external: they are the app's
// `dependencies`, installed from npm by `npm install -g`.
import { build } from 'esbuild';
import { chmod, readFile, rm } from 'node:fs/promises';

const pkg = JSON.parse(await readFile(new URL('./package.json', import.meta.url), 'utf8'));
const outdir = new URL('./dist', import.meta.url).pathname;

await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: { bin: new URL('./src/bin.ts', import.meta.url).pathname },
  outdir,
  bundle: true,
  // splitting keeps `await import('../handlers/x.js')` as separate chunks: `wcscmd --help` does
  // not load the SDK, the etag workers or got.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  external: Object.keys(pkg.dependencies ?? {}),
  banner: {
    // Bundled CommonJS-style code may call require() for node built-ins; ESM has no require.
    js: "#!/usr/bin/env node\nimport { createRequire as __wcsCreateRequire } from 'node:module';\nconst require = __wcsCreateRequire(import.meta.url);",
  },
  define: { WCSCMD_VERSION: JSON.stringify(pkg.version) },
  legalComments: 'none',
  logLevel: 'warning',
});
await chmod(`${outdir}/bin.js`, 0o755);
