import { WcsInvalidArgumentError } from '@wcs/core';

/**
 * @throws WcsInvalidArgumentError unless `params` is an object: a JavaScript caller of the
 * positional form (`simpleUpload(ctx, path, { bucket })`) is told the params shape instead of
 * meeting a confusing error further in.
 */
export function checkParams(params: unknown, usage: string): void {
  // Bytes and streams are objects too: the first argument of the old positional form.
  const isSource = (p: object) => p instanceof Uint8Array || typeof (p as { pipe?: unknown }).pipe === 'function' || Symbol.asyncIterator in p;
  if (params === null || typeof params !== 'object' || isSource(params)) {
    throw new WcsInvalidArgumentError(`${usage.slice(0, usage.indexOf('('))} takes one params object: ${usage}.`);
  }
}
