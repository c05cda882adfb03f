import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './index.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected loadConfig to throw a ConfigError');
}

describe('metrics settings', () => {
  it('default: collected, served nowhere (no token, no internal listener), listener host loopback', () => {
    expect(loadConfig({}).metrics).toEqual({ enabled: true, token: undefined, port: undefined, host: '127.0.0.1' });
  });

  it('reads METRICS_TOKEN, METRICS_PORT, METRICS_HOST and METRICS_ENABLED', () => {
    const c = loadConfig({ METRICS_TOKEN: 'a-token-of-16-ch', METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0', METRICS_ENABLED: 'off' });
    expect(c.metrics).toEqual({ enabled: false, token: 'a-token-of-16-ch', port: 9464, host: '0.0.0.0' });
    expect(loadConfig({ METRICS_PORT: '0' }).metrics.port).toBe(0);
  });

  it('refuses a short token, a port out of range and a non-boolean switch, all at once', () => {
    expect(problemsOf({ METRICS_TOKEN: 'fifteen-chars-x', METRICS_PORT: '65536', METRICS_ENABLED: 'maybe' })).toEqual([
      'METRICS_ENABLED must be true or false (got "maybe")',
      'METRICS_TOKEN must be at least 16 characters',
      'METRICS_PORT must be an integer between 0 and 65535 (got "65536")',
    ]);
  });
});
