import { createUploadToken, putPolicyFromConfig } from '@wcs/auth';
import type { WcsContext } from '@wcs/core';
import { checkParams } from './check-params.js';
import type { CreateUploadTokenForParams } from './upload-options.js';

/**
 * An upload token (wcs-api.md §2.1) signed with the context's keys: the config's policy fields in
 * py3 order, `params.policy` over them, `scope` = `bucket` or `bucket:key`, deadline
 * `config.tokenDeadlineSeconds` from now (`ctx.now`) unless `policy.deadline` (absolute ms) is given.
 *
 * @param ctx from `createWcsContext(config)` (`@wcs/core`)
 * @param params `bucket`, `key` (scope `bucket:key` when given) and `policy` fields over the config's
 * @throws WcsConfigError (`ERR_WCS_CONFIG`) when a key is missing
 * @throws WcsInvalidArgumentError (`ERR_WCS_INVALID_ARGUMENT`) for an empty bucket or a bad policy field
 * @example
 * const token = createUploadTokenFor(ctx, { bucket: 'images', key: 'a.jpg', policy: { overwrite: 1 } });
 */
export function createUploadTokenFor(ctx: WcsContext, params: CreateUploadTokenForParams): string {
  checkParams(params, 'createUploadTokenFor(ctx, { bucket, key?, policy? })');
  const { config } = ctx;
  const built = putPolicyFromConfig(config, { bucket: params.bucket, key: params.key }, params.policy);
  return createUploadToken(built, {
    credentials: { accessKey: config.accessKey, secretKey: config.secretKey },
    deadlineSeconds: config.tokenDeadlineSeconds,
    ...(ctx.now ? { now: ctx.now } : {}),
  });
}
