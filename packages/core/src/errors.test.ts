import { describe, expect, it } from '@jest/globals';
import { WcsAbortError, WcsError, WcsInvalidArgumentError, WcsLocalIoError, WcsNetworkError, WcsServiceError, isWcsError, toWcsError } from './errors.js';

describe('toWcsError', () => {
  it('passes WcsErrors through', () => {
    const e = new WcsAbortError();
    expect(toWcsError(e)).toBe(e);
  });
  it('classifies network, abort and file-system errors, keeping the cause', () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const net = toWcsError(reset, 'upload');
    expect(net).toBeInstanceOf(WcsNetworkError);
    expect(net.retryable).toBe(true);
    expect(net.cause).toBe(reset);
    expect(toWcsError(Object.assign(new Error('x'), { name: 'AbortError' }))).toBeInstanceOf(WcsAbortError);
    const denied = toWcsError(Object.assign(new Error('EACCES: permission denied, open'), { code: 'EACCES', path: '/etc/shadow' }), 'read file');
    expect(denied).toBeInstanceOf(WcsInvalidArgumentError);
    expect(denied.message).toBe('read file: /etc/shadow: permission denied');
    const full = toWcsError(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', path: '/data/x.tmp' }), 'download');
    expect(full).toBeInstanceOf(WcsLocalIoError);
    expect(full.code).toBe('ERR_WCS_LOCAL_IO');
    expect(full.message).toBe('download: /data/x.tmp: no space left on device');
    const odd = toWcsError('weird', 'op');
    expect(odd).not.toBeInstanceOf(WcsInvalidArgumentError);
    expect(odd.code).toBe('ERR_WCS_UNEXPECTED');
  });
  it('gives service errors their details and a one-line message', () => {
    const e = new WcsServiceError({ statusCode: 404, requestId: 'r1', serviceCode: 404, serviceMessage: 'file not exist', fault: 'client', retryable: false, method: 'GET', url: 'http://h/stat/x' });
    expect(isWcsError(e)).toBe(true);
    expect(e).toBeInstanceOf(WcsError);
    expect(e.message).toBe('GET http://h/stat/x failed with status 404: file not exist (request id r1)');
    expect(e.code).toBe('ERR_WCS_SERVICE');
  });
});
