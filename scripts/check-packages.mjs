#!/usr/bin/env node
// `pnpm check:packages`: checks what npm users would get, from the tarballs themselves.
// For every publishable package (packages/* and apps/* that are not "private"):
//   1. `pnpm pack` into a temp dir (workspace:/catalog: specifiers become real versions);
//   2. publint on the tarball (strict: warnings fail too), and every sourceMappingURL and
//      every source a .map names is in the tarball (the libraries ship src/ with their maps);
//   3. @arethetypeswrong/cli on the tarball with the `esm-only` profile: the packages are
//      ESM-only on purpose (got 14 is ESM-only), so "CJS resolves to ESM" is expected and not
//      reported; every other types problem is. attw checks every subpath export (e.g.
//      `@wcs/core/internal`, `@wcs/sdk/compat`); the script fails if its report leaves one out.
//      The two apps have no library entry point (bin only), so attw does not apply to them;
//   4. `npm install` of the tarball, with the tarballs of its workspace dependencies, into an
//      empty project, then, for the package and each subpath export: `import` works,
//      `require()` works (Node ≥ 20.19 and ≥ 22.12 load ESM through require), and a consumer
//      .ts file importing them all type-checks with `tsc` against the shipped .d.ts files
//      (skipLibCheck off). For the apps: the installed binary prints its version.
// Ends with one line "check:packages: PASS (...)" or "check:packages: FAIL (...)" and exits
// non-zero on failure. Third-party dependencies come from the npm registry (as for a user).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => join(root, 'node_modules', '.bin', name);
const keep = process.argv.includes('--keep');
const skipBuild = process.argv.includes('--no-build');
// --pack-only: steps 1-3 only (quick, no registry access).
const packOnly = process.argv.includes('--pack-only');

const failures = [];
const fail = (pkg, what, detail = '') => {
  failures.push(`${pkg}: ${what}`);
  console.error(`  FAIL ${what}${detail ? `\n${indent(detail)}` : ''}`);
};
const ok = (what) => console.log(`  ok   ${what}`);
const indent = (text) =>
  text
    .trimEnd()
    .split('\n')
    .map((l) => `       ${l}`)
    .join('\n');

/** Runs a command; returns { status, out } with stdout and stderr together. */
function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
  return { status: r.error ? 1 : (r.status ?? 1), out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

// require(esm) is what makes `require()` work for ESM-only packages; Node 20.19+ and 22.12+
// have it on by default. On an older Node the require check would fail for that reason alone.
if (!process.features.require_module) {
  console.error(`check:packages: FAIL (Node ${process.version} cannot require() ES modules; use Node ≥ 20.19 or ≥ 22.12)`);
  process.exit(1);
}

const packages = ['packages', 'apps']
  .flatMap((group) =>
    readdirSync(join(root, group), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => join(group, d.name)),
  )
  .map((dir) => ({ dir, pkg: JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) }))
  .filter(({ pkg }) => !pkg.private);
const byName = new Map(packages.map((p) => [p.pkg.name, p]));

// pnpm: the one running this script (`pnpm check:packages`), else the pinned one through npx.
const pnpm = process.env.npm_execpath?.includes('pnpm')
  ? [process.execPath, process.env.npm_execpath]
  : ['npx', '-y', 'pnpm@10.34.9'];

