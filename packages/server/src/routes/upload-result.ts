import { signHex, type VerifiedUploadToken } from '../auth/verify.js';
import { WcsHttpError } from '../errors.js';
import { sendJson, sendText, writeHead, type RequestContext } from '../http.js';
import { isJsonTemplate, renderJsonTemplate, renderQueryTemplate } from '../render.js';
import type { StoredObject } from '../store/object-store.js';

export interface UploadOutcome {
  token: VerifiedUploadToken;
  object: StoredObject;
  fname: string;
  /** `x:<name>` variables from the form or the mkfile path. */
  custom: Map<string, string>;
  persistentId?: string;
}

export function uploadVars(ctx: RequestContext, o: UploadOutcome): Map<string, string | number> {
  const vars = new Map<string, string | number>([
    ['bucket', o.object.bucket],
    ['key', o.object.key],
    ['fname', o.fname],
    ['fsize', o.object.fsize],
    ['mimeType', o.object.mimeType],
    ['hash', o.object.hash],
    ['url', ctx.state.objectUrl(o.object.bucket, o.object.key)],
    ['persistentId', o.persistentId ?? ''],
  ]);
  for (const [k, v] of o.custom) vars.set(k, v);
  return vars;
}

/** Starts the policy's persistentOps as a fops job (wcs-api.md §2.1, §7). */
export function startPersistentOps(ctx: RequestContext, token: VerifiedUploadToken, object: StoredObject): string | undefined {
  const ops = token.policy.persistentOps;
  if (ops === undefined) return undefined;
  return ctx.state.jobs.submitFops({
    accessKey: token.accessKey,
    bucket: object.bucket,
    key: object.key,
    fsize: object.fsize,
    ops,
    notifyUrl: token.policy.persistentNotifyUrl,
    separate: token.policy.separate === 1 ? 1 : 0,
  });
}

/**
 * Answers a successful normal/append upload (wcs-api.md §4.4): callbackUrl → relay the callback's
 * answer (579 if it fails; the object stays); returnUrl → 303; returnBody → rendered; else the
 * default `{"hash","key"}` (the exact default body is [U]; this is what the SDKs parse).
 */
export async function respondToUpload(ctx: RequestContext, o: UploadOutcome, extraHeaders: Record<string, string> = {}): Promise<void> {
  const { policy } = o.token;
  const vars = uploadVars(ctx, o);
  if (policy.callbackUrl !== undefined) {
    await relayCallback(ctx, o, vars, extraHeaders);
    return;
  }
  if (policy.returnUrl !== undefined) {
    const rendered = policy.returnBody !== undefined ? renderQueryTemplate(policy.returnBody, vars) : '';
    const query = rendered === '' ? `hash=${o.object.hash}` : `${rendered}&hash=${o.object.hash}`;
    const sep = policy.returnUrl.includes('?') ? '&' : '?';
    writeHead(ctx, 303, { Location: `${policy.returnUrl}${sep}${query}`, 'Content-Length': '0', ...extraHeaders });
    ctx.res.end();
    return;
  }
  if (policy.returnBody !== undefined) {
    if (isJsonTemplate(policy.returnBody)) {
      const json = renderJsonTemplate(policy.returnBody, vars);
      if (json !== undefined) {
        sendJson(ctx, 200, json, extraHeaders);
        return;
      }
    }
    // §4.4: the query-string text with `&hash=<hash>` appended. The vendor says the content is
    // URL-safe Base64 encoded, scope [U]; returned as plain text here, as py3 shows it raw.
    sendText(ctx, 200, `${renderQueryTemplate(policy.returnBody, vars)}&hash=${o.object.hash}`, 'text/plain; charset=utf-8', extraHeaders);
    return;
  }
  sendJson(ctx, 200, { hash: o.object.hash, key: o.object.key }, extraHeaders);
}

/**
 * POSTs the rendered callbackBody with `Content-Type: application/x-www-form-urlencoded` and
 * `Authorization: AK:b64u(hex(HMAC-SHA1(SK, callbackUrl + "\n" + body)))` — the upload-callback
 * signing string is [U] (wcs-api.md §2.3); this mirrors the persistentOps notification shape.
 */
async function relayCallback(ctx: RequestContext, o: UploadOutcome, vars: Map<string, string | number>, extraHeaders: Record<string, string>): Promise<void> {
  const url = o.token.policy.callbackUrl as string;
  const body = renderQueryTemplate(o.token.policy.callbackBody ?? 'key=$(key)&hash=$(hash)', vars);
  let answer: Response;
  let text: string;
  try {
    answer = await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: `${o.token.accessKey}:${signHex(o.token.secretKey, `${url}\n${body}`)}`,
      },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    text = await answer.text();
  } catch (e) {
    throw new WcsHttpError(579, `callback failed: ${(e as Error).message}`);
  }
  if (answer.status !== 200) throw new WcsHttpError(579, `callback failed: callback server answered ${answer.status}`);
  sendText(ctx, 200, text, answer.headers.get('content-type') ?? 'application/json', extraHeaders);
}
