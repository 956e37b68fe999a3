import { describe, expect, it } from '@jest/globals';
import { WcsInvalidArgumentError } from '@wcs/core';
import { formatWcsUrl, parseWcsBucketUrl, parseWcsObjectUrl, parseWcsUrl } from './wcs-url.js';

describe('parseWcsUrl (wcs-api.md §11.3)', () => {
  it('splits at the first slash after the scheme; the object keeps further slashes', () => {
    expect(parseWcsUrl('wcs://test/a/b/c.txt')).toEqual({ bucket: 'test', key: 'a/b/c.txt' });
    expect(parseWcsUrl('wcs://test/dir/')).toEqual({ bucket: 'test', key: 'dir/' });
  });
  it('gives an empty object for wcs://BUCKET and wcs://BUCKET/', () => {
    expect(parseWcsUrl('wcs://test')).toEqual({ bucket: 'test', key: '' });
    expect(parseWcsUrl('wcs://test/')).toEqual({ bucket: 'test', key: '' });
  });
  it('keeps an object that contains the bucket name or wcs:// (the py2 bug)', () => {
    expect(parseWcsUrl('wcs://test/test/wcs://x')).toEqual({ bucket: 'test', key: 'test/wcs://x' });
  });
  it('rejects a missing scheme and an empty bucket with a usage error', () => {
    expect(() => parseWcsUrl('test/a')).toThrow(WcsInvalidArgumentError);
    expect(() => parseWcsUrl('test/a', 'object')).toThrow('object "test/a" is not a wcs:// URL: write it as wcs://BUCKET/OBJECT.');
    expect(() => parseWcsUrl('wcs:///a')).toThrow('has no bucket');
    expect(() => parseWcsUrl('WCS://b/a')).toThrow('is not a wcs:// URL');
  });
});

describe('parseWcsObjectUrl', () => {
  it('requires an object', () => {
    expect(parseWcsObjectUrl('wcs://b/k')).toEqual({ bucket: 'b', key: 'k' });
    expect(() => parseWcsObjectUrl('wcs://b/')).toThrow('has no object key: write it as wcs://b/OBJECT.');
  });
});

describe('parseWcsBucketUrl', () => {
  it('accepts wcs://BUCKET and wcs://BUCKET/', () => {
    expect(parseWcsBucketUrl('wcs://test')).toBe('test');
    expect(parseWcsBucketUrl('wcs://test/')).toBe('test');
  });
  it('rejects an object part (no bucket name contains a slash)', () => {
    expect(() => parseWcsBucketUrl('wcs://test/x')).toThrow('must name a bucket only: write it as wcs://test.');
  });
});

describe('formatWcsUrl', () => {
  it('round-trips', () => {
    expect(formatWcsUrl('b', 'a/b')).toBe('wcs://b/a/b');
    expect(formatWcsUrl('b')).toBe('wcs://b');
    expect(parseWcsUrl(formatWcsUrl('b', 'x/y'))).toEqual({ bucket: 'b', key: 'x/y' });
  });
});
