/** Routes every bench server adds to the hub it measures: the SELECT floor and on-demand CPU profiling. */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';

/** The floor: one primary-key SELECT on the hub's own pool, the least a database-backed route does. */
export function registerSelectFloor(app: FastifyInstance, pool: pg.Pool): void {
  app.get('/__bench/floor/:id', async (req, reply) => {
    const { id } = req.params as { id: string };
    const res = await pool.query<{ id: string; name: string; tier: string }>({
      name: 'bench_floor',
      text: 'select id, name, tier from companies where id = $1',
      values: [id],
    });
    const row = res.rows[0];
    if (!row) return reply.code(404).send({ code: 'NOT_FOUND', message: 'no such company' });
    return row;
  });
}

/**
 * The floor of a 50-row page: one query that reads the rows `GET /api/partner/shipments?limit=50` shows
 * (the company's newest 50, with their packages and events read models) and sends them as JSON — no
 * authentication, no count, no mapping, no response schema. The one-row floor is the wrong yardstick
 * for a route that moves fifty times the bytes.
 */
export function registerListFloor(app: FastifyInstance, pool: pg.Pool): void {
  app.get('/__bench/floor-list/:id', async (req) => {
    const { id } = req.params as { id: string };
    const res = await pool.query({
      name: 'bench_floor_list',
      text: `select s.id, s.company_id, s.assigned_company_id, s.tracking_number, s.status, s.carrier, s.carrier_awb,
               s.customer_name, s.customer_email, s.customer_phone, s.pickup_address, s.dropoff_address,
               s.total_cost::float8 as total_cost, s.estimated_delivery, s.current_location, s.created_at, s.updated_at,
               s.packages_view as packages, s.events_view as events
             from shipments s where s.company_id = $1 order by s.created_at desc nulls last, s.id desc nulls last limit 50`,
      values: [id],
    });
    return { data: res.rows };
  });
}

/**
 * CPU profiling on demand (BENCH_PROFILE_DIR): `POST /__bench/profile/start` and
 * `/__bench/profile/stop?name=…` write a .cpuprofile around one measured route.
 */

export async function registerProfiler(app: FastifyInstance, profileDir: string | undefined): Promise<void> {
  if (!profileDir) return;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 }); // µs
  app.post('/__bench/profile/start', async () => {
    await session.post('Profiler.start');
    return { started: true };
  });
  app.post('/__bench/profile/stop', async (req) => {
    const name = String((req.query as { name?: string }).name ?? 'profile').replace(/[^A-Za-z0-9._-]/g, '_');
    const { profile } = await session.post('Profiler.stop');
    const file = path.join(profileDir, `${name}.cpuprofile`);
    fs.mkdirSync(profileDir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(profile));
    return { file };
  });
}
