import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { createWcsContext, type WcsConfig, type WcsContext } from '@wcs/core';
import { simpleUpload } from '@wcs/upload/simple';
import type { CliClient } from './cli-client.js';

/** Files up to this size are read whole before the upload: one read from the file, and one piece for the upload. */
const SMALL_FILE_BYTES = 256 * 1024;

/**
 * The bytes of a small regular file, read at once and synchronously; undefined for a larger file
 * or when it cannot be read here (the upload then streams the path and reports any error itself).
 * `put` of a small file is one request: a stream opening and reading the file through the thread
 * pool would add several round trips before the first byte is sent. Same bytes, same form, same
 * retries (bytes are sent again from the start, as a file is).
 */
function smallFileBytes(path: string): Buffer | undefined {
  let fd: number;
  try {
    // O_NONBLOCK: never wait on a FIFO put in the file's place since it was checked.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile() || info.size > SMALL_FILE_BYTES) return undefined;
    // One byte more than the size: a file that grew since is left to the streamed upload.
    const buffer = Buffer.allocUnsafe(info.size + 1);
    let length = 0;
    while (length < buffer.length) {
      const n = readSync(fd, buffer, length, buffer.length - length, length);
      if (n === 0) break;
      length += n;
    }
    return length === info.size ? buffer.subarray(0, length) : undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * The two upload calls of the {@link CliClient} port, straight to `@wcs/upload` (as WcsClient's
 * methods call it). A module of its own, imported on first use, so that `put` and `multiput` load
 * neither `@wcs/manage` nor the SDK. The normal upload comes from the `@wcs/upload/simple` entry,
 * imported statically (one chunk to load, not two in a row); the multipart code is imported when
 * `multiput` runs, so `put` does not load it (esbuild splits chunks by import edges, and the
 * package index reaches the multipart and resume modules).
 */
export function uploadCalls(context: () => WcsContext): Pick<CliClient, 'simpleUpload' | 'multipartUpload'> {
  return {
    simpleUpload: async (params) =>
      simpleUpload(context(), { ...params, source: typeof params.source === 'string' ? (smallFileBytes(params.source) ?? params.source) : params.source }),
    multipartUpload: async (params) => (await import('@wcs/upload')).multipartUpload(context(), params),
  };
}

/** The upload calls alone, for `put` and `multiput`, with a context built as WcsClient builds its own. */
export function createUploadClient(config: WcsConfig): Pick<CliClient, 'simpleUpload' | 'multipartUpload'> {
  let ctx: WcsContext | undefined;
  return uploadCalls(() => (ctx ??= createWcsContext(config)));
}
