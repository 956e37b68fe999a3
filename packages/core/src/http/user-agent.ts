import { SDK_VERSION } from '../constants.js';

/** `wcs-ts/<version> (Node.js <version>; <platform>)`, optionally prefixed by the calling tool. */
export function createUserAgent(product?: string): string {
  const base = `wcs-ts/${SDK_VERSION} (Node.js ${process.version}; ${process.platform})`;
  return product ? `${product} ${base}` : base;
}
