/**
 * A carrier that keeps failing is retried with backoff, then its rows are recorded as failed and the
 * carrier is given up for the run — while another carrier's rows are all filled. The simulator's
 * `error` scenario answers 5xx every time; `not_found` is final at once (no retry).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPodBackfill } from '../../src/modules/pod/pod.service.js';
import { awbFor, createCarrierTestEnv, rows, type CarrierTestEnv } from '../helpers/carriers.js';

let env: CarrierTestEnv;
beforeAll(async () => {
  // A breaker that half-opens after 1 s: a row waits for it (never before its retry-after), the test need not.
  env = await createCarrierTestEnv({ env: { CARRIER_BREAKER_RESET_SECONDS: '1' } });
}, 60_000);
afterAll(() => env?.close());

describe('POD backfill failures', () => {
  it('retries, records failures, gives up the failing carrier, and the other carrier finishes', async () => {
    const good = Array.from({ length: 6 }, () => awbFor('jne', 'delivered'));
    const bad = Array.from({ length: 8 }, () => awbFor('sicepat', 'error'));
    const missing = awbFor('jnt', 'not_found');
    await rows(env.hub, `insert into proof_of_delivery (carrier, awb, source) select 'jne', unnest($1::text[]), 'tracking'`, [good]);
    await rows(env.hub, `insert into proof_of_delivery (carrier, awb, source) select 'sicepat', unnest($1::text[]), 'tracking'`, [bad]);
    await rows(env.hub, `insert into proof_of_delivery (carrier, awb, source) values ('jnt', $1, 'tracking')`, [missing]);
    const svc = createPodBackfill({
      database: env.hub.deps.database,
      registry: env.hub.services.carriers.registry,
      defaults: { rate: 100, concurrency: 1 },
      log: env.hub.deps.log,
      retry: { attempts: 2, baseMs: 10, maxMs: 20, giveUpAfter: 3 },
    });
    const { run } = await svc.open(
      'cli',
      { carrier: null, since: null, until: null, limit: null, concurrency: 1, rate: 100, recheckHours: 24 },
      { claim: true },
    );
    const r = await svc.execute(run).done;
    expect(r.status).toBe('finished');
    expect(r.report.byCarrier.jne).toEqual({ found: 6, filled: 6, stillEmpty: 0, failed: 0 });
    expect(r.report.byCarrier.sicepat).toMatchObject({ found: 3, failed: 3, gaveUp: expect.stringMatching(/^CARRIER_(UNAVAILABLE|CIRCUIT_OPEN)/) });
    expect(r.report.byCarrier.jnt).toEqual({ found: 1, filled: 0, stillEmpty: 0, failed: 1 });
    const items = await rows(
      env.hub,
      `select carrier, attempts from pod_backfill_items where run_id = $1 and carrier in ('sicepat', 'jnt') order by carrier`,
      [run.id],
    );
    // Not found is final at the first try; the failing carrier's rows were tried twice (the policy's attempts).
    expect(items.filter((i) => i.carrier === 'jnt').map((i) => i.attempts)).toEqual([1]);
    expect(items.filter((i) => i.carrier === 'sicepat').map((i) => i.attempts)).toEqual([2, 2, 2]);

    // The next run picks up the given-up carrier's untouched rows (and re-tries its failed ones).
    const next = await svc.open(
      'cli',
      { carrier: 'sicepat', since: null, until: null, limit: 100, concurrency: 1, rate: 100, recheckHours: 24 },
      { claim: true },
    );
    const preview = await svc.preview({ carrier: 'sicepat', since: null, until: null, limit: null, concurrency: 1, rate: 100, recheckHours: 24 });
    expect(preview).toHaveLength(8);
    const r2 = await svc.execute(next.run).done;
    expect(r2.report.byCarrier.sicepat?.gaveUp).toBeDefined();
  }, 60_000);
});

describe('POD backfill run ownership', () => {
  const opts = { carrier: 'jnt' as const, since: null, until: null, limit: null, concurrency: 1, rate: 100, recheckHours: 24 };
  it('a run alive in another process is refused; one whose heartbeat stopped 30 s ago is taken over and resumed', async () => {
    const svc = createPodBackfill({
      database: env.hub.deps.database,
      registry: env.hub.services.carriers.registry,
      defaults: { rate: 1, concurrency: 1 },
      log: env.hub.deps.log,
    });
    await rows(env.hub, `update pod_backfill_runs set status = 'finished' where status in ('running', 'paused')`);
    const [alive] = await rows(
      env.hub,
      `insert into pod_backfill_runs (status, trigger, options, cursor, heartbeat_at) values ('running', 'cli', $1, '{"jnt": "JD0000000000"}', now()) returning id`,
      [JSON.stringify(opts)],
    );
    await expect(svc.open('cli', opts, { claim: true })).rejects.toMatchObject({ code: 'POD_BACKFILL_RUNNING', statusCode: 409 });
    await expect(svc.open('admin', opts, { claim: false })).rejects.toMatchObject({ code: 'POD_BACKFILL_RUNNING' });

    await rows(env.hub, `update pod_backfill_runs set heartbeat_at = now() - interval '31 seconds' where id = $1`, [alive.id]);
    const taken = await svc.open('cli', opts, { claim: true });
    expect(taken.resumed).toBe(true);
    expect(taken.run).toMatchObject({ id: Number(alive.id), status: 'running', cursor: { jnt: 'JD0000000000' } });
    await rows(env.hub, `update pod_backfill_runs set status = 'cancelled' where id = $1`, [alive.id]);
  });
});
