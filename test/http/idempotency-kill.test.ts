import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { killChildren, startChild } from '../helpers/child.js';
import { newPartner, shipmentBody } from '../helpers/factories.js';
import { createTestHub, type TestHub } from '../helpers/hub.js';
import { until } from '../helpers/webhooks.js';

/**
 * An Idempotency-Key maps to exactly one shipment whatever crashes. A whole hub runs as a child process
 * and is SIGKILLed in the middle of a burst of creates, each with its own key and no tracking number (so
 * the database could not refuse a second shipment for a key: only the key's handling stands between a
 * retry and a duplicate). Every client retries its key with the same body until it gets its 201, through
 * the kill and a restart; keys the dead process left claimed without an answer are taken over once stale
 * (IDEMPOTENCY_STALE_SECONDS=1 here). Then: shipments = keys, and every key replays its own shipment.
 * Runs on the engine of the suite: PostgreSQL (DATABASE_URL) or embedded PGlite, whose data folder
 * outlives the SIGKILL of the process that had it open.
 */
const N = 160;
const CLIENTS = 24;
const postgres = Boolean(process.env.DATABASE_URL);

let hub: TestHub | undefined; // PostgreSQL: the test's own view of the database
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ff-idem-kill-'));
let headers: Record<string, string>;
let companyId: string;
let current: string | null = null; // the running child's URL; null while it is down
let running: ChildProcess | undefined;
let blocker: pg.Client | undefined; // PostgreSQL: holds the company's usage row around the kill

async function startHub(): Promise<ChildProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0', DATA_DIR: tmp, IDEMPOTENCY_STALE_SECONDS: '1' };
  if (hub) {
    env.DATABASE_URL = hub.config.db.url;
    env.JWT_SECRET = hub.config.auth.jwtSecret;
  } else {
    delete env.DATABASE_URL; // embedded: the hub opens DATA_DIR/pgdata (and keeps its JWT secret there)
  }
  const { child, match } = await startChild('test/helpers/hub-process.ts', env, /ready (\d+)/);
  current = `http://127.0.0.1:${match[1]}`;
  running = child;
  return child;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One client: the same key and body until a final answer; connection errors, 5xx and "in progress" are retried. */
