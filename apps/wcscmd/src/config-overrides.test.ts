import { describe, expect, it } from '@jest/globals';
import { WcsInvalidArgumentError, loadConfig } from '@wcs/core';
import { configOverridesFromArgs, parseIntOption } from './config-overrides.js';

describe('configOverridesFromArgs (wcs-api.md §11.2)', () => {
  it('maps every Python option onto its config key', () => {
    expect(
      configOverridesFromArgs({
        ssl: true,
        'upload-id': 'ID',
        limit: '4',
        prefix: 'p/',
        mode: '1',
        marker: 'M',
        overwrite: '1',
        returnurl: 'http://r',
        returnbody: 'rb',
        callbackurl: 'http://c',
        callbackbody: 'cb',
        persistentops: 'ops;x',
        persistentntyurl: 'http://p',
        contentdetect: 'porn',
        detectntyurl: 'http://d',
        detectntyrule: 'rule',
        hashalgorithm: 'crc64ecma',
        notify: 'http://n',
        separate: '1',
        force: '0',
        deadline: '3600',
        traffic_limit: '100',
        output: 'b:k',
      }),
    ).toEqual({
      useHttps: true,
      uploadId: 'ID',
      listLimit: 4,
      listPrefix: 'p/',
      listMode: 1,
      listMarker: 'M',
      overwrite: 1,
      returnUrl: 'http://r',
      returnBody: 'rb',
      callbackUrl: 'http://c',
      callbackBody: 'cb',
      persistentOps: 'ops;x',
      persistentNotifyUrl: 'http://p',
      contentDetect: 'porn',
      detectNotifyUrl: 'http://d',
      detectNotifyRule: 'rule',
      hashAlgorithm: 'crc64ecma',
      notifyUrl: 'http://n',
      separate: 1,
      force: 0,
      tokenDeadlineSeconds: 3600,
      trafficLimit: 100,
      output: 'b:k',
    });
  });

  it('leaves out options not given, so file and environment still apply', () => {
    expect(configOverridesFromArgs({ json: true, quiet: true, relevance: true, debug: 'x' })).toEqual({});
    const { config } = loadConfig({ configFile: undefined, env: { HOME: '/nonexistent', WCS_LIMIT: '20' }, overrides: configOverridesFromArgs({ prefix: 'a' }) });
    expect(config.listLimit).toBe(20);
    expect(config.listPrefix).toBe('a');
  });

  it('rejects bad numbers naming the option', () => {
    expect(() => configOverridesFromArgs({ limit: 'ten' })).toThrow(WcsInvalidArgumentError);
    expect(() => configOverridesFromArgs({ limit: '1001' })).toThrow('--limit must be a whole number from 0 to 1000, got "1001".');
    expect(() => configOverridesFromArgs({ limit: '-1' })).toThrow('--limit');
    // 0 as in the Python tool: no limit sent (listOptionsFrom leaves it out).
    expect(configOverridesFromArgs({ limit: '0' })).toEqual({ listLimit: 0 });
    expect(() => configOverridesFromArgs({ overwrite: '2' })).toThrow('--overwrite must be 0 or 1, got "2".');
    expect(() => configOverridesFromArgs({ deadline: '-5' })).toThrow('--deadline must be a whole number >= 1, got "-5".');
    expect(() => configOverridesFromArgs({ traffic_limit: '1.5' })).toThrow('--traffic_limit');
  });
});

describe('--mode (wcs-api.md §11.1: 0/1 are sent, 3 means not set)', () => {
  it('accepts 0, 1 and 3', () => {
    expect(configOverridesFromArgs({ mode: '0' })).toEqual({ listMode: 0 });
    expect(configOverridesFromArgs({ mode: '1' })).toEqual({ listMode: 1 });
    expect(configOverridesFromArgs({ mode: '3' })).toEqual({ listMode: 3 });
  });
  it('--mode 3 overrides a mode from the file or environment, and is not sent', async () => {
    const { config } = loadConfig({ configFile: undefined, env: { HOME: '/nonexistent', WCS_MODE: '1' }, overrides: configOverridesFromArgs({ mode: '3' }) });
    expect(config.listMode).toBe(3);
    const { listOptionsFrom } = await import('./handlers/list.js');
    expect(listOptionsFrom(config).mode).toBeUndefined();
  });
  it('other values are a usage error naming the allowed ones', () => {
    for (const bad of ['2', '4', '-1', 'x', '']) {
      expect(() => configOverridesFromArgs({ mode: bad })).toThrow(WcsInvalidArgumentError);
    }
    expect(() => configOverridesFromArgs({ mode: '2' })).toThrow('--mode must be 0 (files first), 1 (folders first) or 3 (not set, flat), got "2".');
  });
});

describe('parseIntOption', () => {
  it('reads what Python int() reads', () => {
    expect(parseIntOption('DAYS', '-1', -1)).toBe(-1);
    expect(parseIntOption('DAYS', ' +3 ', -1)).toBe(3);
    expect(() => parseIntOption('DAYS', '-2', -1)).toThrow('DAYS must be a whole number >= -1, got "-2".');
    expect(() => parseIntOption('DAYS', '3d', -1)).toThrow('DAYS');
  });
});
