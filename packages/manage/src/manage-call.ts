import { createManageAuthorizer } from '@wcs/auth';
import { WcsServiceError, toBaseUrl, type HttpResponse, type WcsContext } from '@wcs/core';
import { redactText, stripQuery } from '@wcs/core/internal';
import type { ZodType } from 'zod';
import en from 'zod/v4/locales/en.js';
import * as z from 'zod/mini';

// zod/mini, not zod: the answers of every manage call are checked with these schemas, and the
// full zod costs ~100 ms to import where mini costs ~2 ms (bench/cli/startup.mjs: `wcscmd stat`).
// mini ships no messages; English ones keep the "unexpected answer (…)" errors readable.
z.config(en());

/** core's requestJson is typed for zod schemas; it only calls `safeParse`, which mini schemas have. */
export const forTransport = <T>(schema: z.ZodMiniType<T>): ZodType<T> => schema as unknown as ZodType<T>;

/** Options every manage call accepts. */
export interface ManageCallOptions {
  /** Cancels the request; the promise then rejects with `WcsAbortError` (`ERR_WCS_ABORTED`). */
  signal?: AbortSignal | undefined;
}

/** What every call returns besides its data: the service's request id (`X-Reqid`). */
export interface ResponseMeta {
  /** `X-Reqid` of the answer, to quote when asking the vendor for help. */
  requestId: string | undefined;
}

/** One manage-host request (wcs-api.md §5). */
export interface ManageRequest {
  method: 'GET' | 'POST';
  /** Path as sent, e.g. `/stat/<entry>`. */
  path: string;
  /** Query pairs, values already encoded as they must go on the wire (raw, b64u or percent-encoded). */
  query?: ReadonlyArray<readonly [string, string | undefined]>;
  /** Form body as sent and signed, e.g. `bucket=…&key=…`. */
  body?: string;
  /** Safe to repeat: see each caller for why. */
  idempotent: boolean;
  /** Sign with the manage token (every call but the two job-status reads, §2.2). Default true. */
  signed?: boolean;
  signal?: AbortSignal | undefined;
  acceptStatuses?: readonly number[];
}

/** `mgr_url` as a base URL (scheme from `ishttps` for a bare host, §1.1). */
export function manageBaseUrl(ctx: WcsContext): string {
  return toBaseUrl(ctx.config.mgrUrl, ctx.config.useHttps, 'mgr_url');
}

/** Builds `?a=b&c=d` from pairs, leaving out pairs whose value is undefined. */
export function buildQuery(pairs: ReadonlyArray<readonly [string, string | undefined]> | undefined): string {
  const parts = (pairs ?? []).filter((p): p is readonly [string, string] => p[1] !== undefined).map(([k, v]) => `${k}=${v}`);
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

function httpOptions(ctx: WcsContext, req: ManageRequest) {
  // The authorizer checks the keys now, so missing credentials fail before any request.
  const authorize = req.signed === false ? undefined : createManageAuthorizer({ accessKey: ctx.config.accessKey, secretKey: ctx.config.secretKey });
  return {
    method: req.method,
    url: `${manageBaseUrl(ctx)}${req.path}${buildQuery(req.query)}`,
    ...(req.body !== undefined ? { body: req.body } : {}),
    idempotent: req.idempotent,
    ...(authorize ? { authorize } : {}),
    ...(req.signal ? { signal: req.signal } : {}),
    ...(req.acceptStatuses ? { acceptStatuses: req.acceptStatuses } : {}),
  };
}

/** Sends a manage request and returns the raw answer (non-2xx → `WcsServiceError`). */
export async function manageRequest(ctx: WcsContext, req: ManageRequest): Promise<HttpResponse> {
  return ctx.http.request(httpOptions(ctx, req));
}

/**
 * Sends a manage request and validates its JSON answer with `schema`. A 2xx answer whose body
 * `code` is an error code (≥ 300) is treated as the failure it reports: the doc shows `code` in
 * every body (§1.2), and an HTTP-200 error body must not pass as success.
 */
export async function manageJson<T>(ctx: WcsContext, req: ManageRequest, schema: z.ZodMiniType<T>): Promise<{ data: T; response: HttpResponse }> {
  const options = httpOptions(ctx, req);
  const result = await ctx.http.requestJson(options, forTransport(schema));
  const code = (result.data as { code?: unknown } | null)?.code;
  const numeric = typeof code === 'number' ? code : typeof code === 'string' && /^\d+$/.test(code) ? Number(code) : undefined;
  if (numeric !== undefined && numeric >= 300) {
    const message = (result.data as { message?: unknown }).message;
    throw new WcsServiceError({
      statusCode: numeric,
      requestId: result.response.requestId,
      serviceCode: code as string | number,
      // Masked as the transport masks error bodies: a service may quote the token it refused.
      serviceMessage: typeof message === 'string' ? redactText(message) : undefined,
      fault: numeric >= 500 ? 'server' : 'client',
      retryable: false,
      method: req.method,
      url: stripQuery(options.url),
    });
  }
  return result;
}

/** A `code` field: WCS sends `"200"` or `200` depending on the endpoint (§1.2, §12.12). */
export const WireCode = z.union([z.number(), z.string()]);

/** A whole number sent as a JSON number or as a numeric string (§5.3, §5.4). */
export const WireNumber = z.union([z.number(), z.pipe(z.string().check(z.trim(), z.regex(/^-?\d+(\.\d+)?$/, 'expected a number')), z.transform(Number))]);

/** An optional text field; the empty string (how WCS says "none") becomes undefined. */
export const WireOptionalText = z.pipe(
  z.nullish(z.string()),
  z.transform((v: string | null | undefined) => (v === null || v === undefined || v === '' ? undefined : v)),
);
