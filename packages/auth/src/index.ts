/**
 * `@wcs/auth`: upload-token and manage-token signing for Wangsu Cloud Storage, byte-exact to
 * wcs-api.md §2 (and to the Python SDK / `wcscmd` when the Python serialisation is used).
 *
 * @example
 * import { createUploadToken, createManageAuthorizer } from '@wcs/auth';
 * const credentials = { accessKey: 'ak-example', secretKey: 'sk-example' };
 * const uploadToken = createUploadToken({ scope: 'mybucket:hello.txt' }, { credentials });
 * const authorize = createManageAuthorizer(credentials); // for @wcs/core's HTTP client
 */
export { assertCredentials, signData, type Credentials } from './credentials.js';
export {
  parsePutPolicy,
  putPolicyFromConfig,
  serializePolicyPython,
  type PutPolicy,
  type PutPolicyInput,
} from './put-policy.js';
export {
  createUploadToken,
  parseUploadToken,
  DEFAULT_UPLOAD_TOKEN_DEADLINE_SECONDS,
  type ParsedUploadToken,
  type UploadTokenOptions,
} from './upload-token.js';
export { createManageToken, createManageAuthorizer, type ManageTokenRequest } from './manage-token.js';
export { verifyCallbackSignature, type VerifyCallbackSignatureOptions } from './callback-signature.js';
