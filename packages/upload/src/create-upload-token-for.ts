import { createUploadToken, putPolicyFromConfig, type PutPolicy } from '@wcs/auth';
import type { WcsContext } from '@wcs/core';
import type { UploadTarget } from './upload-options.js';

/**
 * An upload token for `target`: the config's policy fields (py3 order, wcs-api.md §2.1) with
 * `policy` over them, signed with the config's keys; the deadline is `config.tokenDeadlineSeconds`
 * from now unless `policy.deadline` is given.
 */
export function createUploadTokenFor(ctx: WcsContext, target: UploadTarget, policy?: Partial<PutPolicy>): string {
  const { config } = ctx;
  const built = putPolicyFromConfig(config, { bucket: target.bucket, key: target.key }, policy);
  return createUploadToken(built, {
    credentials: { accessKey: config.accessKey, secretKey: config.secretKey },
    deadlineSeconds: config.tokenDeadlineSeconds,
    ...(ctx.now ? { now: ctx.now } : {}),
  });
}
