// Every package README's runnable example, run as a user would run it (issue #13, HELPER-RULES
// "Runnable README examples"), so no README can drift from the API.
//
// - Which: each fenced block whose info string is `ts runnable` in packages/*/README.md. Every
//   package except test-support (private) must have one, the first under its `## Example`
//   heading. apps/* are command-line tools with nothing to import: their READMEs show shell
//   usage, which their e2e tests cover, so apps need no runnable block and none is run.
// - How imports resolve: the block is compiled by esbuild (imports left as they are) into an
//   .mjs file inside the README's own package directory, so Node resolves `@wcs/<name>` the way
//   an installed user's code does: the package's own name through Node's self-reference (its
//   `exports` map, pointing at the built dist/), its dependencies through its node_modules. An
//   example may import only its own package (and its subpaths), the package.json
//   "dependencies" (e.g. @wcs/core), and `node:` built-ins: anything else would resolve here
//   (workspace devDependencies, the root's node_modules) but not in a user's install.
// - How it runs: `node example.mjs` in a child process, cwd = HOME = a fresh temp dir, env
//   WCS_ACCESS_KEY / WCS_SECRET_KEY / WCS_PUT_URL / WCS_MGR_URL of a fresh @wcs/server with the
//   bucket `mybucket` (job delay 20 ms). It must exit 0.
// - Types: one tsc run over all extracted examples (house strict settings), so a stale name or
//   parameter fails here even when the code would happen to run.
// - dist/ must be built: `pnpm test` builds first, and turbo's test:int depends on build and
//   ^build (every package is a dependency or devDependency of @wcs/sdk).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startWcsServer } from '@wcs/server';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const require = createRequire(import.meta.url);
/** Private packages nobody installs: no README example required. */
const EXEMPT = new Set(['test-support']);
const CHILD_TIMEOUT_MS = 60_000;

interface Example {
  /** README path relative to the repository root. */
  readme: string;
  packageDir: string;
  /** 1-based number of the runnable block within its README. */
  n: number;
  /** Line of the opening fence. */
  line: number;
  /** Last `##` heading above the block. */
  section: string;
  code: string;
}

