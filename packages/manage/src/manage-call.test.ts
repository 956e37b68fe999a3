import { describe, expect, it } from '@jest/globals';
import { parseConfig, WcsServiceError, type HttpClient, type WcsContext } from '@wcs/core';
import * as z from 'zod/mini';
import { WireNumber, WireOptionalText, buildQuery, manageJson } from './manage-call.js';

describe('buildQuery', () => {
  it('keeps order and drops unset values', () => {
    expect(buildQuery([['bucket', 'b'], ['marker', undefined], ['limit', '10']])).toBe('?bucket=b&limit=10');
    expect(buildQuery([['a', undefined]])).toBe('');
    expect(buildQuery(undefined)).toBe('');
  });
});

describe('wire values', () => {
  it('accepts numbers as numbers or numeric strings (§5.4)', () => {
    expect(WireNumber.parse('5')).toBe(5);
    expect(WireNumber.parse(7)).toBe(7);
    expect(WireNumber.parse('1.250')).toBe(1.25);
    expect(WireNumber.safeParse('abc').success).toBe(false);
  });
  it('maps empty optional text to undefined', () => {
    expect(WireOptionalText.parse('')).toBeUndefined();
    expect(WireOptionalText.parse(null)).toBeUndefined();
    expect(WireOptionalText.parse('Standard')).toBe('Standard');
  });
});

describe('an error code in a 200 answer (no local server answers so)', () => {
  it('becomes a WcsServiceError whose message masks a token the service quoted', async () => {
    const sign = `${'x'.repeat(54)}==`;
    const answer = { code: 401, message: `token my-ak:${sign} is invalid` };
    const http = {
      requestJson: () => Promise.resolve({ data: answer, response: { statusCode: 200, headers: {}, requestId: 'r1', body: Buffer.alloc(0), attempts: 1 } }),
    } as unknown as HttpClient;
    const ctx: WcsContext = { config: parseConfig({ accessKey: 'my-ak', secretKey: 'sk', mgrUrl: 'http://mgr.invalid' }), http };
    const error = await manageJson(ctx, { method: 'GET', path: '/bucket/list', idempotent: true }, z.object({ code: z.number() })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WcsServiceError);
    expect((error as WcsServiceError).serviceMessage).toBe('token my-ak:**** is invalid');
    expect(String(error)).not.toContain(sign);
  });
});
