// Runs ONE upload with the built @wcs/upload and prints a JSON line with its wall time, the
// process's peak RSS (VmHWM) and the stored hash. Spawned by upload-throughput.mjs so that the RSS is
// the uploader's alone (the server runs in the parent).
// Usage: node upload-child.mjs '<json {mode, putUrl, path, bucket, key, concurrency, recordFolder,
//   chunkSizeBytes?, uploadModule?}>'; uploadModule: another build of @wcs/upload (a baseline);
//   the JSON line also has the process's CPU time (user + system, ms) spent in the upload.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Peak RSS of THIS program in KiB. Linux's getrusage maxrss survives execve, so a child spawned
 * by a big parent (the server holding objects) would report the parent's size; VmHWM belongs to
 * the new address space only.
 */
function peakRssKiB() {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]);
  } catch {
    // not Linux: fall through
  }
  return process.resourceUsage().maxRSS;
}

const args = JSON.parse(process.argv[2]);
const lib = (name) => fileURLToPath(new URL(`../../packages/${name}/dist/index.js`, import.meta.url));
const { createWcsContext, parseConfig } = await import(lib('core'));
const { multipartUpload, simpleUpload } = await import(args.uploadModule ?? lib('upload'));

const ctx = createWcsContext(
  parseConfig({
    accessKey: args.accessKey, secretKey: args.secretKey, putUrl: args.putUrl, recordFolder: args.recordFolder, concurrency: args.concurrency, overwrite: 1,
  }),
);
const cpuBefore = process.cpuUsage();
const started = performance.now();
const multipartParams = {
  file: args.path,
  bucket: args.bucket,
  key: args.key,
  resume: 'never',
  ...(args.chunkSizeBytes ? { chunkSizeBytes: args.chunkSizeBytes } : {}),
};
// A baseline saved before the one-params-object API (issue #13) takes (ctx, path, target, options).
const positional = multipartUpload.length > 2;
const result =
  args.mode === 'multipart'
    ? positional
      ? await multipartUpload(ctx, args.path, { bucket: args.bucket, key: args.key }, multipartParams)
      : await multipartUpload(ctx, multipartParams)
    : positional
      ? await simpleUpload(ctx, args.path, { bucket: args.bucket, key: args.key })
      : await simpleUpload(ctx, { source: args.path, bucket: args.bucket, key: args.key });
const ms = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
process.stdout.write(`${JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssKiB: peakRssKiB(), hash: result.hash })}\n`);
