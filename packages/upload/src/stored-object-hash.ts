import { createManageAuthorizer } from '@wcs/auth';
import { entry, toBaseUrl, type WcsContext } from '@wcs/core';

/**
 * The etag of `bucket/key` as stored, by `GET /stat/<entry>` on the manage host (wcs-api.md §5.4),
 * or undefined when it cannot be learned (no `mgr_url`, no such object, any failure).
 *
 * Why here and not `statObject` from `@wcs/manage`: upload and manage are siblings and neither
 * may import the other; and an injected hook that only `@wcs/sdk` supplies would leave users of
 * `@wcs/upload` alone with the false 406 this check exists to fix. One idempotent GET through
 * core's transport, signed by auth's manage authorizer, is all it takes.
 */
export async function storedObjectHash(ctx: WcsContext, bucket: string, key: string, signal?: AbortSignal): Promise<string | undefined> {
  const { config } = ctx;
  try {
    const response = await ctx.http.request({
      method: 'GET',
      url: `${toBaseUrl(config.mgrUrl, config.useHttps, 'mgr_url')}/stat/${entry(bucket, key)}`,
      authorize: createManageAuthorizer({ accessKey: config.accessKey, secretKey: config.secretKey }),
      idempotent: true,
      ...(signal ? { signal } : {}),
    });
    const body = JSON.parse(response.body.toString('utf8')) as unknown;
    const hash = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)['hash'] : undefined;
    return typeof hash === 'string' && hash !== '' ? hash : undefined;
  } catch {
    // The caller then reports the service's original answer: nothing is claimed without proof.
    return undefined;
  }
}
