/**
 * The one registry of application errors. Every error the API can answer with is here, with its
 * HTTP status and a message template (`%s` placeholders). `docs/errors.md` lists each code; a test
 * keeps the two in step.
 */
import { CARRIER_CODES } from './carriers/carriers.js';

export const ERRORS = {
  VALIDATION_FAILED: { status: 400, message: 'Request validation failed: %s' },
  INVALID_JSON: { status: 400, message: 'Request body is not valid JSON' },
  DUPLICATE_TRACKING_NUMBER: { status: 400, message: 'Tracking number %s already exists' },
  INVALID_ID: { status: 400, message: 'Malformed identifier %s' },
  INVALID_AWB: { status: 400, message: 'AWB %s is not a valid airway bill number' },
  COURIER_REQUIRED: { status: 400, message: `Cannot tell the carrier of AWB %s from its pattern; pass ?courier=${CARRIER_CODES.join('|')}` },
  CALLBACK_INVALID: { status: 400, message: 'Callback refused: %s' },
  WEBHOOK_URL_REJECTED: { status: 400, message: 'Webhook URL refused: %s' },
  INVALID_CREDENTIALS: { status: 401, message: 'Invalid API key or secret' },
  TOKEN_MISSING: { status: 401, message: 'Missing bearer token' },
  TOKEN_INVALID: { status: 401, message: 'Invalid bearer token' },
  TOKEN_EXPIRED: { status: 401, message: 'Bearer token has expired' },
  API_KEY_REVOKED: { status: 401, message: 'API key has been revoked' },
  COMPANY_SUSPENDED: { status: 401, message: 'Company is not active' },
  CALLBACK_UNAUTHORIZED: { status: 401, message: 'Callback caller not authenticated' },
  ADMIN_INVALID_CREDENTIALS: { status: 401, message: 'Invalid email or password' },
  METRICS_UNAUTHORIZED: { status: 401, message: 'Metrics need the bearer token METRICS_TOKEN' },
  FILE_LINK_INVALID: { status: 403, message: 'This download link is not valid' },
  CSRF_TOKEN_INVALID: { status: 403, message: 'Missing or wrong X-CSRF-Token for this session' },
  NOT_ASSIGNED_COMPANY: { status: 403, message: 'Only the company the shipment is assigned to can post its status' },
  ROUTE_NOT_FOUND: { status: 404, message: 'Route %s %s not found' },
  SHIPMENT_NOT_FOUND: { status: 404, message: 'Shipment %s not found' },
  API_KEY_NOT_FOUND: { status: 404, message: 'API key %s not found' },
  COMPANY_NOT_FOUND: { status: 404, message: 'Company %s not found' },
  WEBHOOK_NOT_FOUND: { status: 404, message: 'Webhook %s not found' },
  WEBHOOK_MESSAGE_NOT_FOUND: { status: 404, message: 'Webhook message %s not found for this webhook' },
  CARRIER_AWB_NOT_FOUND: { status: 404, message: 'The carrier %s does not know AWB %s' },
  TRACKING_NOT_FOUND: { status: 404, message: 'Order %s not found' },
  ALERT_NOT_FOUND: { status: 404, message: 'Alert %s not found' },
  CALLBACK_NOT_FOUND: { status: 404, message: 'Carrier callback %s not found' },
  JOB_NOT_FOUND: { status: 404, message: 'No failed job %s in queue %s' },
  BALANCE_RUN_NOT_FOUND: { status: 404, message: 'Balance run %s not found' },
  POD_BACKFILL_NOT_FOUND: { status: 404, message: 'POD backfill run %s not found' },
  REPORT_NOT_FOUND: { status: 404, message: 'Report %s not found' },
  FILE_NOT_FOUND: { status: 404, message: 'The file of this link no longer exists' },
  SUBSCRIPTION_LINK_INVALID: { status: 404, message: 'This notification link is not valid (or its sign-up no longer exists)' },
  METRICS_NOT_EXPOSED: { status: 404, message: 'Metrics are not served on this port' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'Method not allowed' },
  INVALID_STATUS_TRANSITION: { status: 409, message: 'Cannot move shipment from %s to %s' },
  SHIPMENT_NOT_EDITABLE: { status: 409, message: 'Shipment can only be changed while pending (status is %s)' },
  CAPACITY_EXCEEDED: { status: 409, message: 'Company is at %s of %s active shipments (limit is 90%% of capacity)' },
  CARRIER_AWB_TAKEN: { status: 409, message: 'AWB %s of carrier %s is already registered by your company' },
  COMPANY_AT_CAPACITY: { status: 409, message: 'Company %s is at %s of %s active shipments (limit is 90%% of capacity) and takes no more' },
  COMPANY_NOT_ACTIVE: { status: 409, message: 'Company %s is suspended and cannot be assigned shipments' },
  CARRIER_SHIPMENT_NOT_ASSIGNABLE: { status: 409, message: 'Shipment %s travels with carrier %s and cannot be assigned to a company' },
  CALLBACK_NOT_REPLAYABLE: { status: 409, message: 'Carrier callback %s was rejected; rejected callbacks are never applied' },
  COMPANY_EMAIL_TAKEN: { status: 409, message: 'A company with email %s already exists' },
  LAST_ACTIVE_KEY: { status: 409, message: 'Cannot revoke the last active API key; create another first' },
  BALANCE_RUN_IN_PROGRESS: { status: 409, message: 'Another balance run is in progress; retry when it has finished' },
  POD_BACKFILL_RUNNING: { status: 409, message: 'POD backfill run %s is running; one runs at a time' },
  IDEMPOTENCY_KEY_IN_PROGRESS: { status: 409, message: 'A request with this Idempotency-Key is still being processed' },
  WEBHOOK_DISABLED: { status: 409, message: 'Webhook %s is disabled; re-enable it first' },
  WEBHOOK_MESSAGE_IN_PROGRESS: { status: 409, message: 'Webhook message %s is still being delivered' },
  WEBHOOK_LIMIT_REACHED: { status: 409, message: 'A company can have at most %s webhooks' },
  API_KEY_LIMIT_REACHED: { status: 409, message: 'A company can have at most %s active API keys' },
  FILE_LINK_EXPIRED: { status: 410, message: 'This download link has expired; ask for a new one' },
  SUBSCRIPTION_LINK_EXPIRED: { status: 410, message: 'This confirmation link has expired; sign up again on the tracking page' },
  SUBSCRIPTION_LIMIT_REACHED: { status: 409, message: 'This shipment has the most notification sign-ups allowed (%s)' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'Request body is larger than %s bytes' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Content-Type %s is not supported; send application/json' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, message: 'Idempotency-Key was already used with a different request' },
  RATE_LIMITED: { status: 429, message: 'Rate limit exceeded, retry in %s seconds' },
  MONTHLY_QUOTA_EXCEEDED: { status: 429, message: 'Monthly shipment quota of %s reached' },
  CARRIER_UNAVAILABLE: { status: 502, message: 'Carrier %s is unavailable: %s' },
  CARRIER_BAD_RESPONSE: { status: 502, message: 'Carrier %s answered with something we cannot use: %s' },
  CARRIER_AUTH_FAILED: { status: 502, message: 'Carrier %s refused our credentials' },
  CARRIER_TIMEOUT: { status: 504, message: 'Carrier %s did not answer in time' },
  CARRIER_CIRCUIT_OPEN: { status: 503, message: 'Carrier %s is failing; calls are paused for %s seconds' },
  CARRIER_RATE_LIMITED: { status: 503, message: 'Outbound rate limit for carrier %s reached; retry in %s seconds' },
  CARRIER_NOT_CONFIGURED: { status: 503, message: 'Carrier %s is not configured on this hub' },
  INTERNAL_ERROR: { status: 500, message: 'Internal server error' },
  SERVICE_UNAVAILABLE: { status: 503, message: 'Service is starting or shutting down' },
  DATABASE_UNAVAILABLE: { status: 503, message: 'The database is unavailable; retry in %s seconds' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

export class AppError extends Error {
  readonly statusCode: number;
  constructor(
    readonly code: ErrorCode,
    args: ReadonlyArray<string | number> = [],
    readonly details?: unknown,
    /** Extra response headers, e.g. Retry-After */
    readonly headers?: Record<string, string>,
  ) {
    super(format(ERRORS[code].message, args));
    this.name = 'AppError';
    this.statusCode = ERRORS[code].status;
  }
}

export function appError(code: ErrorCode, ...args: Array<string | number>): AppError {
  return new AppError(code, args);
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}

function format(template: string, args: ReadonlyArray<string | number>): string {
  let i = 0;
  return template.replace(/%[s%]/g, (m) => (m === '%%' ? '%' : String(args[i++] ?? '')));
}
