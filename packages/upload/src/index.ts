/**
 * `@wcs/upload`: normal, stream-address, multipart (resumable) and smart upload to Wangsu Cloud
 * Storage (wcs-api.md §4). Every function takes a `WcsContext` (`createWcsContext(config)` from
 * `@wcs/core`; the upload host is `config.putUrl`) and one params object.
 *
 * @packageDocumentation
 */
export { createUploadTokenFor } from './create-upload-token-for.js';
export { multipartStreamUpload } from './multipart-stream-upload.js';
export { multipartUpload } from './multipart-upload.js';
export { simpleUpload } from './simple-upload.js';
export { DEFAULT_SMART_THRESHOLD_BYTES, smartUpload } from './smart-upload.js';
export { streamUpload } from './stream-upload.js';
export { createUploadId } from './upload-id.js';
export type {
  CreateUploadTokenForParams,
  MultipartStreamSource,
  MultipartStreamUploadOptions,
  MultipartStreamUploadParams,
  MultipartUploadOptions,
  MultipartUploadParams,
  MultipartUploadResult,
  SimpleUploadParams,
  SmartUploadParams,
  StreamUploadParams,
  UploadOptions,
  UploadProgress,
  UploadResult,
  UploadSource,
  UploadTarget,
} from './upload-options.js';
