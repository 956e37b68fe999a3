import { describe, expect, it } from '@jest/globals';
import { WcsInvalidArgumentError, parseConfig, urlSafeBase64Encode as b, type WcsContext } from '@wcs/core';
import {
  buildFops,
  compressCommand,
  copyMoveCommand,
  deleteCommand,
  deleteM3u8Command,
  deletePrefixCommand,
  fetchCommand,
  setDeadlineCommand,
} from './fops.js';
import { fmgrBody } from './fmgr-jobs.js';

describe('fmgr command encoders', () => {
  it('match the vendor examples (wcs-api.md §2.2 M4, §6.5)', () => {
    expect(deletePrefixCommand({ bucket: 'mybucket', prefix: 'logs/' })).toBe('bucket/bXlidWNrZXQ=/prefix/bG9ncy8=');
    expect(deleteCommand({ bucket: 'mybucket', key: 'mydir/aac.jpg' })).toBe('bucket/bXlidWNrZXQ=/key/bXlkaXIvYWFjLmpwZw==');
  });

  it('encode fetch with every option in the documented order', () => {
    expect(fetchCommand({ url: 'http://h/a.txt', bucket: 'b' })).toBe(`fetchURL/${b('http://h/a.txt')}/bucket/${b('b')}`);
    expect(
      fetchCommand({ url: 'http://h/a.txt', bucket: 'b', key: 'k', prefix: 'p', md5: 'AB'.repeat(16), decompression: 'zip', fetchTs: 1 }),
    ).toBe(`fetchURL/${b('http://h/a.txt')}/bucket/${b('b')}/key/${b('k')}/prefix/${b('p')}/md5/${'ab'.repeat(16)}/decompression/zip/fetchTS/1`);
  });

  it('encode copy/move with an EncodedEntryURI resource', () => {
    expect(copyMoveCommand({ resource: { bucket: 'images', key: 'gjh_syn1.txt' }, bucket: 'dst', key: 'x', prefix: 'y' })).toBe(
      `resource/aW1hZ2VzOmdqaF9zeW4xLnR4dA==/bucket/${b('dst')}/key/${b('x')}/prefix/${b('y')}`,
    );
  });

  it('encode deletem3u8, setdeadline, compress and deletePrefix output', () => {
    expect(deleteM3u8Command({ bucket: 'b', key: 'a.m3u8', deleteTs: 0 })).toBe(`bucket/${b('b')}/key/${b('a.m3u8')}/deletets/0`);
    expect(setDeadlineCommand({ bucket: 'b', deadline: -1 })).toBe(`bucket/${b('b')}/deadline/-1`);
    expect(setDeadlineCommand({ bucket: 'b', prefix: 'p', deadline: 3 })).toBe(`bucket/${b('b')}/prefix/${b('p')}/deadline/3`);
    expect(compressCommand({ bucket: 'b', keys: ['x', 'dir/'], keyList: 'list.txt', saveAs: { bucket: 'b', key: 'z.zip' } })).toBe(
      `bucket/${b('b')}/keys/${b('x')}|${b('dir/')}/keyList/${b('list.txt')}/saveas/${b('b:z.zip')}`,
    );
    expect(deletePrefixCommand({ bucket: 'b', prefix: 'p', output: { bucket: 'b', key: 'out.txt' } })).toBe(
      `bucket/${b('b')}/prefix/${b('p')}/output/${b('b:out.txt')}`,
    );
  });

  it('join arrays with ";" and pass raw text through', () => {
    expect(buildFops([{ bucket: 'a', key: 'x' }, { bucket: 'a', key: 'y' }], deleteCommand)).toBe(
      `${deleteCommand({ bucket: 'a', key: 'x' })};${deleteCommand({ bucket: 'a', key: 'y' })}`,
    );
    expect(buildFops('bucket/abc/key/def', deleteCommand)).toBe('bucket/abc/key/def');
  });

  it('reject invalid items', () => {
    const bad = [
      () => buildFops([], deleteCommand),
      () => buildFops('  ', deleteCommand),
      () => fetchCommand({ url: 'ftp://h/a', bucket: 'b' }),
      () => fetchCommand({ url: 'http://h/a', bucket: 'b', md5: 'xyz' }),
      () => deleteCommand({ bucket: '', key: 'k' }),
      () => deleteCommand({ bucket: 'b', key: '/k' }),
      () => setDeadlineCommand({ bucket: 'b', deadline: -2 }),
      () => setDeadlineCommand({ bucket: 'b', deadline: 0.5 }),
      () => compressCommand({ bucket: 'b', saveAs: { bucket: 'b', key: 'z.zip' } }),
      () => deletePrefixCommand({ bucket: 'b', prefix: '' }),
      () => deleteM3u8Command({ bucket: 'b', key: 'a.m3u8', deleteTs: 2 as 0 }),
    ];
    for (const fn of bad) expect(fn).toThrow(WcsInvalidArgumentError);
  });
});

describe('fmgrBody (§6.1)', () => {
  const ctx = (config: Record<string, unknown> = {}) => ({ config: parseConfig(config) }) as unknown as WcsContext;

  it('sends only fops when nothing else is set', () => {
    expect(fmgrBody(ctx(), 'X', {})).toBe('fops=X');
  });

  it('encodes notifyURL and sends explicit flags, including 0', () => {
    expect(fmgrBody(ctx(), 'X', { notifyUrl: 'http://n/x', separate: 0, force: 1 })).toBe(`fops=X&notifyURL=${b('http://n/x')}&separate=0&force=1`);
  });

  it('falls back to config notifyurl/separate/force (sent when 1, as py3 sends truthy values)', () => {
    expect(fmgrBody(ctx({ notifyUrl: 'http://n/y', separate: 1, force: 1 }), 'X', {})).toBe(`fops=X&notifyURL=${b('http://n/y')}&separate=1&force=1`);
    expect(fmgrBody(ctx({ separate: 0, force: 0 }), 'X', {})).toBe('fops=X');
  });

  it('rejects a bad notifyUrl', () => {
    expect(() => fmgrBody(ctx(), 'X', { notifyUrl: 'not a url' })).toThrow(WcsInvalidArgumentError);
  });
});
