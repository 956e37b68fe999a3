import type { PutPolicy } from '@wcs/auth';
import type { WcsContext } from '@wcs/core';
import { createUploadTokenFor } from './create-upload-token-for.js';
import type { UploadTarget } from './upload-options.js';

/** A fresh token is minted when less than this share of the token's lifetime is left… */
const REFRESH_FRACTION = 0.25;
/** …or less than this, whichever is smaller: enough for one slow request to start. */
const MAX_REFRESH_MARGIN_MS = 10 * 60 * 1000;

/**
 * The upload token of one long upload, minted again before it expires (issue 10 item 15): an
 * upload that outlives `config.tokenDeadlineSeconds` (7200 s by default) would otherwise fail
 * part-way with 401. The service checks the token when a request starts, so each request asks
 * for the token just before it is sent; a request that starts inside the margin gets a new one.
 *
 * A caller-fixed deadline (`policy.deadline`, absolute ms) is kept as given: the caller chose it.
 */
export class UploadTokenSource {
  readonly #ctx: WcsContext;
  readonly #target: UploadTarget;
  readonly #policy: Partial<PutPolicy> | undefined;
  readonly #lifetimeMs: number;
  #token: string;
  #refreshAt: number;
  #minted = 0;

  constructor(ctx: WcsContext, target: UploadTarget, policy?: Partial<PutPolicy>) {
    this.#ctx = ctx;
    this.#target = target;
    this.#policy = policy;
    this.#lifetimeMs = ctx.config.tokenDeadlineSeconds * 1000;
    this.#token = '';
    this.#refreshAt = 0;
    this.#mint();
  }

  /** How many tokens were minted (1 unless the upload ran close to a deadline). */
  get minted(): number {
    return this.#minted;
  }

  /** The token to send now. */
  current(): string {
    if (this.#policy?.deadline === undefined && this.#now() >= this.#refreshAt) this.#mint();
    return this.#token;
  }

  #now(): number {
    return (this.#ctx.now ?? Date.now)();
  }

  #mint(): void {
    const now = this.#now();
    this.#token = createUploadTokenFor(this.#ctx, { ...this.#target, ...(this.#policy ? { policy: this.#policy } : {}) });
    this.#refreshAt = now + this.#lifetimeMs - Math.min(this.#lifetimeMs * REFRESH_FRACTION, MAX_REFRESH_MARGIN_MS);
    this.#minted++;
  }
}
