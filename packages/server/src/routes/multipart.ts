import busboy from 'busboy';
import { unlink } from 'node:fs/promises';
import { WcsHttpError, badRequest, refuseAndClose } from '../errors.js';
import type { RequestContext } from '../http.js';
import { SpoolLimitError, spoolToFile, type SpoolResult } from '../spool.js';
import { isStorageFailure, storageError } from '../store/storage-error.js';

export interface UploadedFilePart {
  path: string;
  filename: string;
  spool: SpoolResult;
}

export interface ParseUploadFormOptions {
  /**
   * Called with the `token` field when it arrives before the file part (the usual order): a
   * WcsHttpError it throws refuses the upload at once, the rest of the body unread; the `fileLimit`
   * it returns stops the file part as soon as it grows past that many bytes (`fileLimitError`).
   */
  onEarlyToken?: (token: string) => { fileLimit?: number | undefined };
  fileLimitError?: (limit: number) => WcsHttpError;
}

export interface ParsedUploadForm {
  fields: Map<string, string>;
  file?: UploadedFilePart;
}

const MAX_FIELD_BYTES = 1024 * 1024;

/**
 * Parses a multipart/form-data upload, streaming the `file` part to a temp file while hashing.
 * Fields may come before or after the file (Node sends `x:` fields after it: wcs-api.md §4.1,
 * §12.21), so apart from `options.onEarlyToken` nothing is decided until the whole body has been
 * read.
 * @throws WcsHttpError 400 on a non-multipart or malformed body, a second file, or oversized fields.
 */
export async function parseUploadForm(ctx: RequestContext, options: ParseUploadFormOptions = {}): Promise<ParsedUploadForm> {
  let bb: busboy.Busboy;
  // busboy also parses urlencoded forms; uploads must be multipart (wcs-api.md §4.1).
  if (!/^multipart\/form-data\s*;/i.test(ctx.req.headers['content-type'] ?? '')) {
    ctx.body.resume();
    throw badRequest('expected a multipart/form-data body');
  }
  try {
    bb = busboy({
      headers: ctx.req.headers,
      limits: { files: 1, fields: 1000, parts: 1001, fieldSize: MAX_FIELD_BYTES, fieldNameSize: 1000 },
    });
  } catch (e) {
    ctx.body.resume();
    throw badRequest(`expected a multipart/form-data body: ${(e as Error).message}`);
  }
  const fields = new Map<string, string>();
  let file: UploadedFilePart | undefined;
  let spooling: Promise<void> | undefined;
  let failure: WcsHttpError | undefined;
  let partCount = 0;
  let fileStarted = false;
  let fileLimit: number | undefined;
  const fail = (e: WcsHttpError): void => {
    failure ??= e;
  };
  const cleanup = async (): Promise<void> => {
    await spooling?.catch(() => undefined);
    if (file !== undefined) await unlink(file.path).catch(() => undefined);
  };

  return new Promise<ParsedUploadForm>((resolve, reject) => {
    let settled = false;
    const finishWithError = (e: WcsHttpError): void => {
      if (settled) return;
      settled = true;
      ctx.body.unpipe(bb);
      if (!e.closeConnection) ctx.body.resume();
      void cleanup().then(() => reject(e));
    };
    bb.on('field', (name, value, info) => {
      partCount += 1;
      if (info.nameTruncated || info.valueTruncated) fail(badRequest(`form field ${name} exceeds ${MAX_FIELD_BYTES} bytes`));
      else if (fields.has(name)) fail(badRequest(`duplicate form field: ${name}`));
      else {
        fields.set(name, value);
        if (name === 'token' && !fileStarted && options.onEarlyToken !== undefined) {
          try {
            fileLimit = options.onEarlyToken(value).fileLimit;
          } catch (e) {
            if (!(e instanceof WcsHttpError)) throw e;
            finishWithError(refuseAndClose(e));
          }
        }
      }
    });
    bb.on('file', (name, stream, info) => {
      partCount += 1;
      fileStarted = true;
      // Already refused (busboy goes on with the chunk it was parsing): nothing is spooled.
      if (settled) {
        stream.resume();
        return;
      }
      if (name !== 'file') {
        fail(badRequest(`unexpected file part "${name}"; the file part must be named "file"`));
        stream.resume();
        return;
      }
      const path = ctx.state.store.newTempPath();
      const limit = fileLimit;
      spooling = spoolToFile(stream, path, limit === undefined ? {} : { limit, failOverLimit: true }).then(
        (spool) => {
          file = { path, filename: info.filename ?? '', spool };
        },
        async (e: unknown) => {
          await unlink(path).catch(() => undefined);
          if (e instanceof SpoolLimitError && options.fileLimitError !== undefined) {
            finishWithError(refuseAndClose(options.fileLimitError(e.limit)));
            return;
          }
          // A full or failing disk answers at once (5xx, no server path in it) and closes the
          // connection: waiting for the rest of the body would stall the client for minutes.
          if (isStorageFailure(e)) {
            finishWithError(refuseAndClose(storageError(e, 'receive the upload')));
            return;
          }
          fail(badRequest(`malformed multipart body: ${(e as Error).message}`));
        },
      );
    });
    bb.on('filesLimit', () => fail(badRequest('only one file part is allowed')));
    bb.on('fieldsLimit', () => fail(badRequest('too many form fields')));
    bb.on('partsLimit', () => fail(badRequest('too many form parts')));
    bb.on('error', (e: unknown) => finishWithError(badRequest(`malformed multipart body: ${(e as Error).message}`)));
    ctx.body.on('error', (e: Error) => finishWithError(new WcsHttpError(400, `request aborted: ${e.message}`)));
    bb.on('close', () => {
      void (async () => {
        await spooling;
        if (settled) return;
        if (partCount === 0) fail(badRequest('malformed multipart body: no parts found'));
        if (failure !== undefined) {
          finishWithError(failure);
          return;
        }
        settled = true;
        resolve(file === undefined ? { fields } : { fields, file });
      })();
    });
    ctx.body.pipe(bb);
  });
}
