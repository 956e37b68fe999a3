#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { startWcsServer } from './server.js';
import type { StartWcsServerOptions } from './types.js';

const USAGE =
  'usage: wcs-server [--port N] [--mgr-port N] [--download-port N] [--host H] [--data DIR] ' +
  '[--access-key AK --secret-key SK | --credentials FILE] [--bucket NAME]... [--seed N]';

function fail(message: string): never {
  process.stderr.write(`wcs-server: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function port(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) > 65535) fail(`${flag} must be a port number (0-65535)`);
  return Number(value);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        'mgr-port': { type: 'string' },
        'download-port': { type: 'string' },
        host: { type: 'string' },
        data: { type: 'string' },
        'access-key': { type: 'string' },
        'secret-key': { type: 'string' },
        credentials: { type: 'string' },
        bucket: { type: 'string', multiple: true },
        seed: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    fail((e as Error).message);
  }
  if (values.help === true) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if ((values['access-key'] === undefined) !== (values['secret-key'] === undefined)) fail('--access-key and --secret-key go together');
  if (values.seed !== undefined && !/^\d+$/.test(values.seed)) fail('--seed must be a non-negative integer');
  const options: StartWcsServerOptions = {};
  const p = port(values.port, '--port');
  const mp = port(values['mgr-port'], '--mgr-port');
  const dp = port(values['download-port'], '--download-port');
  if (p !== undefined) options.port = p;
  if (mp !== undefined) options.mgrPort = mp;
  if (dp !== undefined) options.downloadPort = dp;
  if (values.host !== undefined) options.host = values.host;
  if (values.data !== undefined) options.dataDir = values.data;
  if (values['access-key'] !== undefined) options.accessKey = values['access-key'];
  if (values['secret-key'] !== undefined) options.secretKey = values['secret-key'];
  if (values.credentials !== undefined) options.credentialsFile = values.credentials;
  if (values.bucket !== undefined) options.buckets = values.bucket;
  if (values.seed !== undefined) options.faults = { seed: Number(values.seed), rules: [] };
  let server;
  try {
    server = await startWcsServer(options);
  } catch (e) {
    process.stderr.write(`wcs-server: ${(e as Error).message}\n`);
    process.exit(1);
  }
  const out = process.stdout;
  out.write(`WCS_SERVER_READY ${JSON.stringify({ putUrl: server.putUrl, mgrUrl: server.mgrUrl, downloadUrl: server.downloadUrl })}\n`);
  out.write(`upload host:   ${server.putUrl}\nmanage host:   ${server.mgrUrl}\ndownload host: ${server.downloadUrl}\n\n`);
  out.write(`# .wcscfg\n[default]\naccess_key = ${server.accessKey}\nsecret_key = ${server.secretKey}\nput_url = ${server.putUrl}\nmgr_url = ${server.mgrUrl}\n`);
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
