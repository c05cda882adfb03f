import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHub, type TestHub } from '../helpers/hub.js';

let hub: TestHub;
beforeAll(async () => {
  hub = await createTestHub();
});
afterAll(() => hub?.close());

describe('database pool', () => {
  it('keeps its connection after an SQL error, and the next queries succeed at once', async () => {
    const pool = hub.deps.database.pool;
    await pool.query('create table pool_probe (id int primary key)');
    await pool.query('insert into pool_probe values (1)');
    let removed = 0;
    const onRemove = () => removed++;
    pool.on('remove', onRemove);
    try {
      for (let i = 0; i < 5; i++) {
        const failing = pool.query({ name: 'pool_probe_insert', text: 'insert into pool_probe values ($1)', values: [1] });
        const following = [pool.query('select count(*)::int as n from pool_probe'), pool.query('select 1 as one')];
        await expect(failing).rejects.toBeInstanceOf(pg.DatabaseError);
        const [count, one] = await Promise.all(following);
        expect(count!.rows[0].n).toBe(1);
        expect(one!.rows[0].one).toBe(1);
      }
      expect(removed).toBe(0); // pg-pool's own pool.query would have dropped a connection per failure
    } finally {
      pool.off('remove', onRemove);
      await pool.query('drop table pool_probe');
    }
  });
});
