/**
 * Public package surface: the app factory for embedding and tests, config and the error registry,
 * and, for partners receiving our webhooks, `verifyWebhook` (signature + 5-minute timestamp window).
 */
export { buildApp } from './app.js';
export { loadConfig, type Config } from './config/index.js';
export { ERRORS, AppError, type ErrorCode } from './errors.js';
export { openHub, serve } from './server.js';
export {
  verifyWebhook,
  WebhookVerificationError,
  DEFAULT_TOLERANCE_SECONDS,
  type IncomingHeaders,
  type VerifyOptions,
  type WebhookVerificationErrorCode,
} from './modules/webhooks/verify.js';
export type { WebhookPayload } from './modules/webhooks/payload.js';
