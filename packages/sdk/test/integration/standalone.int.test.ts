import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it, jest } from '@jest/globals';

// The preset's per-project testTimeout is not applied by jest (it is a global option), and
// uploads of thousands of objects take longer under a parallel turbo run.
jest.setTimeout(120_000);

// Each package must work on its own: imported by name from its own directory (package
// self-reference → its `exports` → built dist/), and declaring exactly the runtime
// dependencies its sources import. turbo builds every package before test:int.
const run = promisify(execFile);
const packagesDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

const expected: Record<string, { exports: string[]; dependencies: string[] }> = {
  core: { exports: ['createWcsContext', 'parseConfig', 'loadConfig', 'WcsServiceError', 'WcsLocalIoError', 'entry'], dependencies: ['ini'] },
  auth: { exports: ['createUploadToken', 'createManageToken', 'createManageAuthorizer', 'putPolicyFromConfig'], dependencies: ['@wcs/core'] },
  etag: { exports: ['etagOfBuffer', 'etagOfFile', 'EtagHasher', 'crc64OfBuffer'], dependencies: [] },
  upload: { exports: ['simpleUpload', 'multipartUpload', 'multipartStreamUpload', 'streamUpload', 'smartUpload', 'createUploadTokenFor'], dependencies: ['@wcs/auth', '@wcs/core', '@wcs/etag', 'zod'] },
  manage: {
    exports: ['listBuckets', 'bucketStat', 'bucketStatistics', 'listObjects', 'listAll', 'listPages', 'statObject', 'deleteObject', 'moveObject', 'copyObject', 'setDeadline', 'wsLiveList'],
    dependencies: ['@wcs/auth', '@wcs/core', 'zod'],
  },
  fmgr: {
    exports: ['fmgrFetch', 'fmgrCopy', 'fmgrMove', 'fmgrDelete', 'fmgrDeletePrefix', 'fmgrDeleteM3u8', 'fmgrSetDeadline', 'fmgrCompress', 'fmgrStatus', 'submitFops', 'fopsStatus', 'waitForJob'],
    dependencies: ['@wcs/auth', '@wcs/core', 'zod'],
  },
  sdk: {
    exports: ['WcsClient', 'download', 'listAll', 'waitForJob', 'simpleUpload', 'WcsServiceError', 'etagOfFile', 'createUploadToken'],
    dependencies: ['@wcs/auth', '@wcs/core', '@wcs/etag', '@wcs/fmgr', '@wcs/manage', '@wcs/sync', '@wcs/upload'],
  },
  sync: {
    exports: ['sync', 'parseByteSize', 'compileFilters', 'defaultStateDir', 'DEFAULT_MAX_DELETE', 'DEFAULT_TRANSFERS'],
    dependencies: ['@wcs/core', '@wcs/etag', '@wcs/manage', '@wcs/upload', 'better-sqlite3', 'picomatch'],
  },
};

/** Bare module names imported by a package's non-test sources (node: builtins excluded). */
function importedPackages(pkg: string): string[] {
  const found = new Set<string>();
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
        const text = readFileSync(path, 'utf8');
        const statics = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?\bfrom\s+'([^']+)'/g)];
        const dynamics = [...text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)];
        for (const m of [...statics, ...dynamics]) {
          const name = m[1] as string;
          if (name.startsWith('node:') || name.startsWith('.')) continue;
          found.add(name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : (name.split('/')[0] as string));
        }
      }
    }
  };
  walk(join(packagesDir, pkg, 'src'));
  return [...found].sort();
}

describe('each package stands alone', () => {
  it.each(Object.keys(expected))('@wcs/%s imports by name from its own directory and has the expected exports', async (pkg) => {
    const spec = expected[pkg] as { exports: string[] };
    const { stdout } = await run(
      process.execPath,
      ['--input-type=module', '-e', `import * as m from '@wcs/${pkg}'; console.log(JSON.stringify(Object.keys(m)));`],
      { cwd: join(packagesDir, pkg) },
    );
    const names = JSON.parse(stdout) as string[];
    expect(names).toEqual(expect.arrayContaining(spec.exports));
  });

  it.each(Object.keys(expected))('@wcs/%s declares exactly the runtime dependencies its sources import', (pkg) => {
    const manifest = JSON.parse(readFileSync(join(packagesDir, pkg, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    const declared = Object.keys(manifest.dependencies ?? {}).sort();
    expect(declared).toEqual((expected[pkg] as { dependencies: string[] }).dependencies);
    expect(importedPackages(pkg)).toEqual(declared);
    expect(declared).not.toContain('@wcs/server');
    if (pkg !== 'sdk') expect(declared).not.toContain('@wcs/sdk');
  });
});
