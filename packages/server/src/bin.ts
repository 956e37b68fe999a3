#!/usr/bin/env node
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseDuration } from './duration.js';
import { SERVER_ENDPOINTS, parseFaultOptionsJson } from './fault-schema.js';
import { DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, startWcsServer } from './server.js';
import type { FaultOptions, StartWcsServerOptions } from './types.js';

const USAGE =
  'usage: wcs-server [--port N] [--mgr-port N] [--download-port N] [--host H] [--data DIR] ' +
  '[--access-key AK --secret-key SK | --credentials FILE] [--bucket NAME]... [--seed N] [--faults FILE] ' +
  '[--request-log FILE] [--request-log-size N] [--job-delay MS] [--block-ttl DURATION]';

/** Word-wraps `text` to `width` columns, every line indented by `indent`. */
function wrap(text: string, indent: number, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && indent + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines.map((l) => `${' '.repeat(indent)}${l}`).join('\n');
}

const HELP = `${USAGE}

A local WCS-compatible server: an upload host, a manage host and a download host, each on its own
port. When ready it prints one line "WCS_SERVER_READY {"putUrl","mgrUrl","downloadUrl"}" (JSON),
then the hosts and a .wcscfg snippet. It stops on SIGINT or SIGTERM.

Listening
  --port N                upload host port (default 0: any free port)
                          e.g. --port 8080
  --mgr-port N            manage host port (default 0)
                          e.g. --mgr-port 8081
  --download-port N       download host port (default 0)
                          e.g. --download-port 8082
  --host H                address to listen on (default 127.0.0.1)
                          e.g. --host 0.0.0.0

Storage
  --data DIR              keep objects on disk under DIR (default: in memory, gone on exit)
                          e.g. --data ./wcs-data
  --bucket NAME           a bucket that exists; repeat for more (default: test)
                          e.g. --bucket photos --bucket logs
  --block-ttl DURATION    how long an uploaded block (mkblk/bput) waits for its mkfile before it
                          is purged: a number and one of ms, s, m, h, d (default 24h)
                          e.g. --block-ttl 30m

Credentials (default: the built-in development pair ${DEFAULT_ACCESS_KEY} / ${DEFAULT_SECRET_KEY})
  --access-key AK         access key of one key pair, with --secret-key
                          e.g. --access-key my-ak --secret-key my-sk
  --secret-key SK         secret key of that pair (never printed by the server)
                          e.g. --secret-key my-sk --access-key my-ak
  --credentials FILE      key pairs from FILE: JSON {"accessKey","secretKey"} or a list of them,
                          or .wcscfg-style access_key / secret_key lines
                          e.g. --credentials ./keys.json

For tests
  --job-delay MS          how long fmgr/fops jobs stay pending and processing (default 50)
                          e.g. --job-delay 500
  --faults FILE           fault rules, JSON in the shape of the programmatic FaultOptions; a bad
                          file is refused naming the field (exit 2)
                          e.g. --faults ./faults.json with
                          {"seed": 1, "rules": [{"endpoint": "bput", "fraction": 0.2, "status": 503}]}
                          rule fields: endpoint, fraction (0..1, default 1), status (500, 503,
                          408 or 429), resetAfterBytes, latencyMs, times (stop after N hits)
                          endpoints: "*" (all) or one of
${wrap(SERVER_ENDPOINTS.join(', '), 26, 100)}
  --seed N                seed of the fault rules' random draws (wins over the file's seed)
                          e.g. --seed 42
  --request-log FILE      also append every finished request to FILE, one JSON object a line
                          e.g. --request-log ./requests.jsonl
  --request-log-size N    requests kept in memory, the newest (default 10000)
                          e.g. --request-log-size 50000
  -h, --help              this text
                          e.g. --help

Control endpoint, on the manage host. Sign each call with a manage token of a configured key, as
any manage call: AK:b64u(hex(HMAC-SHA1(SK, "<path>[?<query>]\\n<body>"))); without a valid one it
answers 401.
Control calls are not logged and fault rules do not apply to them.
  GET /_wcs/faults              the fault rules in force, as JSON
  PUT /_wcs/faults              replace them; body: the --faults JSON ({} lifts all); bad → 400
  GET /_wcs/requests?since=N    {"last": <newest seq>, "entries": [...]}: the kept requests
                                numbered above N (seq counts from 1 for the life of the server)

Exit status: 0 after SIGINT/SIGTERM, 1 when the server cannot start, 2 on a bad flag or file.
`;

