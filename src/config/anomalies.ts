/**
 * The anomaly thresholds (docs/balance.md "Anomalies"). The windows without a variable (on-time 7 days
 * against the 28 before, webhooks over the last hour, creations over the last hour against the 24 before)
 * are part of the rules and fixed here.
 */
import type { EnvReader } from './env.js';

export interface AnomaliesConfig {
  readonly stuckHours: number;
  readonly rollupAbove: number;
  readonly rollupSample: number;
  readonly onTimeRecentDays: number;
  readonly onTimeBaselineDays: number;
  readonly onTimeDropPoints: number;
  readonly onTimeMinDeliveries: number;
  readonly webhookFailurePercent: number;
  readonly webhookMinAttempts: number;
  readonly authWindowMinutes: number;
  readonly authFailuresPerIp: number;
  readonly authFailuresPerKey: number;
  readonly rateLimitWindowMinutes: number;
  readonly rateLimitRefusals: number;
  readonly volumeZ: number;
  readonly volumeMin: number;
}

export function loadAnomaliesConfig(env: EnvReader): AnomaliesConfig {
  return {
    stuckHours: env.int('ANOMALY_STUCK_HOURS', 48, 1, 24 * 90),
    rollupAbove: env.int('ANOMALY_ROLLUP_ABOVE', 20, 1, 1000),
    rollupSample: 10,
    onTimeRecentDays: 7,
    onTimeBaselineDays: 28,
    onTimeDropPoints: env.num('ANOMALY_ON_TIME_DROP_POINTS', 20, 1, 100),
    onTimeMinDeliveries: env.int('ANOMALY_ON_TIME_MIN_DELIVERIES', 10, 1, 100_000),
    webhookFailurePercent: env.num('ANOMALY_WEBHOOK_FAILURE_PERCENT', 5, 0, 100),
    webhookMinAttempts: env.int('ANOMALY_WEBHOOK_MIN_ATTEMPTS', 20, 1, 1_000_000),
    authWindowMinutes: env.int('ANOMALY_AUTH_WINDOW_MINUTES', 15, 1, 1440),
    authFailuresPerIp: env.int('ANOMALY_AUTH_FAILURES_PER_IP', 20, 1, 1_000_000),
    authFailuresPerKey: env.int('ANOMALY_AUTH_FAILURES_PER_KEY', 10, 1, 1_000_000),
    rateLimitWindowMinutes: env.int('ANOMALY_RATE_LIMIT_WINDOW_MINUTES', 15, 1, 1440),
    rateLimitRefusals: env.int('ANOMALY_RATE_LIMIT_REFUSALS', 100, 1, 100_000_000),
    volumeZ: env.num('ANOMALY_VOLUME_Z', 3, 0.5, 100),
    volumeMin: env.int('ANOMALY_VOLUME_MIN', 20, 1, 1_000_000),
  };
}
