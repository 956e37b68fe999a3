/**
 * An error that becomes a WCS-shaped JSON answer: `{"code": <status>, "message": "…"}` with the same
 * HTTP status (wcs-api.md §1.2, §10.1).
 */
export class WcsHttpError extends Error {
  override name = 'WcsHttpError';
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string): WcsHttpError => new WcsHttpError(400, message);
export const unauthorized = (message: string): WcsHttpError => new WcsHttpError(401, message);
export const notFound = (message = 'file not exist'): WcsHttpError => new WcsHttpError(404, message);
export const noSuchBucket = (bucket: string): WcsHttpError =>
  new WcsHttpError(631, `bucket does not exist: ${bucket}`);
/** 701: chunk/ctx verification error (wcs-api.md §10.1). */
export const badCtx = (message: string): WcsHttpError => new WcsHttpError(701, message);
