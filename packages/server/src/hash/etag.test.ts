import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { computeEtag, EtagHasher } from './etag.js';

const MiB = 1024 * 1024;

describe('WCS etag (wcs-api.md §3.1)', () => {
  it.each([
    ['empty', Buffer.alloc(0), 'Fto5o-5ea0sNMlW_75VgGJCv2AcJ'],
    ['hello', Buffer.from('hello'), 'Fqr0xh3cxeii2r7eDztILNmuqUNN'],
    ['UMUTech@qq.com', Buffer.from('UMUTech@qq.com'), 'FpAEzHGOWdh-QAYhattxl1vqHLMw'],
    ['4 MiB of 0', Buffer.alloc(4 * MiB), 'FivMvS848VwT631aif2dhfWV4jvD'],
    ['4 MiB + 1 of 0', Buffer.alloc(4 * MiB + 1), 'lhCFgki5yzon0rjN9uJusf6qtsF6'],
    ['8 MiB of 0', Buffer.alloc(8 * MiB), 'lsCVE24-Immdd6zm-ffVVhsWYcDG'],
    ['Go vector', Buffer.concat([Buffer.alloc(2 * MiB, 0x55), Buffer.alloc(2 * MiB, 0x4d), Buffer.from('0')]), 'ljQoZqmvLKtOnK_5OHnMRw1djggC'],
  ])('%s', (_n, data, etag) => {
    expect(computeEtag(data)).toBe(etag);
  });

  it('gives the same result fed in odd-sized pieces across block boundaries', () => {
    const data = Buffer.alloc(8 * MiB + 12345);
    for (let i = 0; i < data.length; i += 4099) data[i] = i & 0xff;
    const h = new EtagHasher();
    for (let i = 0; i < data.length; i += 777_777) h.update(data.subarray(i, i + 777_777));
    expect(h.digest()).toBe(computeEtag(data));
    expect(h.size).toBe(data.length);
  });
});

describe('chunk checks (wcs-api.md §3.3)', () => {
  it('CRC-32 and MD5 of "hello"', () => {
    expect(crc32(Buffer.from('hello')) >>> 0).toBe(907060870);
    expect(createHash('md5').update('hello').digest('hex')).toBe('5d41402abc4b2a76b9719d911017c592');
  });
});
