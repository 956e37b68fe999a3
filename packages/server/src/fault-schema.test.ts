import { describe, expect, it } from '@jest/globals';
import { parseFaultOptions, parseFaultOptionsJson } from './fault-schema.js';

describe('parseFaultOptions', () => {
  it('accepts every field of FaultOptions', () => {
    const f = { seed: 7, rules: [{ endpoint: 'mkblk', fraction: 0.5, status: 503, resetAfterBytes: 10, latencyMs: 5, times: 2 }, { endpoint: '*', status: 429 }] };
    expect(parseFaultOptions(f)).toEqual(f);
    expect(parseFaultOptions({})).toEqual({});
  });

  it.each([
    [{ rules: [{ endpoint: 'mkblk', status: 502 }] }, /^rules\[0\]\.status: must be 500, 503, 408 or 429$/],
    [{ rules: [{ endpoint: 'nope' }] }, /^rules\[0\]\.endpoint: /],
    [{ rules: [{ endpoint: 'bput' }, { endpoint: 'bput', fraction: 2 }] }, /^rules\[1\]\.fraction: /],
    [{ rules: [{ endpoint: 'bput', latencyMs: -1 }] }, /^rules\[0\]\.latencyMs: /],
    [{ rules: [{ endpoint: 'bput', times: 1.5 }] }, /^rules\[0\]\.times: /],
    [{ rules: [{ endpoint: 'bput', stauts: 503 }] }, /^rules\[0\]\.stauts: unknown field$/],
    [{ seed: 'x' }, /^seed: /],
    [{ rules: {} }, /^rules: /],
    [[], /^\(top level\): /],
  ])('names the field of %j', (value, message) => {
    expect(() => parseFaultOptions(value)).toThrow(message);
  });

  it('reports JSON that does not parse', () => {
    expect(() => parseFaultOptionsJson('{"rules": [')).toThrow(/^not valid JSON: /);
  });
});
