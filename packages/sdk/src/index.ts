/**
 * @haechi/sdk: a typed client for Haechi's public API, for platforms (screening, keys, the banks'
 * delta feed), and an upload-screening middleware for Node web servers.
 */
export {
  HaechiApiError,
  HaechiClient,
  type ApiKey,
  type DeltaPage,
  type HaechiClientOptions,
  type ScreenBatchRequest,
  type ScreenBatchResult,
  type ScreenResult,
  type StoredScreening,
  type SubmittedHashes,
} from './haechi-client.js';
export {
  screenUploads,
  type ScreenedRequest,
  type ScreeningMiddlewareOptions,
} from './screening-middleware.js';
export type { components, paths } from './openapi-types.js';
export { verifyHaechiSignature } from './verify-webhook.js';
