/**
 * The POD backfill from the admin API, run by the worker's pg-boss job: start (202), one at a time
 * (409 POD_BACKFILL_RUNNING), progress and final report by id, the list, bad input (400), unknown id
 * (404), no token (401). Names expected are the simulator's documented JNE answer ("SITI").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awbFor, createCarrierTestEnv, rows, until, type CarrierTestEnv } from '../helpers/carriers.js';
import { adminHeaders } from '../helpers/factories.js';

let env: CarrierTestEnv;
let admin: { authorization: string };

beforeAll(async () => {
  env = await createCarrierTestEnv({ role: 'all' });
  admin = await adminHeaders(env.hub);
}, 60_000);
afterAll(() => env?.close());

const post = (payload: unknown, headers: Record<string, string> = admin) =>
  env.app.inject({ method: 'POST', url: '/api/admin/pod/backfill', headers, payload: payload as object });
const get = (url: string) => env.app.inject({ method: 'GET', url, headers: admin });

describe('admin POD backfill', () => {
  it('starts on the worker, refuses a second one while it runs, reports by carrier when finished', async () => {
    const filled = Array.from({ length: 20 }, () => awbFor('jne', 'delivered'));
    const empty = awbFor('jne', 'pod_missing');
    await rows(env.hub, `insert into proof_of_delivery (carrier, awb, source) select 'jne', unnest($1::text[]), 'tracking'`, [[...filled, empty]]);

    const res = await post({ carrier: 'jne', rate: 8, concurrency: 2 });
    expect(res.statusCode, res.body).toBe(202);
    const run = res.json().run;
    expect(res.json().resumed).toBe(false);
    expect(run).toMatchObject({
      status: 'running',
      trigger: 'admin',
      options: { carrier: 'jne', rate: 8, concurrency: 2, limit: null, recheckHours: 24 },
    });

    const second = await post({});
    expect(second.statusCode, second.body).toBe(409);
    expect(second.json().code).toBe('POD_BACKFILL_RUNNING');

    const done = await until(
      async () => {
        const r = (await get(`/api/admin/pod/backfill/${run.id}`)).json();
        return r.status === 'running' ? undefined : r;
      },
      'the run to end',
      60_000,
    );
    expect(done.status).toBe('finished');
    expect(done.finishedAt).toEqual(expect.any(String));
    expect(done.report.byCarrier).toEqual({ jne: { found: 21, filled: 20, stillEmpty: 1, failed: 0 } });
    expect(done.report.totals).toEqual({ found: 21, filled: 20, stillEmpty: 1, failed: 0 });
    const names = await rows(env.hub, `select distinct receiver_name from proof_of_delivery where awb = any($1)`, [filled]);
    expect(names).toEqual([{ receiver_name: 'SITI' }]);

    const list = await get('/api/admin/pod/backfill?limit=5');
    expect(list.statusCode).toBe(200);
    expect(list.json().data[0]).toMatchObject({ id: run.id, status: 'finished' });
    expect(list.json().pagination).toMatchObject({ limit: 5, offset: 0 });

    // A second run finds nothing: filled rows no longer match, the still-empty one is remembered for 24 h.
    const again = await post({ carrier: 'jne' });
    expect(again.statusCode, again.body).toBe(202);
    const second2 = await until(
      async () => {
        const r = (await get(`/api/admin/pod/backfill/${again.json().run.id}`)).json();
        return r.status === 'running' ? undefined : r;
      },
      'the second run to end',
      30_000,
    );
    expect(second2.report.totals).toEqual({ found: 0, filled: 0, stillEmpty: 0, failed: 0 });
  }, 120_000);

  it('bad input → 400, unknown run → 404, no admin token → 401', async () => {
    for (const body of [
      { rate: 0 },
      { carrier: 'pos' },
      { limit: 0 },
      { nope: 1 },
      { since: '2024-03-02T00:00:00Z', until: '2024-03-01T00:00:00Z' },
    ]) {
      const r = await post(body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().code).toBe('VALIDATION_FAILED');
    }
    const missing = await get('/api/admin/pod/backfill/999999');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('POD_BACKFILL_NOT_FOUND');
    expect((await post({}, {})).statusCode).toBe(401);
  });
});

describe('worker stop', () => {
  // Last in this file: the service then stays in its stopping state.
  it('pauses the running job: rows in flight are recorded, the run is resumable', async () => {
    const awbs = Array.from({ length: 30 }, () => awbFor('jne', 'delivered'));
    await rows(env.hub, `insert into proof_of_delivery (carrier, awb, source) select 'jne', unnest($1::text[]), 'tracking'`, [awbs]);
    const res = await post({ carrier: 'jne', rate: 4, concurrency: 1 });
    expect(res.statusCode, res.body).toBe(202);
    const id = res.json().run.id;
    await until(async () => (await get(`/api/admin/pod/backfill/${id}`)).json().report.totals.found > 0, 'some progress', 30_000);
    await env.hub.services.podBackfill.stopAll();
    const run = (await get(`/api/admin/pod/backfill/${id}`)).json();
    expect(run.status).toBe('paused');
    expect(run.report.totals.found).toBeGreaterThan(0);
    expect(run.report.totals.found).toBeLessThan(30);
    const [{ n }] = await rows(env.hub, `select count(*)::int as n from pod_backfill_items where run_id = $1`, [id]);
    expect(n).toBe(run.report.totals.found);
  }, 60_000);
});