if (!skipBuild) {
  console.log('Building (turbo, cached)…');
  const b = run(bin('turbo'), ['run', 'build', '--output-logs=errors-only'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) {
    console.log('check:packages: FAIL (the build failed)');
    process.exit(1);
  }
}

const work = mkdtempSync(join(tmpdir(), 'wcs-check-packages-'));
const tarballDir = join(work, 'tarballs');
mkdirSync(tarballDir);
const tarballOf = new Map();

for (const { dir, pkg } of packages) {
  console.log(`\n${pkg.name}@${pkg.version} (${dir})`);
  // One directory per package: @wcs/etag and the wcs-etag app both pack to wcs-etag-<v>.tgz.
  const dest = join(tarballDir, dir.replace('/', '+'));
  mkdirSync(dest);
  const p = run(pnpm[0], [...pnpm.slice(1), 'pack', '--pack-destination', dest], { cwd: join(root, dir) });
  const made = readdirSync(dest).filter((f) => f.endsWith('.tgz'));
  if (p.status !== 0 || made.length !== 1) {
    fail(pkg.name, 'pnpm pack', p.out);
    continue;
  }
  const tarball = join(dest, made[0]);
  tarballOf.set(pkg.name, tarball);
  ok(`pnpm pack → ${made[0]}`);

  const packed = JSON.parse(run('tar', ['-xOzf', tarball, 'package/package.json']).out);
  const unresolved = Object.entries({ ...packed.dependencies, ...packed.peerDependencies, ...packed.optionalDependencies }).filter(
    ([, spec]) => /^(workspace|catalog):/.test(spec),
  );
  if (unresolved.length > 0) fail(pkg.name, `packed package.json keeps ${unresolved.map(([n, s]) => `${n}@${s}`).join(', ')}`);

  const mapProblems = checkSourceMaps(tarball, dest);
  if (mapProblems.length > 0) fail(pkg.name, `source maps: ${mapProblems.length} dangling reference(s)`, mapProblems.slice(0, 20).join('\n'));
  else ok('every sourceMappingURL and every map source is in the tarball');

  const { messages, pkg: lintedPkg } = await publint({ pack: { tarball: readFileSync(tarball).buffer }, level: 'suggestion', strict: true });
  if (messages.length > 0) {
    fail(pkg.name, `publint: ${messages.length} message(s)`, messages.map((m) => `${m.type}: ${formatMessage(m, lintedPkg, { color: false })}`).join('\n'));
  } else ok('publint (strict)');

  if (pkg.exports) {
    const a = run(bin('attw'), [tarball, '--profile', 'esm-only', '--no-definitely-typed', '--format', 'ascii', '--no-color', '--no-emoji'], { cwd: work });
    // attw checks every subpath of `exports`; make sure it did not skip one (its table names each).
    const unchecked = entryPoints(pkg).filter((spec) => !a.out.includes(`"${spec}"`));
    if (a.status !== 0) fail(pkg.name, 'attw --profile esm-only', a.out);
    else if (unchecked.length > 0) fail(pkg.name, `attw did not check ${unchecked.join(', ')}`, a.out);
    else ok(`attw --profile esm-only (${entryPoints(pkg).join(', ')})`);
  }
}

/** The import specifiers of a library's entry points: the package name, then each subpath of `exports` (not package.json). */
function entryPoints(pkg) {
  if (!pkg.exports) return [];
  const subpaths = typeof pkg.exports === 'string' || !Object.keys(pkg.exports).some((k) => k.startsWith('.')) ? ['.'] : Object.keys(pkg.exports);
  return subpaths.filter((s) => !s.endsWith('.json')).map((s) => (s === '.' ? pkg.name : `${pkg.name}${s.slice(1)}`));
}

/** sourceMappingURL comments and the maps' `sources` that point at files the tarball lacks. */
function checkSourceMaps(tarball, dest) {
  const x = run('tar', ['-xzf', tarball, '-C', dest]);
  if (x.status !== 0) return [`tar: ${x.out}`];
  const pkgRoot = join(dest, 'package');
  const files = readdirSync(pkgRoot, { recursive: true }).map(String);
  const present = new Set(files.map((f) => join(pkgRoot, f)));
  const problems = [];
  for (const f of files) {
    const path = join(pkgRoot, f);
    if (/\.(js|d\.ts)$/.test(f)) {
      const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(path, 'utf8'))?.[1];
      if (url && !url.startsWith('data:') && !present.has(join(dirname(path), url))) problems.push(`${f} → ${url}`);
    } else if (f.endsWith('.map')) {
      const map = JSON.parse(readFileSync(path, 'utf8'));
      for (const src of map.sources ?? []) {
        if (!present.has(join(dirname(path), map.sourceRoot ?? '', src))) problems.push(`${f} → ${src}`);
      }
    }
  }
  return problems;
}

/** The package and its workspace runtime dependencies, transitively (what npm would fetch). */
function closure(name, seen = new Set()) {
  if (seen.has(name)) return seen;
  seen.add(name);
  const { pkg } = byName.get(name);
  for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies })) if (byName.has(dep)) closure(dep, seen);
  return seen;
}

