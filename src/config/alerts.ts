/**
 * The operational alert settings (docs/alerts.md): the sliding window and the spec's thresholds as
 * defaults, how often the evaluator runs, and where opened and resolved alerts are posted.
 */
import type { EnvReader } from './env.js';

export interface AlertsConfig {
  readonly evaluateSeconds: number;
  readonly windowMinutes: number;
  readonly errorRatePercent: number;
  readonly slowP95Ms: number;
  readonly minRequests: number;
  readonly webhookFailurePercent: number;
  readonly webhookMinAttempts: number;
  readonly rateLimitRefusals: number;
  readonly authFailuresPerIp: number;
  readonly authFailuresPerKey: number;
  readonly dbSlowMs: number;
  /** Slack-compatible incoming webhook; undefined: alerts are only stored. */
  readonly webhookUrl: string | undefined;
  /** `whsec_…` (Standard Webhooks): the alert posts are signed with it. */
  readonly webhookSecret: string | undefined;
}

const SECRET = /^whsec_[A-Za-z0-9+/]+={0,2}$/;

export function loadAlertsConfig(env: EnvReader): AlertsConfig {
  const webhookUrl = env.url('ALERT_WEBHOOK_URL', ['http:', 'https:']);
  const webhookSecret = env.str('ALERT_WEBHOOK_SECRET');
  if (webhookSecret !== undefined) {
    const bytes = SECRET.test(webhookSecret) ? Buffer.from(webhookSecret.slice(6), 'base64').length : 0;
    if (bytes < 24 || bytes > 64) env.problem('ALERT_WEBHOOK_SECRET must be "whsec_" followed by base64 of 24–64 bytes (a Standard Webhooks secret)');
  }
  if (webhookUrl !== undefined && webhookSecret === undefined) env.problem('ALERT_WEBHOOK_SECRET is required when ALERT_WEBHOOK_URL is set');
  return {
    evaluateSeconds: env.int('ALERT_EVALUATE_SECONDS', 30, 5, 3600),
    windowMinutes: env.int('ALERT_WINDOW_MINUTES', 5, 1, 1440),
    errorRatePercent: env.num('ALERT_ERROR_RATE_PERCENT', 1, 0, 100),
    slowP95Ms: env.int('ALERT_SLOW_P95_MS', 1000, 1, 600_000),
    minRequests: env.int('ALERT_MIN_REQUESTS', 100, 1, 100_000_000),
    webhookFailurePercent: env.num('ALERT_WEBHOOK_FAILURE_PERCENT', 5, 0, 100),
    webhookMinAttempts: env.int('ALERT_WEBHOOK_MIN_ATTEMPTS', 20, 1, 100_000_000),
    rateLimitRefusals: env.int('ALERT_RATE_LIMIT_REFUSALS', 60, 1, 100_000_000),
    authFailuresPerIp: env.int('ALERT_AUTH_FAILURES_PER_IP', 20, 1, 1_000_000),
    authFailuresPerKey: env.int('ALERT_AUTH_FAILURES_PER_KEY', 10, 1, 1_000_000),
    dbSlowMs: env.int('ALERT_DB_SLOW_MS', 500, 1, 600_000),
    webhookUrl,
    webhookSecret,
  };
}
