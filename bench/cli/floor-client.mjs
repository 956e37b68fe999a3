// The least a multipart client can do: read each block and send it (mkblk, one request per block
// at bput = block size, else mkblk + bput chunks), keep-alive, `concurrency` workers, then mkfile.
// No hashing, no checks, no resume records. Its wall time against @wcs/server is the floor any
// client can reach on this machine with that server; vs-python.mjs --floor runs it beside the tools.
// Usage: node floor-client.mjs <putUrl> <token> <file> <key> <bputBytes> <concurrency>
import http from 'node:http';
import { openSync, fstatSync, readSync } from 'node:fs';

const [putUrl, token, file, key, bputText, concText] = process.argv.slice(2);
const bput = Number(bputText);
const concurrency = Number(concText);
const BLOCK = 4 * 1024 * 1024;
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const fd = openSync(file, 'r');
const size = fstatSync(fd).size;
const blocks = Math.max(1, Math.ceil(size / BLOCK));

function post(path, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(path, putUrl), {
      method: 'POST', agent, headers: { Authorization: token, 'Content-Type': 'application/octet-stream', 'Content-Length': body.length },
    }, (res) => {
      const parts = [];
      res.on('data', (d) => parts.push(d)).on('end', () => {
        const text = Buffer.concat(parts).toString();
        if (res.statusCode !== 200) reject(new Error(`${path}: ${res.statusCode} ${text}`));
        else resolve(JSON.parse(text));
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const ctxs = new Array(blocks);
let next = 0;
async function worker() {
  const buf = Buffer.allocUnsafe(BLOCK);
  while (next < blocks) {
    const i = next++;
    const len = Math.min(BLOCK, size - i * BLOCK);
    let off = 0;
    let r;
    while (off < len || off === 0) {
      const n = Math.min(bput, len - off);
      const chunk = buf.subarray(off, off + n);
      readSync(fd, chunk, 0, n, i * BLOCK + off);
      r = off === 0 ? await post(`/mkblk/${len}/${i}`, chunk) : await post(`/bput/${r.ctx}/${off}`, chunk);
      off += n;
      if (len === 0) break;
    }
    ctxs[i] = r.ctx;
  }
}
await Promise.all(Array.from({ length: concurrency }, worker));
const keyB64 = Buffer.from(key).toString('base64url');
const done = await post(`/mkfile/${size}/key/${keyB64}`, Buffer.from(ctxs.join(',')));
process.stdout.write(`${JSON.stringify(done)}\n`);
agent.destroy();