const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
for (const { pkg } of packOnly ? [] : packages) {
  if (!tarballOf.has(pkg.name)) continue;
  console.log(`\n${pkg.name}: clean install into an empty project`);
  const names = [...closure(pkg.name)];
  const missing = names.filter((n) => !tarballOf.has(n));
  if (missing.length > 0) {
    fail(pkg.name, `install: no tarball for ${missing.join(', ')}`);
    continue;
  }
  const consumer = join(work, 'consumer', pkg.name.replace('/', '+'));
  mkdirSync(consumer, { recursive: true });
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2));
  const i = run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...names.map((n) => tarballOf.get(n))], { cwd: consumer });
  if (i.status !== 0) {
    fail(pkg.name, 'npm install of the tarballs', i.out);
    continue;
  }
  ok(`npm install ${names.map((n) => tarballOf.get(n).split('/').pop()).join(' ')}`);

  if (!pkg.exports) {
    // An app: the binary it installs runs and reports the packaged version.
    for (const binName of Object.keys(pkg.bin ?? {})) {
      const v = run(join(consumer, 'node_modules', '.bin', binName), ['--version'], { cwd: consumer });
      if (v.status !== 0 || !v.out.includes(pkg.version)) fail(pkg.name, `${binName} --version`, v.out);
      else ok(`${binName} --version → ${v.out.trim()}`);
    }
    continue;
  }

  // Every entry point (the package and each subpath export) loads with import and with require().
  const specs = entryPoints(pkg);
  for (const [i, name] of specs.entries()) {
    const spec = JSON.stringify(name);
    writeFileSync(
      join(consumer, `esm${i}.mjs`),
      `import * as api from ${spec};\nconst names = Object.keys(api);\nif (names.length === 0) throw new Error('no exports');\nconsole.log(names.sort().join(','));\n`,
    );
    writeFileSync(
      join(consumer, `cjs${i}.cjs`),
      `const api = require(${spec});\nconst names = Object.keys(api).filter((n) => n !== '__esModule' && n !== 'module.exports');\nif (names.length === 0) throw new Error('no exports');\nconsole.log(names.sort().join(','));\n`,
    );
    const esm = run(process.execPath, [`esm${i}.mjs`], { cwd: consumer });
    if (esm.status !== 0) fail(pkg.name, `import ${name}`, esm.out);
    else ok(`import ${name} (${esm.out.trim().split(',').length} exports)`);
    // --no-warnings: Node 20 prints an ExperimentalWarning for require(esm) on stderr.
    const cjs = run(process.execPath, ['--no-warnings', `cjs${i}.cjs`], { cwd: consumer });
    if (cjs.status !== 0) fail(pkg.name, `require(${spec}) on Node ${process.version}`, cjs.out);
    else if (esm.status === 0 && cjs.out.trim() !== esm.out.trim()) fail(name, 'require() and import give different exports', `import:  ${esm.out}require: ${cjs.out}`);
    else ok(`require(${spec}) on Node ${process.version}`);
  }

  writeFileSync(
    join(consumer, 'consumer.ts'),
    // Every export of every entry point resolves to a declaration, and the declarations check without skipLibCheck.
    specs.map((name, i) => `import * as api${i} from ${JSON.stringify(name)};\nexport const names${i}: string[] = Object.keys(api${i});\n`).join('') +
      (pkg.name === '@wcs/sdk'
        ? `import { WcsClient, WcsError } from '@wcs/sdk';\nexport function isClient(x: unknown): x is WcsClient { return x instanceof WcsClient; }\nexport function code(e: WcsError): string { return e.code; }\n`
        : ''),
  );
  writeFileSync(
    join(consumer, 'tsconfig.json'),
    JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          // @types/node from the workspace: what a consumer would have; saves a download.
          typeRoots: [join(root, 'node_modules', '@types')],
          types: ['node'],
        },
        files: ['consumer.ts'],
      },
      null,
      2,
    ),
  );
  const t = run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: consumer });
  if (t.status !== 0) fail(pkg.name, 'tsc on a consumer .ts file', t.out);
  else ok('tsc --noEmit on a consumer .ts file (NodeNext, strict, skipLibCheck: false)');
}

if (keep) console.log(`\nKept ${work}`);
else rmSync(work, { recursive: true, force: true });
console.log('');
if (failures.length > 0) {
  for (const f of failures) console.log(`FAILED ${f}`);
  console.log(`check:packages: FAIL (${failures.length} problem(s) in ${packages.length} packages)`);
  process.exit(1);
}
console.log(`check:packages: PASS (${packages.length} packages: ${packOnly ? 'pack, source maps, publint, attw esm-only; install skipped (--pack-only)' : 'pack, source maps, publint, attw esm-only, install, import, require, tsc'})`);
