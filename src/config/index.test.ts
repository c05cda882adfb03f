import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './index.js';

const SECRET = 'x'.repeat(32);

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected loadConfig to throw a ConfigError');
}

describe('loadConfig', () => {
  describe('defaults (empty environment)', () => {
    const c = loadConfig({});

    it('runs in development on 127.0.0.1:3000', () => {
      expect(c.env).toBe('development');
      expect(c.http.port).toBe(3000);
      expect(c.http.host).toBe('127.0.0.1');
      expect(c.http.publicUrl).toBe('http://127.0.0.1:3000');
      expect(c.http.bodyLimit).toBe(1_048_576);
      expect(c.http.trustProxy).toBe(false);
    });

    it('uses the embedded database in ./.data, no Redis, no SMTP', () => {
      expect(c.db.url).toBeUndefined();
      expect(c.db.poolMax).toBe(10);
      expect(c.dataDir).toBe(path.resolve('.data'));
      expect(path.isAbsolute(c.dataDir)).toBe(true);
      expect(c.redisUrl).toBeUndefined();
      expect(c.mail.smtpUrl).toBeUndefined();
      expect(c.mail.from).toContain('@');
    });

    it('generates the JWT secret later, tokens live 24 h, no admin bootstrap', () => {
      expect(c.auth.jwtSecret).toBeUndefined();
      expect(c.auth.tokenTtlSeconds).toBe(86_400);
      expect(c.auth.adminEmail).toBeUndefined();
      expect(c.auth.adminPassword).toBeUndefined();
    });

    it('logs at info, keeps API logs 30 days', () => {
      expect(c.logLevel).toBe('info');
      expect(c.retention.apiLogDays).toBe(30);
    });

    it('keeps every request in the API log unless API_LOG_ENABLED says otherwise', () => {
      expect(c.apiLog.enabled).toBe(true);
      expect(loadConfig({ API_LOG_ENABLED: 'false' }).apiLog.enabled).toBe(false);
      expect(loadConfig({ API_LOG_ENABLED: 'OFF' }).apiLog.enabled).toBe(false);
      expect(() => loadConfig({ API_LOG_ENABLED: 'sometimes' })).toThrow(/API_LOG_ENABLED/);
    });

    it('is silent under NODE_ENV=test', () => {
      expect(loadConfig({ NODE_ENV: 'test' }).logLevel).toBe('silent');
      expect(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'debug' }).logLevel).toBe('debug');
    });

    it('treats blank values as unset', () => {
      const b = loadConfig({ PORT: '', HOST: '   ', DATABASE_URL: ' ', JWT_SECRET: '', ADMIN_EMAIL: '', ADMIN_PASSWORD: '  ' });
      expect(b.http.port).toBe(3000);
      expect(b.http.host).toBe('127.0.0.1');
      expect(b.db.url).toBeUndefined();
      expect(b.auth.adminEmail).toBeUndefined();
    });

    it('does not read process.env when given an env', () => {
      const saved = process.env.PORT;
      process.env.PORT = 'not-a-port';
      try {
        expect(loadConfig({}).http.port).toBe(3000);
      } finally {
        if (saved === undefined) delete process.env.PORT;
        else process.env.PORT = saved;
      }
    });
  });

  describe('reads the documented variables', () => {
    it('PORT, HOST, DATA_DIR, DATABASE_URL, REDIS_URL, JWT_SECRET, SMTP_URL, admin', () => {
      const c = loadConfig({
        NODE_ENV: 'production',
        PORT: '8080',
        HOST: '0.0.0.0',
        DATA_DIR: '/var/lib/ff',
        DATABASE_URL: 'postgres://u:p@db:5432/ff',
        REDIS_URL: 'redis://cache:6379',
        JWT_SECRET: SECRET,
        SMTP_URL: 'smtp://mail:25',
        ADMIN_EMAIL: 'ops@example.com',
        ADMIN_PASSWORD: 'correct horse',
        TRUST_PROXY: 'yes',
        DB_POOL_MAX: '20',
        LOG_LEVEL: 'warn',
      });
      expect(c.env).toBe('production');
      expect(c.http.port).toBe(8080);
      expect(c.http.host).toBe('0.0.0.0');
      expect(c.http.publicUrl).toBe('http://localhost:8080');
      expect(c.http.trustProxy).toBe(true);
      expect(c.dataDir).toBe('/var/lib/ff');
      expect(c.db.url).toBe('postgres://u:p@db:5432/ff');
      expect(c.db.poolMax).toBe(20);
      expect(c.redisUrl).toBe('redis://cache:6379');
      expect(c.auth.jwtSecret).toBe(SECRET);
      expect(c.mail.smtpUrl).toBe('smtp://mail:25');
      expect(c.auth.adminEmail).toBe('ops@example.com');
      expect(c.auth.adminPassword).toBe('correct horse');
      expect(c.logLevel).toBe('warn');
    });

    it('PUBLIC_URL wins over the derived one', () => {
      expect(loadConfig({ PUBLIC_URL: 'https://api.example.com' }).http.publicUrl).toBe('https://api.example.com');
    });

    it('the derived public URL is a valid URL for IPv6 hosts too', () => {
      expect(loadConfig({ HOST: '::' }).http.publicUrl).toBe('http://localhost:3000');
      expect(loadConfig({ HOST: '::1', PORT: '4000' }).http.publicUrl).toBe('http://[::1]:4000');
      for (const host of ['127.0.0.1', '0.0.0.0', '::', '::1', 'fe80::1', 'localhost', 'example.internal']) {
        const u = new URL(loadConfig({ HOST: host }).http.publicUrl);
        expect(u.port).toBe('3000');
      }
    });

    it('accepts postgresql:, rediss: and smtps: schemes and the port range ends', () => {
      const c = loadConfig({ DATABASE_URL: 'postgresql://h/db', JWT_SECRET: SECRET, REDIS_URL: 'rediss://h', SMTP_URL: 'smtps://h', PORT: '65535' });
      expect(c.db.url).toBe('postgresql://h/db');
      expect(c.http.port).toBe(65535);
      expect(loadConfig({ PORT: '0' }).http.port).toBe(0);
    });

    it.each([
      ['1', true],
      ['true', true],
      ['TRUE', true],
      ['yes', true],
      ['0', false],
      ['false', false],
      ['No', false],
    ])('TRUST_PROXY=%s → %s', (raw, v) => {
      expect(loadConfig({ TRUST_PROXY: raw }).http.trustProxy).toBe(v);
    });
  });

  describe('every problem at once', () => {
    it('lists all bad values in one ConfigError', () => {
      const problems = problemsOf({
        NODE_ENV: 'staging',
        PORT: '70000',
        DATABASE_URL: 'mysql://h/db',
        REDIS_URL: 'not a url',
        SMTP_URL: 'http://mail',
        JWT_SECRET: 'short',
        ADMIN_EMAIL: 'not-an-email',
        ADMIN_PASSWORD: 'short',
        LOG_LEVEL: 'loud',
        PUBLIC_URL: 'ftp://x',
        BODY_LIMIT_BYTES: '10',
        TRUST_PROXY: 'maybe',
        DB_POOL_MAX: '0',
        API_LOG_RETENTION_DAYS: '1.5',
      });
      const expected = [
        /^NODE_ENV .*staging/,
        /^PORT must be an integer between 0 and 65535 \(got "70000"\)$/,
        /^DATABASE_URL must use one of postgres:, postgresql: \(got "mysql:"\)$/,
        /^REDIS_URL is not a valid URL$/,
        /^SMTP_URL must use one of smtp:, smtps:/,
        /^JWT_SECRET must be at least 32 characters$/,
        /^ADMIN_EMAIL is not a valid email address$/,
        /^ADMIN_PASSWORD must be at least 8 characters$/,
        /^LOG_LEVEL must be one of/,
        /^PUBLIC_URL must use one of http:, https:/,
        /^BODY_LIMIT_BYTES must be an integer/,
        /^TRUST_PROXY must be true or false \(got "maybe"\)$/,
        /^DB_POOL_MAX must be an integer between 1 and 200/,
        /^API_LOG_RETENTION_DAYS must be an integer/,
      ];
      for (const re of expected)
        expect(
          problems.some((p) => re.test(p)),
          `missing problem ${re}`,
        ).toBe(true);
      expect(problems).toHaveLength(expected.length);
    });

    it('the error message names every problem, one per line', () => {
      let err: unknown;
      try {
        loadConfig({ PORT: 'abc', LOG_LEVEL: 'loud' });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ConfigError);
      expect(err).toBeInstanceOf(Error);
      const e = err as ConfigError;
      expect(e.name).toBe('ConfigError');
      expect(e.problems).toHaveLength(2);
      for (const p of e.problems) expect(e.message).toContain(`  - ${p}`);
    });

    it.each(['abc', '3000.5', '-1', '65536', '1e10', 'NaN', 'Infinity'])('PORT=%s is refused', (port) => {
      expect(problemsOf({ PORT: port })).toEqual([expect.stringMatching(/^PORT must be an integer/)]);
    });
  });

  describe('JWT_SECRET with DATABASE_URL', () => {
    it('is required when DATABASE_URL is set', () => {
      expect(problemsOf({ DATABASE_URL: 'postgres://h/db' })).toEqual(['JWT_SECRET is required when DATABASE_URL is set']);
    });

    it('is optional on the embedded database', () => {
      expect(loadConfig({}).auth.jwtSecret).toBeUndefined();
    });

    it('a short secret is refused in either mode', () => {
      expect(problemsOf({ JWT_SECRET: 'x'.repeat(31) })).toEqual(['JWT_SECRET must be at least 32 characters']);
      expect(problemsOf({ DATABASE_URL: 'postgres://h/db', JWT_SECRET: 'x'.repeat(31) })).toEqual(['JWT_SECRET must be at least 32 characters']);
      expect(loadConfig({ JWT_SECRET: 'x'.repeat(32) }).auth.jwtSecret).toHaveLength(32);
    });

    it('an invalid DATABASE_URL without a secret reports both problems', () => {
      const problems = problemsOf({ DATABASE_URL: 'nonsense' });
      expect(problems).toContain('DATABASE_URL is not a valid URL');
      expect(problems).toContain('JWT_SECRET is required when DATABASE_URL is set');
    });
  });

  describe('ADMIN_EMAIL and ADMIN_PASSWORD together', () => {
    it('email alone is refused', () => {
      expect(problemsOf({ ADMIN_EMAIL: 'ops@example.com' })).toEqual(['ADMIN_EMAIL and ADMIN_PASSWORD must be set together']);
    });

    it('password alone is refused', () => {
      expect(problemsOf({ ADMIN_PASSWORD: 'long enough' })).toEqual(['ADMIN_EMAIL and ADMIN_PASSWORD must be set together']);
    });

    it('both or neither is fine', () => {
      expect(loadConfig({ ADMIN_EMAIL: 'ops@example.com', ADMIN_PASSWORD: '12345678' }).auth.adminEmail).toBe('ops@example.com');
      expect(loadConfig({}).auth.adminEmail).toBeUndefined();
    });

    it('a bad email and a lone setting are both reported', () => {
      expect(problemsOf({ ADMIN_EMAIL: 'nope' })).toEqual([
        'ADMIN_EMAIL is not a valid email address',
        'ADMIN_EMAIL and ADMIN_PASSWORD must be set together',
      ]);
    });
  });

  describe('webhooks', () => {
    it("defaults: the seed's schedule (1, 2, 4, 8, 16 s), 10 s timeout, private networks refused, logs kept 30 days", () => {
      const c = loadConfig({});
      expect(c.webhooks).toEqual({ allowPrivateNetworks: false, retrySchedule: [1, 2, 4, 8, 16], timeoutMs: 10_000, concurrency: 64 });
      expect(c.retention.webhookLogDays).toBe(30);
    });

    it("takes Standard Webhooks' production profile, millisecond test schedules and the other settings", () => {
      const c = loadConfig({
        WEBHOOK_RETRY_SCHEDULE: '5s,5m,30m,2h,5h,10h,10h',
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
        WEBHOOK_TIMEOUT_SECONDS: '15',
        WEBHOOK_CONCURRENCY: '200',
        WEBHOOK_LOG_RETENTION_DAYS: '90',
      });
      expect(c.webhooks).toEqual({
        allowPrivateNetworks: true,
        retrySchedule: [5, 300, 1800, 7200, 18000, 36000, 36000],
        timeoutMs: 15_000,
        concurrency: 200,
      });
      expect(c.retention.webhookLogDays).toBe(90);
      expect(loadConfig({ WEBHOOK_RETRY_SCHEDULE: '100ms, 100ms,250ms' }).webhooks.retrySchedule).toEqual([0.1, 0.1, 0.25]);
    });

    it.each([
      ['WEBHOOK_RETRY_SCHEDULE', 'soon', /^WEBHOOK_RETRY_SCHEDULE: retry schedule item #1 "soon"/],
      ['WEBHOOK_RETRY_SCHEDULE', '10s,5s', /^WEBHOOK_RETRY_SCHEDULE: retry delays must not decrease/],
      ['WEBHOOK_RETRY_SCHEDULE', '2d', /^WEBHOOK_RETRY_SCHEDULE: retry delay #1 must be/],
      ['WEBHOOK_ALLOW_PRIVATE_NETWORKS', 'sometimes', /^WEBHOOK_ALLOW_PRIVATE_NETWORKS must be true or false/],
      ['WEBHOOK_TIMEOUT_SECONDS', '0', /^WEBHOOK_TIMEOUT_SECONDS must be an integer between 1 and 60/],
      ['WEBHOOK_CONCURRENCY', '5000', /^WEBHOOK_CONCURRENCY must be an integer between 1 and 1000/],
      ['WEBHOOK_LOG_RETENTION_DAYS', '0', /^WEBHOOK_LOG_RETENTION_DAYS must be an integer/],
    ])('%s=%s is refused', (key, value, re) => {
      expect(problemsOf({ [key]: value })).toEqual([expect.stringMatching(re)]);
    });
  });

  describe('IDEMPOTENCY_STALE_SECONDS', () => {
    it('defaults to a minute, takes 1 s up to a day, refuses anything else', () => {
      expect(loadConfig({}).idempotency.staleSeconds).toBe(60);
      expect(loadConfig({ IDEMPOTENCY_STALE_SECONDS: '1' }).idempotency.staleSeconds).toBe(1);
      expect(loadConfig({ IDEMPOTENCY_STALE_SECONDS: '86400' }).idempotency.staleSeconds).toBe(86_400);
      for (const bad of ['0', '86401', '1.5', 'soon']) {
        expect(problemsOf({ IDEMPOTENCY_STALE_SECONDS: bad })).toEqual([
          expect.stringMatching(/^IDEMPOTENCY_STALE_SECONDS must be an integer between 1 and 86400/),
        ]);
      }
    });
  });

  describe('OUTBOX_STUCK_SECONDS', () => {
    it('defaults to two minutes, takes 5 s up to a day, refuses anything else', () => {
      expect(loadConfig({}).ops.outboxStuckSeconds).toBe(120);
      expect(loadConfig({ OUTBOX_STUCK_SECONDS: '5' }).ops.outboxStuckSeconds).toBe(5);
      expect(loadConfig({ OUTBOX_STUCK_SECONDS: '86400' }).ops.outboxStuckSeconds).toBe(86_400);
      for (const bad of ['4', '86401', '1.5', 'soon']) {
        expect(problemsOf({ OUTBOX_STUCK_SECONDS: bad })).toEqual([
          expect.stringMatching(/^OUTBOX_STUCK_SECONDS must be an integer between 5 and 86400/),
        ]);
      }
    });
  });

  describe('DB_STATEMENT_TIMEOUT_MS and DB_CONNECT_TIMEOUT_MS', () => {
    it('default to 5 s and 3 s; 0 turns the statement limit off; out-of-range values are refused', () => {
      expect(loadConfig({}).db).toMatchObject({ statementTimeoutMs: 5000, connectTimeoutMs: 3000 });
      expect(loadConfig({ DB_STATEMENT_TIMEOUT_MS: '0', DB_CONNECT_TIMEOUT_MS: '100' }).db).toMatchObject({
        statementTimeoutMs: 0,
        connectTimeoutMs: 100,
      });
      for (const bad of ['-1', '3600001', '1.5', 'soon']) {
        expect(problemsOf({ DB_STATEMENT_TIMEOUT_MS: bad })).toEqual([
          expect.stringMatching(/^DB_STATEMENT_TIMEOUT_MS must be an integer between 0 and 3600000/),
        ]);
      }
      for (const bad of ['0', '99', '600001', 'x']) {
        expect(problemsOf({ DB_CONNECT_TIMEOUT_MS: bad })).toEqual([
          expect.stringMatching(/^DB_CONNECT_TIMEOUT_MS must be an integer between 100 and 600000/),
        ]);
      }
    });
  });

  describe('the result is frozen', () => {
    it('top level and every nested object', () => {
      const c = loadConfig({ DATABASE_URL: 'postgres://h/db', JWT_SECRET: SECRET });
      for (const o of [c, c.http, c.db, c.auth, c.mail, c.retention, c.webhooks, c.webhooks.retrySchedule]) expect(Object.isFrozen(o)).toBe(true);
    });

    it('writes throw in strict mode and change nothing', () => {
      const c = loadConfig({});
      expect(() => {
        (c as { env: string }).env = 'production';
      }).toThrow(TypeError);
      expect(() => {
        (c.http as { port: number }).port = 1;
      }).toThrow(TypeError);
      expect(() => {
        (c.auth as { jwtSecret: string | undefined }).jwtSecret = 'stolen';
      }).toThrow(TypeError);
      expect(c.env).toBe('development');
      expect(c.http.port).toBe(3000);
      expect(c.auth.jwtSecret).toBeUndefined();
    });

    it('each call returns a fresh object', () => {
      expect(loadConfig({ PORT: '1' })).not.toBe(loadConfig({ PORT: '1' }));
      expect(loadConfig({ PORT: '1' }).http.port).toBe(1);
      expect(loadConfig({ PORT: '2' }).http.port).toBe(2);
    });
  });
});
