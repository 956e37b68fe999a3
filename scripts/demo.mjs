#!/usr/bin/env node
// The README demo: starts the local WCS server on a free port with a temporary data directory,
// writes a temporary .wcscfg, and runs the built wcscmd for real against it — put, multiput of a
// file over 4 MiB, list, stat, get (checked against wcs-etag), mv, cp, setdeadline, deletePrefix
// and its job status, del, sync (upload, a dry run with --delete, download) — printing each command and its output. Stops the server and removes
// the temporary files at the end. Exits non-zero if any step fails.
//
// Run through `pnpm demo`, which builds first (the demo uses the built packages and apps).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const root = fileURLToPath(new URL('..', import.meta.url));
const wcscmdBin = join(root, 'apps/wcscmd/dist/bin.js');
const etagBin = join(root, 'apps/wcs-etag/dist/bin.js');
const serverEntry = join(root, 'packages/server/dist/index.js');
for (const built of [wcscmdBin, etagBin, serverEntry]) {
  if (!existsSync(built)) {
    console.error(`demo: ${built} is missing: build first with "npx -y pnpm@10.34.9 build" (or run "npx -y pnpm@10.34.9 demo").`);
    process.exit(1);
  }
}

const bold = (s) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const dim = (s) => (process.stdout.isTTY ? `\x1b[2m${s}\x1b[0m` : s);

const { startWcsServer } = await import(pathToFileURL(serverEntry).href);
const temp = mkdtempSync(join(tmpdir(), 'wcs-demo-'));
const work = join(temp, 'work');
const home = join(temp, 'home');
mkdirSync(work);
mkdirSync(home);

const accessKey = 'demo-access-key';
const secretKey = `demo-secret-${randomBytes(8).toString('hex')}`;
const server = await startWcsServer({
  port: 0,
  dataDir: join(temp, 'server-data'),
  accessKey,
  secretKey,
  buckets: ['demo'],
  jobDelayMs: 200,
});