function fail(message: string): never {
  process.stderr.write(`wcs-server: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function port(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) > 65535) fail(`${flag} must be a port number (0-65535)`);
  return Number(value);
}

function count(value: string, flag: string, min: number): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)) || Number(value) < min) fail(`${flag} must be an integer >= ${min}, got "${value}"`);
  return Number(value);
}

async function readFaults(file: string): Promise<FaultOptions> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    fail(`--faults ${file}: cannot read it: ${(e as Error).message}`);
  }
  try {
    return parseFaultOptionsJson(text);
  } catch (e) {
    fail(`--faults ${file}: ${(e as Error).message}`);
  }
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
        faults: { type: 'string' },
        'request-log': { type: 'string' },
        'request-log-size': { type: 'string' },
        'job-delay': { type: 'string' },
        'block-ttl': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    fail((e as Error).message);
  }
  if (values.help === true) {
    process.stdout.write(HELP);
    return;
  }
  if ((values['access-key'] === undefined) !== (values['secret-key'] === undefined)) fail('--access-key and --secret-key go together');
  // blockTtlMs is server-store's option (NOTES.md); spelt out here until both branches meet.
  const options: StartWcsServerOptions & { blockTtlMs?: number } = {};
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
  if (values['job-delay'] !== undefined) options.jobDelayMs = count(values['job-delay'], '--job-delay', 0);
  if (values['request-log'] !== undefined) options.requestLogFile = values['request-log'];
  if (values['request-log-size'] !== undefined) options.requestLogSize = count(values['request-log-size'], '--request-log-size', 1);
  if (values['block-ttl'] !== undefined) {
    const ms = parseDuration(values['block-ttl']);
    if (ms === undefined) fail(`--block-ttl must be a duration such as 24h, 30m, 90s, 1500ms or 2d, got "${values['block-ttl']}"`);
    options.blockTtlMs = ms;
  }
  const seed = values.seed === undefined ? undefined : count(values.seed, '--seed', 0);
  if (values.faults !== undefined || seed !== undefined) {
    const faults = values.faults !== undefined ? await readFaults(values.faults) : { rules: [] };
    options.faults = seed !== undefined ? { ...faults, seed } : faults;
  }
  let server;
  try {
    server = await startWcsServer(options);
  } catch (e) {
    process.stderr.write(`wcs-server: ${(e as Error).message}\n`);
    process.exit(1);
  }
  // Before the READY line: a parent may send SIGTERM as soon as it reads it.
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const out = process.stdout;
  out.write(`WCS_SERVER_READY ${JSON.stringify({ putUrl: server.putUrl, mgrUrl: server.mgrUrl, downloadUrl: server.downloadUrl })}\n`);
  out.write(`upload host:   ${server.putUrl}\nmanage host:   ${server.mgrUrl}\ndownload host: ${server.downloadUrl}\n\n`);
  out.write(`# .wcscfg\n[default]\naccess_key = ${server.accessKey}\n${secretKeyLine(server.secretKey, values)}put_url = ${server.putUrl}\nmgr_url = ${server.mgrUrl}\n`);
}

/**
 * The snippet's secret_key line. Only the built-in development key (public, in this source) is
 * printed: terminals and CI logs keep what a server prints, so a real key gets a placeholder and
 * a note of where it came from.
 */
function secretKeyLine(secretKey: string, values: { 'secret-key'?: string | undefined; credentials?: string | undefined }): string {
  if (secretKey === DEFAULT_SECRET_KEY) return `secret_key = ${secretKey}\n`;
  const source = values['secret-key'] !== undefined ? 'the --secret-key flag' : values.credentials !== undefined ? `the credentials file ${values.credentials}` : 'the server options';
  return `# not printed: use the secret key from ${source}\nsecret_key = <secret key>\n`;
}

void main();
