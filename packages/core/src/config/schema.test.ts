import { describe, expect, it } from '@jest/globals';
import { inspect } from 'node:util';
import { WcsConfigError } from '../errors.js';
import { parseConfig } from './schema.js';

const issuesOf = (input: unknown): string[] => {
  try {
    parseConfig(input);
  } catch (error) {
    if (error instanceof WcsConfigError) return [...error.issues];
    throw error;
  }
  throw new Error('no error');
};

describe('parseConfig', () => {
  it('fills in the Python defaults and freezes the result', () => {
    const config = parseConfig(undefined);
    expect(config).toMatchObject({ accessKey: '', useHttps: false, verifyTls: true, blockSizeBytes: 4194304, concurrency: 8, listMode: 3, listLimit: 1000 });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('prints its secret key masked (console.log, util.inspect, JSON.stringify), and spreads whole', () => {
    const secret = 'sk-never-PRINTED-2f9';
    const config = parseConfig({ accessKey: 'ak-shown', secretKey: secret, concurrency: 3 });
    for (const text of [inspect(config), inspect({ nested: { config } }, { depth: 5 }), JSON.stringify(config), JSON.stringify({ config })]) {
      expect(text).not.toContain(secret);
      expect(text).toContain('ak-shown');
      expect(text).toContain('****');
    }
    expect(JSON.parse(JSON.stringify(config))).toMatchObject({ accessKey: 'ak-shown', secretKey: '****', concurrency: 3 });
    // Code that builds on a config by spreading it keeps the secret, and parses it again.
    expect({ ...config }.secretKey).toBe(secret);
    expect(Object.keys(config)).not.toContain('toJSON');
    expect(parseConfig({ ...config, concurrency: 5 })).toMatchObject({ secretKey: secret, concurrency: 5 });
    expect(parseConfig(config).secretKey).toBe(secret);
  });

  it('reads strings as Python does: int() with blanks and sign, boolean words', () => {
    const config = parseConfig({ concurrency: ' +8 ', useHttps: 'Yes', keepAlive: 'off', verifyTls: false, trafficLimit: 5, accessKey: 'ak' });
    expect(config).toMatchObject({ concurrency: 8, useHttps: true, keepAlive: false, verifyTls: false, trafficLimit: 5, accessKey: 'ak' });
  });

  it('names every bad key with what it must be, never the value', () => {
    const issues = issuesOf({
      concurrency: '4.5',
      connectionRetries: -1,
      listLimit: 1001,
      blockSizeBytes: 1000,
      bputSizeBytes: 3,
      useHttps: 'maybe',
      secretKey: 42,
      recordFolder: null,
      bogus: 'x',
      other: 1,
    });
    expect(issues).toEqual([
      'secretKey must be text',
      'useHttps must be one of true/false, yes/no, on/off, 1/0',
      'connectionRetries must be at least 0',
      'blockSizeBytes must be a multiple of 4194304 (4 MiB)',
      'bputSizeBytes must be a multiple of 2 (an even number of bytes)',
      'concurrency must be a whole number',
      'recordFolder must be text',
      'listLimit must be at most 1000',
      'unknown settings bogus, other',
    ]);
    expect(issues.join(' ')).not.toContain('maybe');
  });

  it('describeKey names keys as the caller knows them; the message lists the issues', () => {
    expect(() => parseConfig({ concurrency: 'x' }, (k) => `${k} in FILE`)).toThrow('Invalid configuration: concurrency in FILE must be a whole number');
  });

  it('refuses something that is not an object', () => {
    expect(issuesOf('a=b')).toEqual(['config must be an object']);
  });
});
