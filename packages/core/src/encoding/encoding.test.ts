import { describe, expect, it } from '@jest/globals';
import { entry } from './entry.js';
import { urlSafeBase64Decode, urlSafeBase64Encode } from './url-safe-base64.js';

describe('urlSafeBase64Encode', () => {
  it('keeps padding and uses - and _', () => {
    expect(urlSafeBase64Encode('photos/')).toBe('cGhvdG9zLw==');
    expect(urlSafeBase64Encode(Buffer.from([0xfb, 0xff, 0xfe]))).toBe('-__-');
    expect(urlSafeBase64Encode('')).toBe('');
  });
  it('encodes UTF-8', () => {
    expect(urlSafeBase64Decode(urlSafeBase64Encode('网宿/云存储 ü'))).toBe('网宿/云存储 ü');
  });
  it('decodes unpadded and standard alphabets', () => {
    expect(urlSafeBase64Decode('cGhvdG9zLw')).toBe('photos/');
    expect(urlSafeBase64Decode('+//+')).toBe(Buffer.from([0xfb, 0xff, 0xfe]).toString('utf8'));
  });
});

describe('entry', () => {
  it('matches the vendor delete example (wcs-api.md §0)', () => {
    expect(entry('images', 'Image.png')).toBe('aW1hZ2VzOkltYWdlLnBuZw==');
  });
  it('matches the vendor move example', () => {
    expect(entry('images', 'gjh_syn1.txt')).toBe('aW1hZ2VzOmdqaF9zeW4xLnR4dA==');
    expect(entry('images', 'gjh_syn1_move.txt')).toBe('aW1hZ2VzOmdqaF9zeW4xX21vdmUudHh0');
  });
  it('encodes bucket alone without a key, and "bucket:" for an empty key', () => {
    expect(entry('mybucket')).toBe(urlSafeBase64Encode('mybucket'));
    expect(entry('mybucket', '')).toBe(urlSafeBase64Encode('mybucket:'));
    expect(entry('mybucket', 'hello.txt')).toBe('bXlidWNrZXQ6aGVsbG8udHh0');
  });
});
