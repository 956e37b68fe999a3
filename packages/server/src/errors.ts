/**
 * An error that becomes a WCS-shaped JSON answer: `{"code": <status>, "message": "…"}` with the same
 * HTTP status (wcs-api.md §1.2, §10.1).
 */
export class WcsHttpError extends Error {
  override name = 'WcsHttpError';
  /**
   * Answer and close the connection without reading the rest of the request body (a refused
   * upload must not be received in full). Set by {@link refuseAndClose}.
   */
  closeConnection = false;
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

/** Marks `e` to be answered at once and the connection closed, the rest of the body unread. */
export function refuseAndClose(e: WcsHttpError): WcsHttpError {
  e.closeConnection = true;
  return e;
}
