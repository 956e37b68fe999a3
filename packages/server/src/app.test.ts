import { describe, expect, it } from '@jest/globals';
import type { Socket } from 'node:net';
import { handleClientError, type AppDeps } from './app.js';
import { FaultEngine } from './faults.js';
import { RequestLog } from './request-log.js';
import type { ServerState } from './state.js';

async function answerTo(code: string): Promise<{ written: string; status: number | undefined }> {
  const log = await RequestLog.open(10);
  const deps = { state: { now: () => 0 } as unknown as ServerState, faults: new FaultEngine({}), log } satisfies AppDeps;
  let written = '';
  const socket = { writable: true, end: (s: string) => (written += s), destroy: () => undefined } as unknown as Socket;
  handleClientError('put', deps, Object.assign(new Error(code), { code }), socket);
  return { written, status: log.entries()[0]?.status };
}

describe('handleClientError', () => {
  it('answers a request that timed out 408 (retryable), WCS-shaped, and logs it', async () => {
    const { written, status } = await answerTo('ERR_HTTP_REQUEST_TIMEOUT');
    expect(written).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(written).toMatch(/\r\nConnection: close\r\n/);
    expect(JSON.parse(written.slice(written.indexOf('\r\n\r\n') + 4))).toEqual({ code: 408, message: 'request not received in time' });
    expect(status).toBe(408);
  });

  it('still answers oversized headers 431 and garbage 400', async () => {
    expect((await answerTo('HPE_HEADER_OVERFLOW')).written).toMatch(/^HTTP\/1\.1 431 /);
    expect((await answerTo('HPE_INVALID_METHOD')).written).toMatch(/^HTTP\/1\.1 400 /);
  });
});
