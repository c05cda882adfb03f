import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkers } from '../../src/workers.js';
import { newPartner, testIp, type TestPartner } from '../helpers/factories.js';
import { createTestHub, type TestHub } from '../helpers/hub.js';

/**
 * 429s through the real app: counted in memory, written by a flush (one row per minute and client, not one
 * per refusal), and read by the anomaly rule `anomaly.rate_limit_burst` (threshold lowered to 5 here).
 */

let hub: TestHub;
let p: TestPartner;
const IP = testIp();

const q = <T = any>(text: string, values: unknown[] = []) => hub.deps.database.pool.query(text, values).then((r) => r.rows as T[]);
const me = () => hub.app.inject({ method: 'GET', url: '/api/partner/me', headers: p.headers, remoteAddress: IP });

beforeAll(async () => {
  hub = await createTestHub({ env: { ANOMALY_RATE_LIMIT_REFUSALS: '5', ANOMALY_RATE_LIMIT_WINDOW_MINUTES: '15' } });
  p = await newPartner(hub.app, { tier: 'starter' });
});
afterAll(() => hub?.close());

describe('rate-limit refusals', () => {
  it('counts the 429s of a starter company past its 60 a minute, and the anomaly rule sees the burst', async () => {
    for (let i = 0; i < 60; i++) expect((await me()).statusCode).toBe(200);
    // Nothing is written on the 429 path: the rows appear only with the flush.
    for (let i = 0; i < 12; i++) expect((await me()).statusCode).toBe(429);
    expect(await q(`select * from rate_limit_refusals where company_id = $1`, [p.companyId])).toEqual([]);
    await hub.app.refusals.flush();

    const rows = await q<{ policy: string; ip: string; company_id: string; api_key_id: string; total: number; minutes: number }>(
      `select policy, ip, company_id, api_key_id, sum(count)::int as total, count(*)::int as minutes
       from rate_limit_refusals where company_id = $1 group by 1, 2, 3, 4`,
      [p.companyId],
    );
    // 12 refusals; one row, or two if the run straddled a minute boundary.
    expect(rows).toEqual([{ policy: 'starter', ip: IP, company_id: p.companyId, api_key_id: p.apiKeyId, total: 12, minutes: expect.any(Number) }]);
    expect(rows[0]!.minutes).toBeLessThanOrEqual(2);

    // A second flush adds to the stored counts.
    for (let i = 0; i < 3; i++) expect((await me()).statusCode).toBe(429);
    await hub.app.refusals.flush();
    const [sum] = await q<{ n: number }>(`select sum(count)::int as n from rate_limit_refusals where company_id = $1`, [p.companyId]);
    expect(sum!.n).toBe(15);

    const report = await hub.services.anomalies.detect({ dryRun: false });
    const bursts = report.detected.filter((a) => a.kind === 'anomaly.rate_limit_burst');
    // 15 ≥ 5: warning; 15 < 25 (5 × 5): not critical. The key is known, so no keyless company subject.
    expect(bursts.map((a) => [a.subject, a.severity, a.companyId, a.evidence])).toEqual([
      [
        `ip:${IP}`,
        'warning',
        null,
        { scope: 'ip', refusals: 15, policies: ['starter'], distinctCompanies: 1, distinctKeys: 1, windowMinutes: 15, threshold: 5 },
      ],
      [
        `key:${p.apiKeyId}`,
        'warning',
        p.companyId,
        { scope: 'key', refusals: 15, policies: ['starter'], distinctAddresses: 1, windowMinutes: 15, threshold: 5 },
      ],
    ]);
    const open = await q<{ subject: string; severity: string }>(
      `select subject, severity from admin_alerts where kind = 'anomaly.rate_limit_burst' and resolved_at is null order by subject`,
    );
    expect(open).toEqual([
      { subject: `ip:${IP}`, severity: 'warning' },
      { subject: `key:${p.apiKeyId}`, severity: 'warning' },
    ]);

    // Outside the window (moved back 20 minutes): the condition clears and the alerts are resolved.
    await q(`update rate_limit_refusals set window_start = window_start - interval '20 minutes' where company_id = $1`, [p.companyId]);
    const later = await hub.services.anomalies.detect({ dryRun: false });
    expect(later.detected.filter((a) => a.kind === 'anomaly.rate_limit_burst')).toEqual([]);
    expect(later.resolved).toBeGreaterThanOrEqual(2);
  });

  it('counts refusals without a principal per address (credential checks), under their policy', async () => {
    const ip = testIp();
    // 60 credential checks a minute per address: the 61st on is refused before the body is looked at.
    const auth = () => hub.app.inject({ method: 'POST', url: '/api/partner/auth', remoteAddress: ip, payload: { apiKey: 'ff_nope', secret: 'x' } });
    for (let i = 0; i < 60; i++) expect((await auth()).statusCode).not.toBe(429);
    for (let i = 0; i < 4; i++) expect((await auth()).statusCode).toBe(429);
    await hub.app.refusals.flush();
    const rows = await q(`select policy, company_id, api_key_id, sum(count)::int as n from rate_limit_refusals where ip = $1 group by 1, 2, 3`, [ip]);
    expect(rows).toEqual([{ policy: 'auth', company_id: '', api_key_id: '', n: 4 }]);
  });

  it('the daily maintenance.prune drops the minutes older than API_LOG_RETENTION_DAYS (30), not the recent ones', async () => {
    const at = (days: number) => new Date(Date.now() - days * 86_400_000);
    await q(`insert into rate_limit_refusals (window_start, policy, ip, count) values ($1, 'auth', '10.9.9.9', 3), ($2, 'auth', '10.9.9.9', 4)`, [
      at(31),
      at(29),
    ]);
    const { handlers } = createWorkers({
      config: hub.config,
      database: hub.deps.database,
      mailer: { send: async () => ({}) } as never,
      log: hub.deps.log,
      services: hub.services,
      jobs: hub.deps.jobs,
    });
    await handlers['maintenance.prune']({}, {} as never);
    expect(await q(`select count from rate_limit_refusals where ip = '10.9.9.9'`)).toEqual([{ count: 4 }]);
    // The live rows of the tests above (this minute) stay.
    expect((await q(`select count(*)::int as n from rate_limit_refusals where window_start > now() - interval '1 day'`))[0].n).toBeGreaterThan(0);
  });
});
