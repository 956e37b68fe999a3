import { describe, expect, it } from '@jest/globals';
import { WcsInvalidArgumentError } from '@wcs/core';
import { encodeGetUrl, localNameForUrl } from './get.js';

describe('get URL handling (wcs-api.md §11.5)', () => {
  it('keeps printable ASCII and percent-encodes the rest', () => {
    expect(encodeGetUrl('http://h/a b/文件.txt?x=1&y=%20')).toBe('http://h/a%20b/%E6%96%87%E4%BB%B6.txt?x=1&y=%20');
  });
  it('sends a raw % that starts no valid escape as %25 and leaves valid escapes alone (issue 10 item 7)', () => {
    expect(encodeGetUrl('http://h/b/100%.bin')).toBe('http://h/b/100%25.bin');
    expect(encodeGetUrl('http://h/b/a%20b%.bin?q=5%&r=%zz%4')).toBe('http://h/b/a%20b%25.bin?q=5%25&r=%25zz%254');
    expect(encodeGetUrl('http://h/b/%E6%96%87%')).toBe('http://h/b/%E6%96%87%25');
    // Encoding what was sent again changes nothing.
    expect(encodeGetUrl(encodeGetUrl('http://h/b/100%.bin'))).toBe('http://h/b/100%25.bin');
  });
  it('names a file with a raw % after the URL, as the user typed it', () => {
    expect(localNameForUrl('http://h/b/100%.bin')).toBe('100%.bin');
    expect(localNameForUrl('http://h/b/a%20b%.bin')).toBe('a b%.bin');
  });
  it('names the file after the last path segment, unquoted', () => {
    expect(localNameForUrl('http://h/dir/my%20file.jpg')).toBe('my file.jpg');
    expect(localNameForUrl('http://h/dir/文件.txt')).toBe('文件.txt');
  });
  it('with a query string, uses the whole path after the host', () => {
    expect(localNameForUrl('http://h/dir/sub/a.jpg?op=imageInfo')).toBe('dir/sub/a.jpg');
  });
  it('refuses URLs that name no file', () => {
    expect(() => localNameForUrl('http://h/')).toThrow(WcsInvalidArgumentError);
    expect(() => localNameForUrl('http://h/dir/')).toThrow('cannot derive a file name');
    expect(() => localNameForUrl('not a url')).toThrow('is not a valid URL');
  });
});
