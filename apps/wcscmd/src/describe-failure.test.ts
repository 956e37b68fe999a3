import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WcsNetworkError, WcsResumeRecordError, WcsServiceError } from '@wcs/core';
import { WcsClient } from '@wcs/sdk';
import { startWcsServer, type WcsServer } from '@wcs/server';
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

  it('404 of a status command or get: check the job id or the URL, which is what the user gave', () => {
    expect(describeFailure(serviceError(404, 'persistentId not found'), { action: 'fopsStatus abc' })).toBe(
      'wcscmd: fopsStatus abc failed: persistentId not found (404, request id REQ1). Check the job id: the persistentId printed when the job was submitted.',
    );
    expect(describeFailure(serviceError(404, 'not found'), { action: 'fmgrStatus abc' })).toMatch(/\. Check the job id: /);
    expect(describeFailure(serviceError(404, 'file not exist'), { action: 'get http://h/b/k' })).toMatch(/\(404, request id REQ1\)\. Check the URL\.$/);
  });
  it('404: check the bucket and key', () => {
    expect(describeFailure(serviceError(404, 'file not exist'), ctx)).toBe('wcscmd: multiput wcs://b/k failed: file not exist (404, request id REQ1). Check the bucket and key.');
  });

  it('drops the "Resume with --upload-id" hint where resuming is the wrong advice (701, 579), keeps it for a 503', () => {
    const hint = 'Resume with: wcscmd multiput wcs://b/k f --upload-id ID';
    const lines = [701, 579, 503].map((status) => {
      const out: string[] = [];
      const io = { stderr: { write: (t: string) => out.push(t) }, secrets: new Set<string>() };
      expect(reportFailure(serviceError(status), { ...ctx, hint, verbose: false }, io)).toBe(1);
      return out.join('');
    });
    expect(lines[0]).not.toContain('--upload-id');
    expect(lines[1]).not.toContain('--upload-id');
    expect(lines[2]).toContain(hint);
  });
});

// The errors come from the SDK itself (issue 10 item 14), so a change of its wording cannot
// leave these branches behind: they depend on the error's typed `reason` only.
describe('describeFailure: resume records, as the SDK refuses them', () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wcscmd-describe-'));
    file = join(dir, 'data.bin');
    await writeFile(file, randomBytes(5 * 1024 * 1024));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  /** A client whose upload host refuses connections: a first run leaves a record behind and fails. */
  const offline = (folder: string) =>
    new WcsClient({ accessKey: 'ak', secretKey: 'sk', putUrl: 'http://127.0.0.1:1', recordFolder: folder, mkblkRetries: 0, bputRetries: 0 });
  const refusal = async (run: Promise<unknown>): Promise<WcsResumeRecordError> => {
    const error = await run.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(WcsResumeRecordError);
    return error as WcsResumeRecordError;
  };
  /** Leaves a record of `file` in `folder` and returns its upload id. */
  const leaveRecord = async (folder: string): Promise<string> => {
    let id = '';
    await expect(offline(folder).multipartUpload({ file, bucket: 'b', key: 'k', onUploadId: (u) => (id = u) })).rejects.toBeInstanceOf(WcsNetworkError);
    return id;
  };

  it('a record that does not match names the record and says --restart, not the SDK option', async () => {
    const folder = join(dir, 'mismatch');
    const id = await leaveRecord(folder);
    const later = new Date(Date.now() + 60_000);
    await utimes(file, later, later);
    const error = await refusal(offline(folder).multipartUpload({ file, bucket: 'b', key: 'k' }));
    expect(error.reason).toBe('mismatch');
    const line = describeFailure(error, ctx);
    expect(line).toBe(
      `wcscmd: multiput wcs://b/k failed: the resume record of upload id ${id} does not match this upload: the file was modified since (mtime changed) (record ${join(folder, id, 'record.json')}). Run it again with --restart to start over, or check --upload-id.`,
    );
    expect(line).not.toContain('restartOnMismatch');
  });

  it('a corrupt record: the same advice', async () => {
    const folder = join(dir, 'corrupt');
    const id = await leaveRecord(folder);
    await writeFile(join(folder, id, 'record.json'), '{not json');
    const error = await refusal(offline(folder).multipartUpload({ file, bucket: 'b', key: 'k', uploadId: id }));
    expect(error.reason).toBe('corrupt');
    expect(describeFailure(error, ctx)).toBe(
      `wcscmd: multiput wcs://b/k failed: the resume record ${join(folder, id, 'record.json')} is not valid JSON (corrupt) (record ${join(folder, id, 'record.json')}). Run it again with --restart to start over, or check --upload-id.`,
    );
  });

  it('an unknown upload id keeps its own advice (--restart cannot help)', async () => {
    const error = await refusal(offline(join(dir, 'missing')).multipartUpload({ file, bucket: 'b', key: 'k', uploadId: 'NOPE' }));
    expect(error.reason).toBe('missing');
    expect(describeFailure(error, ctx)).toBe(`wcscmd: multiput wcs://b/k failed: ${error.message}`);
  });

  it('a record folder others can write keeps the SDK advice, and gets no resume hint', async () => {
    const folder = join(dir, 'shared');
    await mkdir(folder);
    await chmod(folder, 0o777);
    const error = await refusal(offline(folder).multipartUpload({ file, bucket: 'b', key: 'k' }));
    expect(error.reason).toBe('unsafe-folder');
    const out: string[] = [];
    reportFailure(error, { ...ctx, hint: 'Resume with: wcscmd multiput … --upload-id ID1', verbose: false }, { stderr: { write: (t: string) => out.push(t) }, secrets: new Set() });
    expect(out.join('')).toBe(`wcscmd: multiput wcs://b/k failed: ${error.message}\n`);
  });
});

describe('describeFailure: blocks lost on the service (mkfile 701)', () => {
  let dir: string;
  let lost: WcsResumeRecordError;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wcscmd-lost-'));
    const file = join(dir, 'data.bin');
    await writeFile(file, randomBytes(8 * 1024 * 1024));
    const client = (server: WcsServer) =>
      new WcsClient({ accessKey: 'ak', secretKey: 'sk', putUrl: server.putUrl, mgrUrl: server.mgrUrl, recordFolder: join(dir, 'records'), concurrency: 0 });
    // Block 0 goes to one server, which then "forgets" it (a new one takes over): mkfile answers 701.
    const first = await startWcsServer({ accessKey: 'ak', secretKey: 'sk', buckets: ['b'] });
    const controller = new AbortController();
    await client(first)
      .multipartUpload({ file, bucket: 'b', key: 'k', signal: controller.signal, onProgress: (p) => (p.blocksDone ?? 0) >= 1 && controller.abort() })
      .catch(() => undefined);
    await first.close();
    const second = await startWcsServer({ accessKey: 'ak', secretKey: 'sk', buckets: ['b'] });
    try {
      const error = await client(second).multipartUpload({ file, bucket: 'b', key: 'k' }).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(WcsResumeRecordError);
      lost = error as WcsResumeRecordError;
      expect(lost.reason).toBe('blocks-lost');
    } finally {
      await second.close();
    }
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

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
