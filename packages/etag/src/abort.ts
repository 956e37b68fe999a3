/** Error thrown when an operation is cancelled through an `AbortSignal`, shaped like Node's own. */
export interface AbortError extends Error {
  readonly name: 'AbortError';
  readonly code: 'ABORT_ERR';
}

/**
 * Builds the error thrown on abort. Node's internal `AbortError` is not exported, so we mirror
 * its shape (`name`, `code`, `cause` = the signal's reason) so callers can test either field.
 */
export function createAbortError(signal?: AbortSignal): AbortError {
  const error = new Error('The operation was aborted', { cause: signal?.reason }) as Error & {
    code?: string;
  };
  error.name = 'AbortError';
  error.code = 'ABORT_ERR';
  return error as AbortError;
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw createAbortError(signal);
}

/** Error with a Node-style `code`; this package must not depend on @wcs/core's hierarchy. */
export function createCodedError<C extends string>(
  code: C,
  message: string,
  ErrorClass: new (message: string) => Error = Error,
): Error & { code: C } {
  const error = new ErrorClass(message) as Error & { code: C };
  error.code = code;
  return error;
}
