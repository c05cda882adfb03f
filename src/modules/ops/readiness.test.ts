import { describe, expect, it } from 'vitest';
import { decideReadiness } from './readiness.js';

const at = new Date('2026-01-01T00:00:00Z');
const worker = (ageSeconds: number, pid = 100) => ({ role: 'worker', host: 'h1', pid, lastSeen: at, ageSeconds });

describe('decideReadiness', () => {
  it('database down → 503 unavailable, whatever else is known', () => {
    const r = decideReadiness({ database: { ok: false, reason: 'ECONNREFUSED' }, workers: [worker(1)] });
    expect(r.httpStatus).toBe(503);
    expect(r.status).toBe('unavailable');
    expect(r.checks.database).toEqual({ status: 'down', reason: 'ECONNREFUSED' });
  });

  it('database up and a worker beat 1 s ago → 200 ready', () => {
    const r = decideReadiness({ database: { ok: true, ms: 1.2 }, workers: [worker(1)] });
    expect(r).toMatchObject({ httpStatus: 200, status: 'ready', checks: { database: { status: 'ok', ms: 1.2 }, workers: { status: 'ok' } } });
    expect(r.checks.workers!.workers).toEqual([
      { role: 'worker', host: 'h1', pid: 100, lastSeen: '2026-01-01T00:00:00.000Z', ageSeconds: 1, status: 'ok' },
    ]);
  });

  it('no worker heartbeat → 200 degraded (an API process can still serve)', () => {
    const r = decideReadiness({ database: { ok: true, ms: 1 }, workers: [] });
    expect(r).toMatchObject({ httpStatus: 200, status: 'degraded', checks: { workers: { status: 'degraded', workers: [] } } });
    expect(r.checks.workers!.message).toMatch(/no worker/);
  });

  it('only stale heartbeats (older than 30 s) → degraded, each listed as stale', () => {
    const r = decideReadiness({ database: { ok: true, ms: 1 }, workers: [worker(31), worker(600, 7)] });
    expect(r.status).toBe('degraded');
    expect(r.checks.workers!.workers.map((w) => w.status)).toEqual(['stale', 'stale']);
  });

  it('one live worker among stale ones → ready', () => {
    const r = decideReadiness({ database: { ok: true, ms: 1 }, workers: [worker(2), worker(120, 7)] });
    expect(r.status).toBe('ready');
    expect(r.checks.workers!.workers.map((w) => w.status)).toEqual(['ok', 'stale']);
  });

  it('exactly at the limit (30 s) still counts as alive', () => {
    expect(decideReadiness({ database: { ok: true, ms: 1 }, workers: [worker(30)] }).status).toBe('ready');
  });

  it('no REDIS_URL → no redis check at all', () => {
    const r = decideReadiness({ database: { ok: true, ms: 1 }, workers: [worker(1)] });
    expect(r.checks.redis).toBeUndefined();
    expect(r.status).toBe('ready');
  });

  it('Redis answering → redis ok, ready', () => {
    const r = decideReadiness({ database: { ok: true, ms: 1 }, workers: [worker(1)], redis: { ok: true } });
    expect(r).toMatchObject({ httpStatus: 200, status: 'ready' });
    expect(r.checks.redis).toEqual({ status: 'ok' });
  });

  it('Redis away → 200 degraded (not 503), with its reason and the per-process fallback said', () => {
    const r = decideReadiness({ database: { ok: true, ms: 1 }, workers: [worker(1)], redis: { ok: false, reason: 'connect ECONNREFUSED' } });
    expect(r.httpStatus).toBe(200);
    expect(r.status).toBe('degraded');
    expect(r.checks.redis).toEqual({
      status: 'degraded',
      reason: 'connect ECONNREFUSED',
      message: 'Redis is unreachable: rate limits are counted in each process until it is back (a client may get up to one budget per process)',
    });
    expect(r.checks.workers!.status).toBe('ok');
  });

  it('database down and Redis away → 503 for the database; the redis check is not what decides it', () => {
    const r = decideReadiness({ database: { ok: false, reason: 'ECONNREFUSED' }, redis: { ok: false, reason: 'x' } });
    expect(r.httpStatus).toBe(503);
    expect(r.checks).toEqual({ database: { status: 'down', reason: 'ECONNREFUSED' } });
  });
});
