import type { z } from 'zod';
import type { WcsServer } from '../../src/index.js';
import { manageToken, uploadToken } from './sign.js';
import { JobStatus } from './wire.js';

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON; undefined when it is not JSON. */
  json: unknown;
  /** The body checked against one of the shapes in wire.ts (throws naming the field that differs). */
  as<S extends z.ZodType>(shape: S): z.output<S>;
}

async function toAnswer(res: Response): Promise<Answer> {
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json, as: (shape) => shape.parse(json) };
}

export interface Part {
  name: string;
  value: string | Buffer;
  filename?: string;
}

export function multipart(parts: Part[], boundary = '----wcs-test-boundary-7d1'): { body: Buffer; contentType: string } {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disp = p.filename !== undefined ? `form-data; name="${p.name}"; filename="${p.filename}"` : `form-data; name="${p.name}"`;
    const type = p.filename !== undefined ? 'Content-Type: application/octet-stream\r\n' : '';
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disp}\r\n${type}\r\n`), Buffer.from(p.value), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

export class TestClient {
  constructor(readonly server: WcsServer, readonly ak = server.accessKey, readonly sk = server.secretKey) {}

  token(policy: Record<string, unknown>): string {
    return uploadToken(this.ak, this.sk, policy);
  }

  async upload(token: string, data: string | Buffer, fields: Record<string, string> = {}, path = '/file/upload'): Promise<Answer> {
    const parts: Part[] = [{ name: 'token', value: token }, ...Object.entries(fields).map(([name, value]) => ({ name, value }))];
    parts.push({ name: 'file', value: data, filename: 'f.bin' });
    const { body, contentType } = multipart(parts);
    return toAnswer(await fetch(`${this.server.putUrl}${path}`, { method: 'POST', body, headers: { 'content-type': contentType } }));
  }

  async put(bucket: string, key: string, data: string | Buffer, policy: Record<string, unknown> = {}): Promise<Answer> {
    const a = await this.upload(this.token({ scope: `${bucket}:${key}`, overwrite: 1, ...policy }), data);
    if (a.status !== 200) throw new Error(`put ${key} failed: ${a.status} ${a.text}`);
    return a;
  }

  async raw(base: string, method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}): Promise<Answer> {
    return toAnswer(await fetch(`${base}${path}`, { method, ...(body !== undefined ? { body } : {}), headers }));
  }

  async mgr(method: 'GET' | 'POST', path: string, body = ''): Promise<Answer> {
    return this.raw(this.server.mgrUrl, method, path, method === 'POST' ? body : undefined, { Authorization: manageToken(this.ak, this.sk, path, body) });
  }

  async waitJob(statusPath: string, id: string): Promise<Answer> {
    for (let i = 0; i < 200; i++) {
      const a = await this.raw(this.server.mgrUrl, 'GET', `${statusPath}?persistentId=${id}`);
      if (a.status !== 200) return a;
      if (a.as(JobStatus).code >= 3) return a;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('job did not finish');
  }
}