/** Fenced blocks of a Markdown file with their info strings (CommonMark: ``` or ~~~, 3+ chars). */
function runnableBlocks(readme: string, packageDir: string): Example[] {
  const lines = readFileSync(readme, 'utf8').split('\n');
  const found: Example[] = [];
  let section = '';
  let open: { fence: string; info: string; line: number; body: string[] } | undefined;
  lines.forEach((text, i) => {
    if (open) {
      if (text.trim().startsWith(open.fence) && text.trim().replace(/[`~]/g, '') === '') {
        if (open.info === 'ts runnable') {
          found.push({ readme: relative(root, readme), packageDir, n: found.length + 1, line: open.line, section, code: open.body.join('\n') + '\n' });
        }
        open = undefined;
      } else {
        open.body.push(text);
      }
      return;
    }
    const fence = /^ {0,3}(`{3,}|~{3,})\s*(.*)$/.exec(text);
    if (fence) {
      open = { fence: fence[1]!, info: fence[2]!.trim(), line: i + 1, body: [] };
    } else if (/^## /.test(text)) {
      section = text.slice(3).trim();
    }
  });
  return found;
}

const packageDirs = readdirSync(join(root, 'packages'))
  .map((name) => join(root, 'packages', name))
  .filter((dir) => existsSync(join(dir, 'package.json')) && !EXEMPT.has(basename(dir)));
const examples = packageDirs.flatMap((dir) => (existsSync(join(dir, 'README.md')) ? runnableBlocks(join(dir, 'README.md'), dir) : []));

/** Where each example's .ts and .mjs live: a temp dir inside its package (see the header). */
const workDirs = new Map<string, string>();
const tsFileOf = (ex: Example): string => join(workDirs.get(ex.packageDir)!, `readme-example-${ex.n}.ts`);

beforeAll(() => {
  for (const ex of examples) {
    if (!workDirs.has(ex.packageDir)) workDirs.set(ex.packageDir, mkdtempSync(join(ex.packageDir, '.readme-examples-')));
    writeFileSync(tsFileOf(ex), ex.code);
  }
});
afterAll(() => {
  for (const dir of workDirs.values()) rmSync(dir, { recursive: true, force: true });
});

const describeBlock = (ex: Example): string => `${ex.readme} line ${ex.line} (runnable block ${ex.n}):\n${ex.code}`;

it('every package README has a "## Example" section whose first block is `ts runnable`', () => {
  const problems: string[] = [];
  for (const dir of packageDirs) {
    const readme = relative(root, join(dir, 'README.md'));
    if (!existsSync(join(dir, 'README.md'))) {
      problems.push(`${readme}: missing`);
      continue;
    }
    const first = examples.find((ex) => ex.packageDir === dir);
    if (!first) problems.push(`${readme}: no fenced block with the info string "ts runnable"`);
    else if (first.section !== 'Example') problems.push(`${readme}: the first runnable block (line ${first.line}) is under "## ${first.section}", not "## Example"`);
  }
  expect(problems).toEqual([]);
});

describe.each(examples.map((ex) => [`${ex.readme} block ${ex.n}`, ex] as const))('%s', (_name, ex) => {
  it('imports only its package, its dependencies and node: built-ins, and exits 0 against @wcs/server', async () => {
    const manifest = JSON.parse(readFileSync(join(ex.packageDir, 'package.json'), 'utf8')) as { name: string; dependencies?: Record<string, string> };
    const dist = join(ex.packageDir, 'dist');
    if (!existsSync(dist) || !statSync(dist).isDirectory()) throw new Error(`${dist} is missing: build first (npx -y pnpm@10.34.9 build)`);

    const outfile = tsFileOf(ex).replace(/\.ts$/, '.mjs');
    const result = await build({
      entryPoints: [tsFileOf(ex)],
      outfile,
      bundle: true, // only to list the imports in the metafile: every package stays external
      packages: 'external',
      platform: 'node',
      format: 'esm',
      target: 'node20',
      metafile: true,
      logLevel: 'silent',
    });
    const allowed = [manifest.name, ...Object.keys(manifest.dependencies ?? {})];
    const imports = Object.values(result.metafile.inputs).flatMap((input) => input.imports.map((i) => i.path));
    const foreign = imports.filter((spec) => !spec.startsWith('node:') && !allowed.some((name) => spec === name || spec.startsWith(`${name}/`)));
    if (foreign.length > 0) {
      throw new Error(`${describeBlock(ex)}\nimports ${foreign.join(', ')}: an example may import only ${allowed.join(', ')} and node: built-ins`);
    }

    const server = await startWcsServer({ accessKey: 'ak-readme', secretKey: 'sk-readme', buckets: ['mybucket'], jobDelayMs: 20 });
    const home = await mkdtemp(join(tmpdir(), 'wcs-readme-example-'));
    try {
      const env = {
        PATH: process.env['PATH'] ?? '',
        HOME: home,
        WCS_ACCESS_KEY: 'ak-readme',
        WCS_SECRET_KEY: 'sk-readme',
        WCS_PUT_URL: server.putUrl,
        WCS_MGR_URL: server.mgrUrl,
      };
      const child = await runNode(outfile, home, env);
      if (child.code !== 0) {
        throw new Error(`${describeBlock(ex)}\nexited with ${child.code ?? child.signal}\n--- stderr ---\n${child.stderr}\n--- stdout ---\n${child.stdout}`);
      }
    } finally {
      await server.close();
      await rm(home, { recursive: true, force: true });
    }
  });
});

it('the runnable examples type-check (tsc, the house strict settings)', () => {
  expect(examples.length).toBeGreaterThan(0);
  const dir = mkdtempSync(join(tmpdir(), 'wcs-readme-tsc-'));
  try {
    const tsconfig = {
      extends: join(root, 'tsconfig.base.json'),
      compilerOptions: {
        noEmit: true,
        declaration: false,
        declarationMap: false,
        sourceMap: false,
        moduleDetection: 'force',
        typeRoots: [join(root, 'node_modules', '@types')],
      },
      files: examples.map(tsFileOf),
    };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
    const tsc = join(require.resolve('typescript/package.json'), '..', 'bin', 'tsc');
    const run = spawnSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json'), '--pretty', 'false'], { cwd: root, encoding: 'utf8' });
    // Point at the README line, not the temp file (tsc prints `<path relative to cwd>(line,col)`).
    let report = `${run.stdout}${run.stderr}`;
    for (const ex of examples) {
      const at = new RegExp(`${relative(root, tsFileOf(ex)).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\((\\d+),(\\d+)\\)`, 'g');
      report = report.replace(at, (_m, line: string, col: string) => `${ex.readme}:${ex.line + Number(line)}:${col}`);
    }
    expect({ status: run.status, report }).toEqual({ status: 0, report: '' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

function runNode(file: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: CHILD_TIMEOUT_MS });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
