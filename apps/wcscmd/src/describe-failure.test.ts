import { describe, expect, it } from '@jest/globals';
import { WcsNetworkError, WcsResumeRecordError, WcsServiceError } from '@wcs/core';
import { describeFailure, reportFailure } from './describe-failure.js';

const serviceError = (statusCode: number, serviceMessage?: string) =>
  new WcsServiceError({ statusCode, requestId: 'REQ1', serviceMessage, fault: statusCode >= 500 && statusCode <= 599 ? 'server' : 'client', retryable: false, method: 'POST', url: 'http://up/mkfile/10' });

const ctx = { action: 'multiput wcs://b/k', configFile: '/home/u/.wcscfg' };

describe('describeFailure: hints by status (wcs-api.md §10.1)', () => {
  it('701: the blocks are unknown to the service, start afresh with --restart (not "try again later")', () => {
    const line = describeFailure(serviceError(701, 'ctx verification failed'), ctx);
    expect(line).toBe(
      'wcscmd: multiput wcs://b/k failed: ctx verification failed (701, request id REQ1). The service no longer knows the uploaded blocks (they may have expired): start the upload afresh (multiput: run it again with --restart).',
    );
    expect(line).not.toContain('try again later');
  });

  it('579: stored, the callback failed: do not upload again', () => {
    const line = describeFailure(serviceError(579, 'callback failed'), ctx);
    expect(line).toContain('(579, request id REQ1). The object was stored but the callback failed: do not upload it again');
    expect(line).not.toContain('try again later');
  });

  it('503: a service fault, try again later', () => {
    expect(describeFailure(serviceError(503), ctx)).toBe('wcscmd: multiput wcs://b/k failed: status 503 (503, request id REQ1). The service had a problem: try again later.');
  });

  it('404: check the bucket and key', () => {
    expect(describeFailure(serviceError(404, 'file not exist'), ctx)).toBe('wcscmd: multiput wcs://b/k failed: file not exist (404, request id REQ1). Check the bucket and key.');
  });

  it('drops the "Resume with --upload-id" hint where resuming is the wrong advice (701, 579), keeps it for a 503', () => {
    const hint = 'Resume with: wcscmd multiput wcs://b/k f --upload-id ID';
    const lines = [701, 579, 503].map((status) => {
      const out: string[] = [];
      expect(reportFailure(serviceError(status), { ...ctx, hint, verbose: false }, { stderr: { write: (t: string) => out.push(t) }, secrets: new Set() })).toBe(1);
      return out.join('');
    });
    expect(lines[0]).not.toContain('--upload-id');
    expect(lines[1]).not.toContain('--upload-id');
    expect(lines[2]).toContain(hint);
  });
});

describe('describeFailure: resume records', () => {
  it('a record that does not match names the record file and says --restart, not the SDK option', () => {
    const error = new WcsResumeRecordError(
      'The resume record of upload id ABC does not match this upload: the file size changed from 10 to 12 bytes. Start a fresh upload (without the upload id, or with restartOnMismatch).',
      { recordPath: '/tmp/rec/ABC.json' },
    );
    expect(describeFailure(error, ctx)).toBe(
      'wcscmd: multiput wcs://b/k failed: the resume record of upload id ABC does not match this upload: the file size changed from 10 to 12 bytes (record /tmp/rec/ABC.json). Run it again with --restart to start over, or check --upload-id.',
    );
  });

  it('a corrupt record: the same advice', () => {
    const error = new WcsResumeRecordError('The resume record /tmp/rec/ABC.json is not valid JSON (corrupt); delete it or restart the upload with restartOnMismatch.', { recordPath: '/tmp/rec/ABC.json' });
    expect(describeFailure(error, ctx)).toBe(
      'wcscmd: multiput wcs://b/k failed: the resume record /tmp/rec/ABC.json is not valid JSON (corrupt) (record /tmp/rec/ABC.json). Run it again with --restart to start over, or check --upload-id.',
    );
  });

  it('an unknown upload id keeps its own advice (--restart cannot help)', () => {
    const error = new WcsResumeRecordError('No resume record for upload id NOPE in /tmp/rec; check the id and the record folder, or start a fresh upload without it.', { recordPath: '/tmp/rec/NOPE.json' });
    expect(describeFailure(error, ctx)).toBe(`wcscmd: multiput wcs://b/k failed: ${error.message}`);
  });
});

describe('describeFailure: blocks lost on the service (mkfile 701)', () => {
  const lost = new WcsResumeRecordError(
    'The service no longer has the uploaded blocks of upload id ID1 (mkfile answered 701); its resume record was deleted, so running the upload again starts afresh.',
    { recordPath: '/tmp/multipart/ID1/record.json', cause: serviceError(701) },
  );
  it('passes the SDK message through: neither --restart nor --upload-id applies', () => {
    expect(describeFailure(lost, ctx)).toBe(`wcscmd: multiput wcs://b/k failed: ${lost.message}`);
  });
  it('does not add the resume hint', () => {
    const out: string[] = [];
    reportFailure(lost, { ...ctx, hint: 'Resume with: wcscmd multiput … --upload-id ID1', verbose: false }, { stderr: { write: (t: string) => out.push(t) }, secrets: new Set() });
    expect(out.join('')).not.toContain('--upload-id');
    expect(out.join('')).not.toContain('--restart');
  });
});

describe('describeFailure: unreachable host', () => {
  const refused = new WcsNetworkError('connect ECONNREFUSED', { syscallCode: 'ECONNREFUSED' });
  it('names the config file when the host came from there', () => {
    expect(describeFailure(refused, { ...ctx, host: { setting: 'mgr_url', value: 'http://h:1', source: 'mgr_url in /home/u/.wcscfg' } })).toBe(
      'wcscmd: multiput wcs://b/k failed: cannot reach mgr_url http://h:1 (ECONNREFUSED). Check mgr_url in /home/u/.wcscfg and that the service is reachable.',
    );
  });
  it('names the environment variable when it set the host', () => {
    expect(describeFailure(refused, { ...ctx, host: { setting: 'put_url', value: 'http://h:1', source: 'the environment variable WCS_PUT_URL' } })).toContain(
      'Check the environment variable WCS_PUT_URL and that the service is reachable.',
    );
  });
});