async function settle(key: string, body: unknown): Promise<{ id: string; replayed: boolean }> {
  for (;;) {
    const url = current;
    if (!url) {
      await sleep(20);
      continue;
    }
    let res: Response;
    try {
      res = await fetch(`${url}/api/partner/shipments`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
    } catch {
      await sleep(20); // killed mid-request, or not listening yet
      continue;
    }
    const json = (await res.json().catch(() => null)) as { id?: string; code?: string } | null;
    if (res.status === 201) return { id: json!.id!, replayed: res.headers.get('idempotent-replayed') === 'true' };
    if (res.status >= 500 || (res.status === 409 && json?.code === 'IDEMPOTENCY_KEY_IN_PROGRESS')) {
      await sleep(50);
      continue;
    }
    throw new Error(`key ${key}: unexpected ${res.status} ${JSON.stringify(json)}`);
  }
}

/**
 * The company's keys: claimed without an answer, and answered. Embedded: only while no hub runs — the
 * test opens the data folder itself, which also shows the folder a SIGKILL left behind opens cleanly.
 */
async function keyRows(): Promise<{ claimed: number; answered: number }> {
  const sql = `select (count(*) filter (where response_status is null))::int as claimed,
      (count(*) filter (where response_status is not null))::int as answered
    from idempotency_keys where company_id = $1`;
  if (hub) return (await hub.deps.database.pool.query<{ claimed: number; answered: number }>(sql, [companyId])).rows[0]!;
  const db = new PGlite(path.join(tmp, 'pgdata'));
  try {
    return (await db.query<{ claimed: number; answered: number }>(sql, [companyId])).rows[0]!;
  } finally {
    await db.close();
  }
}

async function shipmentCount(): Promise<number> {
  if (hub) {
    const { rows } = await hub.deps.database.pool.query<{ n: number }>('select count(*)::int as n from shipments where company_id = $1', [companyId]);
    return rows[0]!.n;
  }
  const res = await fetch(`${current}/api/partner/shipments?limit=1`, { headers });
  expect(res.status).toBe(200);
  return ((await res.json()) as { pagination: { total: number } }).pagination.total;
}

describe('Idempotency-Key across a SIGKILL of the hub', () => {
  beforeAll(async () => {
    if (postgres) {
      hub = await createTestHub();
      const p = await newPartner(hub.app, { tier: 'enterprise' });
      headers = p.headers;
      companyId = p.companyId;
      return;
    }
    const template = inject('template');
    if (template.kind !== 'embedded') throw new Error('expected an embedded template');
    fs.cpSync(template.dir, path.join(tmp, 'pgdata'), { recursive: true });
    await startHub();
    // The child owns the embedded database: onboard through its API (its per-IP limits are its own).
    const onboard = await fetch(`${current}/api/partner/onboarding`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        company: { name: `Kill ${randomUUID().slice(0, 8)}`, email: `kill-${randomUUID()}@example.com`, industry: 'Courier' },
        tier: 'enterprise',
      }),
    });
    expect(onboard.status).toBe(201);
    const o = (await onboard.json()) as { company: { id: string }; apiKey: { key: string; secret: string } };
    const auth = await fetch(`${current}/api/partner/auth`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apiKey: o.apiKey.key, secret: o.apiKey.secret }),
    });
    expect(auth.status).toBe(200);
    headers = { authorization: `Bearer ${((await auth.json()) as { token: string }).token}` };
    companyId = o.company.id;
  }, 120_000);

  afterAll(async () => {
    await blocker?.end().catch(() => {});
    killChildren();
    await hub?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('creates exactly one shipment per key, and every key replays its own shipment', async () => {
    // Embedded: the child that did the onboarding is still running.
    let live = running ?? (await startHub());

    // Up to ATTEMPTS bursts: a kill that lands outside the crash window (possible on a loaded machine, where
    // the burst's requests may not have reached the hub yet) proves nothing, so the burst is repeated with
    // new keys, killing a little later each time. Every key of every attempt is checked at the end.
    const ATTEMPTS = 3;
    const keys: string[] = Array.from({ length: N * ATTEMPTS }, () => randomUUID());
    // No tracking number: the hub makes one per create. The burst's shipments carry the most packages a
    // body may, so each create statement takes long enough for the kill to land inside one (embedded).
    const warm = N / 4;
    const bodies = new Map(
      keys.map((k, i) => {
        const { trackingNumber: _generated, ...body } = shipmentBody(
          i < warm ? {} : { packages: Array.from({ length: 100 }, (_, p) => ({ weight: 1 + p / 10, contents: `Part ${p}` })) },
        );
        return [k, body] as const;
      }),
    );
    const answers = new Map<string, { id: string; replayed: boolean }>();
    /** CLIENTS clients working through `list`, each settling one key after another. */
    const work = (list: string[], onAnswer?: () => void) => {
      let next = 0;
      return Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          while (next < list.length) {
            const key = list[next++]!;
            answers.set(key, await settle(key, bodies.get(key)));
            onAnswer?.();
          }
        }),
      );
    };

    // A quarter of the keys while all is well, then the rest in a burst cut by the kill.
    await work(keys.slice(0, warm));
    let used = N; // keys of the attempts made so far
    let answeredAtKill = 0;
    let unseen = 0;
    let atKill = { claimed: 0, answered: 0 };
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const burst = keys.slice(attempt === 0 ? warm : attempt * N, (attempt + 1) * N);
      used = (attempt + 1) * N;
      // The kill must land while keys are claimed but their shipments not committed (the window a crash
      // must be safe in). PostgreSQL: hold the company's usage row, so creates pile up claimed and waiting,
      // and kill then; the statement the dead hub had sent still commits once the row is free (PostgreSQL
      // finishes it without its client): those keys have a shipment and an answer, the others only a claim.
      // Embedded (one connection, nothing to hold from outside): the burst's claims all run before its first
      // create statement, which holds one row; the rest of the burst goes in the next statement — kill when
      // an early answer of the burst arrives (the first, then later ones on a retry), while that one runs.
      if (hub) {
        blocker = new pg.Client({ connectionString: hub.config.db.url });
        await blocker.connect();
        await blocker.query('begin');
        await blocker.query('select 1 from company_usage where company_id = $1 for update', [companyId]);
      }
      const victim = live;
      const exited = new Promise((r) => victim.once('exit', (_c, signal) => r(signal)));
      let killed = false;
      let seen = 0;
      const killAfter = 1 + attempt * 3;
      const kill = () => {
        if (killed) return;
        killed = true;
        current = null; // the clients wait for the restart
        victim.kill('SIGKILL');
      };
      const before = answers.size;
      const clients = work(burst, hub ? undefined : () => ++seen >= killAfter && kill());
      if (hub) {
        await until(async () => (await keyRows()).claimed >= CLIENTS / 2, 'creates waiting with their keys claimed', 15_000);
        kill();
      }
      expect(await exited).toBe('SIGKILL');
      answeredAtKill = answers.size;
      expect(answeredAtKill - before).toBeLessThan(burst.length); // the kill really cut the burst
      if (blocker) {
        await blocker.query('rollback');
        await blocker.end();
        blocker = undefined;
        await sleep(300); // the statement the dead hub had sent commits
      }
      // The crash window: keys the dead hub claimed but never answered, and keys whose shipment and answer
      // committed but whose client never got the answer (the case a takeover used to create again).
      atKill = await keyRows();
      unseen = atKill.answered - answeredAtKill;
      live = await startHub();
      await clients;
      if (atKill.claimed + unseen > 0) break;
    }
    expect(atKill.claimed + unseen, `keys the kill caught between claim and answer (${ATTEMPTS} attempts)`).toBeGreaterThan(0);
    const all = keys.slice(0, used);

    expect(answers.size).toBe(used);
    const ids = new Set([...answers.values()].map((a) => a.id));
    expect(ids.size, 'one shipment id per key').toBe(used);
    expect(
      await shipmentCount(),
      `shipments of ${used} keys (answered before the last kill: ${answeredAtKill}, committed but unseen: ${unseen}, left claimed: ${atKill.claimed})`,
    ).toBe(used);

    // Every key replays the shipment its client got, whether that answer was fresh or itself a replay.
    for (let i = 0; i < all.length; i += CLIENTS) {
      await Promise.all(
        all.slice(i, i + CLIENTS).map(async (key) => {
          const res = await fetch(`${current}/api/partner/shipments`, {
            method: 'POST',
            headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': key },
            body: JSON.stringify(bodies.get(key)),
          });
          expect(res.status).toBe(201);
          expect(res.headers.get('idempotent-replayed')).toBe('true');
          expect(((await res.json()) as { id: string }).id).toBe(answers.get(key)!.id);
        }),
      );
    }
    console.info(
      `idempotency kill test (${postgres ? 'PostgreSQL' : 'embedded'}): ${answeredAtKill}/${used} answered at the last kill, ${unseen} committed but unseen by their client, ${atKill.claimed} claimed without an answer`,
    );
  }, 300_000);
});
