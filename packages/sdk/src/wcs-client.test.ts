import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, describe, expect, it } from '@jest/globals';
import { WcsConfigError, WcsInvalidArgumentError } from '@wcs/core';
import { WcsClient } from './wcs-client.js';

const dir = mkdtempSync(join(tmpdir(), 'wcs-client-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('WcsClient construction (no requests)', () => {
  it('never shows its secret key when logged or serialised (console.log(client), JSON.stringify)', () => {
    const secret = 'sk-client-NEVER-shown-77';
    const client = new WcsClient({ accessKey: 'ak', secretKey: secret, putUrl: 'http://127.0.0.1:1', mgrUrl: 'http://127.0.0.1:2' });
    try {
      for (const text of [inspect(client, { depth: 10 }), JSON.stringify(client), JSON.stringify(client.config), inspect(client.context.config)]) {
        expect(text).not.toContain(secret);
      }
    } finally {
      client.close();
    }
  });

  it('validates and freezes the config', () => {
    const client = new WcsClient({ accessKey: 'ak', secretKey: 'sk', concurrency: '8' });
    expect(client.config.concurrency).toBe(8);
    expect(Object.isFrozen(client.config)).toBe(true);
    expect(client.context.config).toBe(client.config);
    client.close();
    expect(() => new WcsClient({ concurrency: -1 })).toThrow(WcsConfigError);
  });

  it('fromConfigFile: overrides > environment > file', () => {
    const file = join(dir, 'cfg');
    writeFileSync(file, '[default]\naccess_key = from-file\nsecret_key = s\nconcurrency = 2\nlimit = 10\n');
    const client = WcsClient.fromConfigFile({ configFile: file, env: { WCS_ACCESS_KEY: 'from-env' }, overrides: { concurrency: 6 } });
    expect(client.config).toEqual(expect.objectContaining({ accessKey: 'from-env', concurrency: 6, listLimit: 10 }));
    client.close();
  });

  it('rejects bad arguments before touching the network', async () => {
    const client = new WcsClient({ accessKey: 'ak', secretKey: 'sk', mgrUrl: 'http://127.0.0.1:9' });
    await expect(client.statObject({ bucket: '', key: 'k' })).rejects.toBeInstanceOf(WcsInvalidArgumentError);
    await expect(client.download({ url: 'ftp://x/y', file: join(dir, 'y') })).rejects.toBeInstanceOf(WcsInvalidArgumentError);
    await expect(client.setDeadline({ bucket: 'b', key: 'k', days: 0.5 })).rejects.toBeInstanceOf(WcsInvalidArgumentError);
    client.close();
  });
});
