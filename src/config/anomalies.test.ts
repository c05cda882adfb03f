import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './index.js';

describe('anomaly thresholds', () => {
  it('default to the documented values', () => {
    expect(loadConfig({}).anomalies).toEqual({
      stuckHours: 48,
      rollupAbove: 20,
      rollupSample: 10,
      onTimeRecentDays: 7,
      onTimeBaselineDays: 28,
      onTimeDropPoints: 20,
      onTimeMinDeliveries: 10,
      webhookFailurePercent: 5,
      webhookMinAttempts: 20,
      authWindowMinutes: 15,
      authFailuresPerIp: 20,
      authFailuresPerKey: 10,
      rateLimitWindowMinutes: 15,
      rateLimitRefusals: 100,
      volumeZ: 3,
      volumeMin: 20,
    });
  });

  it('read their variables', () => {
    const a = loadConfig({
      ANOMALY_STUCK_HOURS: '24',
      ANOMALY_ROLLUP_ABOVE: '5',
      ANOMALY_ON_TIME_DROP_POINTS: '12.5',
      ANOMALY_ON_TIME_MIN_DELIVERIES: '30',
      ANOMALY_WEBHOOK_FAILURE_PERCENT: '2.5',
      ANOMALY_WEBHOOK_MIN_ATTEMPTS: '50',
      ANOMALY_AUTH_WINDOW_MINUTES: '5',
      ANOMALY_AUTH_FAILURES_PER_IP: '40',
      ANOMALY_AUTH_FAILURES_PER_KEY: '8',
      ANOMALY_RATE_LIMIT_WINDOW_MINUTES: '10',
      ANOMALY_RATE_LIMIT_REFUSALS: '250',
      ANOMALY_VOLUME_Z: '4',
      ANOMALY_VOLUME_MIN: '100',
    }).anomalies;
    expect(a).toMatchObject({
      stuckHours: 24,
      rollupAbove: 5,
      onTimeDropPoints: 12.5,
      onTimeMinDeliveries: 30,
      webhookFailurePercent: 2.5,
      webhookMinAttempts: 50,
      authWindowMinutes: 5,
      authFailuresPerIp: 40,
      authFailuresPerKey: 8,
      rateLimitWindowMinutes: 10,
      rateLimitRefusals: 250,
      volumeZ: 4,
      volumeMin: 100,
    });
  });

  it('refuse bad values, all listed', () => {
    let problems: string[] = [];
    try {
      loadConfig({ ANOMALY_STUCK_HOURS: '0', ANOMALY_VOLUME_Z: 'x', ANOMALY_ROLLUP_ABOVE: '2.5' });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      problems = (err as ConfigError).problems;
    }
    expect(problems).toEqual([
      expect.stringMatching(/^ANOMALY_STUCK_HOURS must be an integer between 1 and 2160/),
      expect.stringMatching(/^ANOMALY_ROLLUP_ABOVE must be an integer between 1 and 1000/),
      expect.stringMatching(/^ANOMALY_VOLUME_Z must be a number between 0.5 and 100/),
    ]);
  });
});
