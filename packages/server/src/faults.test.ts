import { describe, expect, it } from '@jest/globals';
import { FaultEngine } from './faults.js';

describe('FaultEngine', () => {
  it('reproduces the same pattern for the same seed and differs for another seed', () => {
    const run = (seed: number): boolean[] => {
      const f = new FaultEngine({ seed, rules: [{ endpoint: 'bput', fraction: 0.5, status: 503 }] });
      return Array.from({ length: 64 }, () => f.decide('bput').status === 503);
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
    expect(run(7).filter(Boolean).length).toBeGreaterThan(10);
  });

  it('honours endpoint, times and fraction 0', () => {
    const f = new FaultEngine({ rules: [{ endpoint: 'mkblk', status: 500, times: 2 }, { endpoint: '*', fraction: 0, status: 503 }] });
    expect(f.decide('stat').status).toBeUndefined();
    expect(f.decide('mkblk').status).toBe(500);
    expect(f.decide('mkblk').status).toBe(500);
    expect(f.decide('mkblk').status).toBeUndefined();
  });

  it('checks options with the --faults schema and keeps its rules when they do not fit', () => {
    const f = new FaultEngine({ rules: [{ endpoint: 'stat', status: 503 }] });
    expect(() => f.set({ rules: [{ endpoint: 'stat', status: 502 as 503 }] })).toThrow('fault options: rules[0].status: must be 500, 503, 408 or 429');
    expect(() => f.set({ rules: [{ endpoint: 'stat', fraction: 1.5 }] })).toThrow(/^fault options: rules\[0\]\.fraction: /);
    expect(f.decide('stat').status).toBe(503);
    expect(f.current()).toEqual({ rules: [{ endpoint: 'stat', status: 503 }] });
  });
});