let failures = 0;
try {
  const configFile = join(temp, '.wcscfg');
  writeFileSync(
    configFile,
    ['[default]', `access_key = ${accessKey}`, `secret_key = ${secretKey}`, `put_url = ${server.putUrl}`, `mgr_url = ${server.mgrUrl}`, ''].join('\n'),
    { mode: 0o600 },
  );
  console.log(bold('WCS local server'));
  console.log(`  put_url  ${server.putUrl}\n  mgr_url  ${server.mgrUrl}\n  download ${server.downloadUrl}`);
  console.log(`  config   ${configFile} (mode 0600)\n`);

  writeFileSync(join(work, 'hello.txt'), 'Hello, Wangsu Cloud Storage!\n');
  // 9 MiB + 5 bytes: three 4 MiB blocks, the last one short.
  writeFileSync(join(work, 'big.bin'), randomBytes(9 * 1024 * 1024 + 5));

  const env = { ...process.env, HOME: home, WCS_CONFIG: configFile, NO_COLOR: '1' };
  // Asynchronous spawns: the server runs in this process, so its event loop must stay free.
  const exec = (bin, args) =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [bin, ...args], { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let shown = ''; // stdout and (dimmed) stderr in the order they arrived
      child.stdout.setEncoding('utf8').on('data', (d) => {
        stdout += d;
        shown += d;
      });
      child.stderr.setEncoding('utf8').on('data', (d) => (shown += dim(d)));
      child.once('error', reject);
      child.once('close', (status) => resolve({ status, stdout, shown }));
    });
  const run = async (bin, label, args, { expectFail = false } = {}) => {
    console.log(bold(`$ ${label} ${args.map((a) => (/[\s|"']/.test(a) ? JSON.stringify(a) : a)).join(' ')}`));
    const r = await exec(bin, args);
    const out = r.shown.trimEnd();
    if (out) console.log(out.replace(/^/gm, '  '));
    const ok = expectFail ? r.status === 1 : r.status === 0;
    if (!ok) {
      failures++;
      console.log(`  !! exit code ${r.status}`);
    } else if (expectFail) {
      console.log(dim(`  (exit code ${r.status})`));
    }
    console.log('');
    return r;
  };
  const wcscmd = (...args) => run(wcscmdBin, 'wcscmd', args);
  const wcsEtag = (...args) => run(etagBin, 'wcs-etag', args);

  await wcscmd('listbucket');
  await wcscmd('put', 'wcs://demo/hello.txt', 'hello.txt');
  await wcscmd('multiput', 'wcs://demo/videos/big.bin', 'big.bin');
  await wcscmd('list', 'wcs://demo', 'result.json', '--limit', '10');
  const page = JSON.parse(readFileSync(join(work, 'result.json'), 'utf8'));
  console.log(dim(`  result.json holds the page as JSON: ${page.items.length} items (${page.items.map((i) => i.key).join(', ')}), marker "${page.marker ?? ''}"\n`));
  await wcscmd('stat', 'wcs://demo/videos/big.bin');

  await wcscmd('get', server.objectUrl('demo', 'videos/big.bin'), 'big.copy');
  const etags = await wcsEtag('big.bin', 'big.copy');
  const [original, copy] = etags.stdout.trim().split('\n').map((line) => line.split(/\s+/)[0]);
  if (!original || original !== copy) {
    failures++;
    console.log(`  !! the downloaded copy's etag ${copy} differs from the original's ${original}\n`);
  } else {
    console.log(`  downloaded copy verified: etag ${copy} matches the original\n`);
  }

  await wcscmd('mv', 'wcs://demo/hello.txt', 'wcs://demo/docs/hello.txt');
  await wcscmd('cp', 'wcs://demo/docs/hello.txt', 'wcs://demo/docs/hello-copy.txt');
  await wcscmd('setdeadline', 'wcs://demo/docs/hello-copy.txt', '3');
  await wcscmd('stat', 'wcs://demo/docs/hello-copy.txt');

  const submitted = await wcscmd('deletePrefix', 'wcs://demo', 'docs');
  const persistentId = submitted.stdout.trim().split(/\s+/)[0];
  if (persistentId) {
    // Poll the asynchronous job until it reports done (code 3 or later), as a script would.
    for (let i = 0; i < 50; i++) {
      const status = await exec(wcscmdBin, ['fmgrStatus', persistentId, '--json']);
      const code = status.status === 0 ? JSON.parse(status.stdout).code : undefined;
      if (code !== undefined && code >= 3) break;
      await sleep(100);
    }
    await wcscmd('fmgrStatus', persistentId);
  }
  await wcscmd('del', 'wcs://demo/videos/big.bin');
  await wcscmd('list', 'wcs://demo', 'after.json');
  console.log(dim(`  after.json: ${JSON.stringify(JSON.parse(readFileSync(join(work, 'after.json'), 'utf8')))}\n`));
  // sync: a directory and a prefix kept in step by etag; the second run sends nothing.
  mkdirSync(join(work, 'site/css'), { recursive: true });
  writeFileSync(join(work, 'site/index.html'), '<h1>Hello</h1>\n');
  writeFileSync(join(work, 'site/css/main.css'), 'h1 { color: teal }\n');
  writeFileSync(join(work, 'site/old.html'), 'old\n');
  await wcscmd('sync', 'site', 'wcs://demo/site/');
  writeFileSync(join(work, 'site/index.html'), '<h1>Hello again</h1>\n');
  rmSync(join(work, 'site/old.html'));
  await wcscmd('sync', 'site', 'wcs://demo/site/', '--delete', '--dry-run');
  await wcscmd('sync', 'site', 'wcs://demo/site/', '--delete');
  mkdirSync(join(work, 'site-copy'));
  await wcscmd('sync', 'wcs://demo/site/', 'site-copy', '--download-url', `${server.downloadUrl}/demo`);
  await run(wcscmdBin, 'wcscmd', ['stat', 'wcs://demo/videos/big.bin'], { expectFail: true });
  console.log(dim('  (that failure is expected: the object was deleted; note the exit code 1)\n'));
} finally {
  await server.close();
  rmSync(temp, { recursive: true, force: true });
}

console.log(failures === 0 ? bold('Demo finished: every step succeeded.') : bold(`Demo finished with ${failures} failed step(s).`));
process.exit(failures === 0 ? 0 : 1);
