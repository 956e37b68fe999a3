/**
 * `@wcs/upload/simple`: the normal upload alone. Same function as the package index's; this entry
 * exists so a bundler that splits code by import edges (esbuild, for wcscmd) can give a one-file
 * `put` a chunk without the multipart and resume code that the index also reaches (issue 11).
 */
export { simpleUpload } from './simple-upload.js';
export type { SimpleUploadParams, UploadOptions, UploadResult, UploadSource, UploadTarget } from './upload-options.js';
