/** Public package surface: the app factory for embedding and tests, config and the error registry. */
export { buildApp } from './app.js';
export { loadConfig, type Config } from './config.js';
export { ERRORS, AppError, type ErrorCode } from './errors.js';
export { openHub, serve } from './server.js';
