import { describe, expect, it } from 'vitest';
import { loadAlertsConfig } from './alerts.js';
import { envReader } from './env.js';

const load = (env: Record<string, string>) => {
  const problems: string[] = [];
  const config = loadAlertsConfig(envReader(env, problems));
  return { config, problems };
};
const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;

describe('loadAlertsConfig', () => {
  it("defaults to the specification's thresholds over a 5-minute window, evaluated every 30 s, no webhook", () => {
    expect(load({})).toEqual({
      problems: [],
      config: {
        evaluateSeconds: 30,
        windowMinutes: 5,
        errorRatePercent: 1,
        slowP95Ms: 1000,
        minRequests: 100,
        webhookFailurePercent: 5,
        webhookMinAttempts: 20,
        rateLimitRefusals: 60,
        authFailuresPerIp: 20,
        authFailuresPerKey: 10,
        dbSlowMs: 500,
        webhookUrl: undefined,
        webhookSecret: undefined,
      },
    });
  });

  it('takes a webhook URL with a Standard Webhooks secret', () => {
    const { config, problems } = load({ ALERT_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/x', ALERT_WEBHOOK_SECRET: SECRET });
    expect(problems).toEqual([]);
    expect(config.webhookUrl).toBe('https://hooks.slack.com/services/T/B/x');
    expect(config.webhookSecret).toBe(SECRET);
  });

  it('refuses a URL without a secret, a secret not in whsec_ form or of the wrong size, and thresholds out of range', () => {
    expect(load({ ALERT_WEBHOOK_URL: 'https://example.com/h' }).problems).toEqual(['ALERT_WEBHOOK_SECRET is required when ALERT_WEBHOOK_URL is set']);
    const bad = 'ALERT_WEBHOOK_SECRET must be "whsec_" followed by base64 of 24–64 bytes (a Standard Webhooks secret)';
    expect(load({ ALERT_WEBHOOK_SECRET: 'plain-password-1234567890-abcdefgh' }).problems).toEqual([bad]);
    expect(load({ ALERT_WEBHOOK_SECRET: `whsec_${Buffer.alloc(16).toString('base64')}` }).problems).toEqual([bad]);
    expect(load({ ALERT_WEBHOOK_URL: 'ftp://example.com/h', ALERT_WEBHOOK_SECRET: SECRET }).problems).toHaveLength(1);
    expect(load({ ALERT_ERROR_RATE_PERCENT: '101', ALERT_EVALUATE_SECONDS: '1' }).problems).toHaveLength(2);
  });
});
