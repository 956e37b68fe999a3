// The single-threaded baseline as its own program: `node plain-loop.mjs FILE` prints the etag.
// Spawned like wcs-etag, so the end-to-end comparison charges both with Node's start-up.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';

const BLOCK = 4 * 1024 * 1024;
const fd = openSync(process.argv[2], 'r');
const buffer = Buffer.allocUnsafe(BLOCK);
const digests = [];
for (;;) {
  const n = readSync(fd, buffer, 0, BLOCK, null);
  if (n === 0) break;
  digests.push(createHash('sha1').update(buffer.subarray(0, n)).digest());
}
closeSync(fd);
const tag =
  digests.length <= 1
    ? Buffer.concat([Buffer.from([0x16]), digests[0] ?? createHash('sha1').digest()])
    : Buffer.concat([Buffer.from([0x96]), createHash('sha1').update(Buffer.concat(digests)).digest()]);
process.stdout.write(`${tag.toString('base64url')}\n`);
