// Shared e2e harness: spawns the BUILT wcscmd (dist/bin.js) with a temp HOME, and records every
// stdout/stderr so the suite can check that the secret key never appears in any output.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));
/** A secret distinctive enough that finding it in any output can only mean a leak. */
export const SECRET_KEY = 'sk-e2e-DO-NOT-PRINT-7f3a9c1e5b';
export const ACCESS_KEY = 'ak-e2e-wcscmd';

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  input?: string;
}

/** Every output captured in this process, for the secret-leak check. */
export const capturedOutput: string[] = [];

/** A temp directory used as HOME and cwd, with helpers to write a .wcscfg. */
export class Sandbox {
  readonly dir: string;
  constructor(prefix = 'wcscmd-e2e-') {
    this.dir = mkdtempSync(join(tmpdir(), prefix));
  }
  path(...parts: string[]): string {
    return join(this.dir, ...parts);
  }
  write(name: string, content: string | Uint8Array): string {
    const file = this.path(name);
    writeFileSync(file, content);
    return file;
  }
  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
  /** Base environment: HOME is the sandbox; no WCS_* from the developer's shell. */
  env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    const base: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('WCS_')) base[k] = v;
    return { ...base, HOME: this.dir, ...extra };
  }
}

/** Starts wcscmd; resolves when it exits. */
export function start(args: readonly string[], sandbox: Sandbox, options: RunOptions = {}): { child: ChildProcess; done: Promise<RunResult> } {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? sandbox.dir,
    env: options.env ?? sandbox.env(),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  if (options.input !== undefined) child.stdin.end(options.input);
  else child.stdin.end();
  const done = new Promise<RunResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      capturedOutput.push(stdout, stderr);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, done };
}

export const run = (args: readonly string[], sandbox: Sandbox, options: RunOptions = {}): Promise<RunResult> => start(args, sandbox, options).done;

/** A .wcscfg in the Python tool's own format (as written by its --configure; see core load-config.test.ts). */
export function pythonWcscfg(values: { putUrl: string; mgrUrl: string; accessKey?: string; secretKey?: string; extra?: Record<string, string> }): string {
  const rows: Record<string, string> = {
    access_key: values.accessKey ?? ACCESS_KEY,
    block_size: '4194304',
    bput_retries: '3',
    bput_size: '4194304',
    callbackBody: '',
    callbackUrl: '',
    concurrency: '4',
    connection_retries: '3',
    connection_timeout: '40',
    contentDetect: '',
    deadline: '7200',
    detectNotifyRule: '',
    detectNotifyURL: '',
    force: '0',
    hashAlgorithm: '',
    ishttps: 'False',
    isverify: 'True',
    keepalive: 'False',
    limit: '1000',
    marker: '',
    mgr_url: values.mgrUrl,
    mkblk_retries: '3',
    mkfile_retries: '3',
    mode: '3',
    notifyurl: '',
    output: '',
    overwrite: '0',
    persistentNotifyUrl: '',
    persistentOps: '',
    prefix: '',
    put_url: values.putUrl,
    returnBody: '',
    returnUrl: '',
    secret_key: values.secretKey ?? SECRET_KEY,
    separate: '0',
    tmp_record_folder: '/tmp/multipart/',
    traffic_limit: '0',
    upload_id: '',
    ...values.extra,
  };
  return `[default]\n${Object.keys(rows)
    .sort()
    .map((k) => `${k} = ${rows[k]}`)
    .join('\n')}\n`;
}
