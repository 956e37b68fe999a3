import { describe, expect, it } from '@jest/globals';
import { WcsIntegrityError } from '@wcs/core';
import { checkReportedHash, parseUploadBody, reportedHash } from './upload-response.js';

describe('upload answers', () => {
  it('parses JSON and keeps anything else as text', () => {
    expect(parseUploadBody(Buffer.from('{"hash":"h","key":"k"}'))).toEqual({ hash: 'h', key: 'k' });
    expect(parseUploadBody(Buffer.from('key=k&hash=h'))).toBe('key=k&hash=h');
    expect(parseUploadBody(Buffer.from('{broken'))).toBe('{broken');
  });
  it('finds the hash in JSON, in a query-string returnBody, or in a 303 Location', () => {
    expect(reportedHash({ hash: 'h1' }, undefined)).toBe('h1');
    expect(reportedHash('key=k&hash=h2', undefined)).toBe('h2');
    expect(reportedHash('', 'http://x.example/done?key=k&hash=h3')).toBe('h3');
    expect(reportedHash({ key: 'k' }, undefined)).toBeUndefined();
    expect(reportedHash('the hash is not here', undefined)).toBeUndefined();
  });
  it('checkReportedHash throws only on a difference', () => {
    expect(() => checkReportedHash('x', 'a', undefined, { requestId: undefined })).not.toThrow();
    expect(() => checkReportedHash('x', 'a', 'a', { requestId: undefined })).not.toThrow();
    expect(() => checkReportedHash('x', 'a', 'b', { requestId: 'r' })).toThrow(WcsIntegrityError);
  });
});
