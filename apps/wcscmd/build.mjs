// Bundles src/bin.ts into dist/bin.js (+ chunks for the lazily imported handlers) with esbuild.
// Everything is inlined, @wcs/* and their third-party packages (got, zod, ini) alike, so the
// tarball installs with no dependency at all (the third-party ones are resolved from the @wcs/*
// package that uses them, so wcscmd does not list them). Start-up is why: node
// resolves and reads every file of a package one by one (zod alone is ~95 files, got ~60 with its
// dependencies), while a bundled chunk is one read; see bench/cli/startup.mjs.
import { build } from 'esbuild';
import { chmod, readFile, readdir, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

// Chunks follow import edges, not use: a module reached through a package index lands in the
// chunk of every command that imports that index. So `put` imports `@wcs/upload/simple`, not
// `@wcs/upload` (src/upload-calls.ts), and the two plugins below do the same for manage (and upload).
//
// @wcs/manage needs one function of @wcs/auth (the manage-token signer). Resolved through the
// package index, the import would put all of auth (the upload policy, and with it the full zod)
// into the chunk that every manage command (stat, list, del…) loads: esbuild assigns modules to
// chunks by following import edges, and an index has an edge to every module of its package.
const manageImportsOnlyTheSigner = {
  name: 'manage-imports-only-the-signer',
  setup(b) {
    b.onResolve({ filter: /^@wcs\/auth$/ }, (args) =>
      /[\\/]packages[\\/]manage[\\/]/.test(args.importer)
        ? { path: fileURLToPath(new URL('../../packages/auth/dist/manage-token.js', import.meta.url)) }
        : undefined,
    );
  },
};

// @wcs/manage validates answers with zod/mini, and @wcs/upload its mkblk/bput answers and resume
// records; their own bundle is ~30 KB for what they use. But fmgr uses the full zod, which makes
// every zod module live, and esbuild puts a module in the chunk of every entry that reaches it
// through import edges: zod/mini's index has edges to all of zod's core, locales and JSON-schema
// code (~700 KB), which would then sit in the chunk of the manage commands (10 ms of a quiet
// `wcscmd stat`, 60-110 ms on a busy machine) and in the one of multiput (next to the upload
// code, shared with the SDK's chunk). So manage and upload get their own copy, built here with
// only the names they use (read from their build output). Two copies are safe: these schemas are
// internal to their packages, and core's requestJson only calls their safeParse.
const OWN_MINI_DISTS = ['manage', 'upload'].map((name) => fileURLToPath(new URL(`../../packages/${name}/dist/`, import.meta.url)));
const ownZodMini = {
  name: 'own-zod-mini',
  setup(b) {
    b.onResolve({ filter: /^zod\/(mini|v4\/locales\/en\.js)$/ }, (args) =>
      OWN_MINI_DISTS.some((dist) => args.importer.startsWith(dist)) || args.namespace === 'own-zod'
        ? { path: args.path, namespace: 'own-zod' }
        : undefined,
    );
    b.onLoad({ filter: /^zod\/v4\/locales\/en\.js$/, namespace: 'own-zod' }, () => ({ contents: "export { en as default } from 'zod/mini';", loader: 'js' }));
    b.onLoad({ filter: /^zod\/mini$/, namespace: 'own-zod' }, async () => {
      const names = new Set();
      for (const dist of OWN_MINI_DISTS) {
        for (const file of await readdir(dist, { recursive: true })) {
          if (file.endsWith('.js')) for (const m of (await readFile(`${dist}${file}`, 'utf8')).matchAll(/\bz\.([A-Za-z_$][\w$]*)/g)) names.add(m[1]);
        }
      }
      const copy = await build({
        stdin: { contents: `export { ${[...names].join(', ')} } from 'zod/mini';\nexport { default as en } from 'zod/v4/locales/en.js';\n`, resolveDir: OWN_MINI_DISTS[0], loader: 'js' },
        bundle: true,
        write: false,
        format: 'esm',
        platform: 'node',
        target: 'node20',
        logLevel: 'warning',
      });
      return { contents: copy.outputFiles[0].text, loader: 'js', resolveDir: OWN_MINI_DISTS[0] };
    });
  },
};

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
  banner: {
    // Bundled CommonJS-style code may call require() for node built-ins; ESM has no require.
    js: "#!/usr/bin/env node\nimport { createRequire as __wcsCreateRequire } from 'node:module';\nconst require = __wcsCreateRequire(import.meta.url);",
  },
  define: { WCSCMD_VERSION: JSON.stringify(pkg.version) },
  // Whatever stays a runtime dependency (a native addon, say) is left to npm.
  external: Object.keys(pkg.dependencies ?? {}),
  plugins: [manageImportsOnlyTheSigner, ownZodMini],
  legalComments: 'none',
  logLevel: 'warning',
});
await chmod(`${outdir}/bin.js`, 0o755);
