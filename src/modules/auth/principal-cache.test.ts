import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PrincipalRow } from '../partners/partners.service.js';
import { AUTH_CHANNEL, PrincipalCache, type AdminPrincipal } from './principal-cache.js';

function row(keyId: string, companyId: string, over: Partial<PrincipalRow> = {}): PrincipalRow {
  return { keyId, companyId, keyRevoked: false, companyStatus: 'active', tier: 'starter', rateLimitPerMinute: 60, ...over };
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A loader that counts its calls and answers from a mutable "database". */
function fakeDb(initial: PrincipalRow[]) {
  const rows = new Map(initial.map((r) => [r.keyId, r]));
  const calls: string[] = [];
  return {
    rows,
    calls,
    loader: (keyId: string) => async () => {
      calls.push(keyId);
      return rows.get(keyId);
    },
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('PrincipalCache', () => {
  it('uses the channel name ff_auth_invalidate', () => {
    expect(AUTH_CHANNEL).toBe('ff_auth_invalidate');
  });

  describe('hit and miss', () => {
    it('loads on a miss, then answers from memory', async () => {
      const sut = new PrincipalCache();
      const db = fakeDb([row('key_a', 'cmp_1')]);
      expect(await sut.get('key_a', db.loader('key_a'))).toEqual(row('key_a', 'cmp_1'));
      expect(await sut.get('key_a', db.loader('key_a'))).toEqual(row('key_a', 'cmp_1'));
      expect(await sut.get('key_a', db.loader('key_a'))).toEqual(row('key_a', 'cmp_1'));
      expect(db.calls).toEqual(['key_a']);
    });

    it('keeps keys apart', async () => {
      const sut = new PrincipalCache();
      const db = fakeDb([row('key_a', 'cmp_1'), row('key_b', 'cmp_2', { tier: 'enterprise' })]);
      expect((await sut.get('key_a', db.loader('key_a')))?.companyId).toBe('cmp_1');
      expect((await sut.get('key_b', db.loader('key_b')))?.tier).toBe('enterprise');
      expect((await sut.get('key_a', db.loader('key_a')))?.companyId).toBe('cmp_1');
      expect(db.calls).toEqual(['key_a', 'key_b']);
    });

    it('does not remember a miss: an unknown key is looked up every time', async () => {
      const sut = new PrincipalCache();
      const db = fakeDb([]);
      expect(await sut.get('key_x', db.loader('key_x'))).toBeUndefined();
      db.rows.set('key_x', row('key_x', 'cmp_1'));
      expect(await sut.get('key_x', db.loader('key_x'))).toEqual(row('key_x', 'cmp_1'));
      expect(db.calls).toEqual(['key_x', 'key_x']);
    });

    it('a failing load propagates and caches nothing', async () => {
      const sut = new PrincipalCache();
      await expect(sut.get('key_a', () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
      const db = fakeDb([row('key_a', 'cmp_1')]);
      expect(await sut.get('key_a', db.loader('key_a'))).toBeDefined();
      expect(db.calls).toEqual(['key_a']);
    });

    it('the TTL is a backstop: an entry older than ttlMs is reloaded', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date('2025-01-20T00:00:00Z'));
      const sut = new PrincipalCache(1_000);
      const db = fakeDb([row('key_a', 'cmp_1')]);
      await sut.get('key_a', db.loader('key_a'));
      vi.setSystemTime(new Date('2025-01-20T00:00:00.999Z'));
      await sut.get('key_a', db.loader('key_a'));
      expect(db.calls).toHaveLength(1);
      vi.setSystemTime(new Date('2025-01-20T00:00:01.000Z'));
      await sut.get('key_a', db.loader('key_a'));
      expect(db.calls).toHaveLength(2);
    });

    it('never grows past maxEntries', async () => {
      const sut = new PrincipalCache(60_000, 3);
      const rows = ['k1', 'k2', 'k3', 'k4'].map((k) => row(k, 'cmp_1'));
      const db = fakeDb(rows);
      for (const r of rows) await sut.get(r.keyId, db.loader(r.keyId));
      const size = (sut as unknown as { entries: Map<string, unknown> }).entries.size;
      expect(size).toBeLessThanOrEqual(3);
      // The newest entry is kept.
      await sut.get('k4', db.loader('k4'));
      expect(db.calls.filter((k) => k === 'k4')).toHaveLength(1);
    });
  });

  describe('invalidation', () => {
    it('invalidateKey drops that key only', async () => {
      const sut = new PrincipalCache();
      const db = fakeDb([row('key_a', 'cmp_1'), row('key_b', 'cmp_1')]);
      await sut.get('key_a', db.loader('key_a'));
      await sut.get('key_b', db.loader('key_b'));
      db.rows.set('key_a', row('key_a', 'cmp_1', { keyRevoked: true }));
      sut.invalidateKey('key_a');
      expect((await sut.get('key_a', db.loader('key_a')))?.keyRevoked).toBe(true);
      await sut.get('key_b', db.loader('key_b'));
      expect(db.calls).toEqual(['key_a', 'key_b', 'key_a']);
    });

    it('invalidateCompany drops every key of that company and no other', async () => {
      const sut = new PrincipalCache();
      const db = fakeDb([row('key_a', 'cmp_1'), row('key_b', 'cmp_1'), row('key_c', 'cmp_2')]);
      for (const k of ['key_a', 'key_b', 'key_c']) await sut.get(k, db.loader(k));
      db.rows.set('key_a', row('key_a', 'cmp_1', { companyStatus: 'suspended' }));
      db.rows.set('key_b', row('key_b', 'cmp_1', { companyStatus: 'suspended' }));
      sut.invalidateCompany('cmp_1');
      expect((await sut.get('key_a', db.loader('key_a')))?.companyStatus).toBe('suspended');
      expect((await sut.get('key_b', db.loader('key_b')))?.companyStatus).toBe('suspended');
      await sut.get('key_c', db.loader('key_c'));
      expect(db.calls).toEqual(['key_a', 'key_b', 'key_c', 'key_a', 'key_b']);
    });

    it('clear drops everything', async () => {
      const sut = new PrincipalCache();
      const db = fakeDb([row('key_a', 'cmp_1'), row('key_c', 'cmp_2')]);
      await sut.get('key_a', db.loader('key_a'));
      await sut.get('key_c', db.loader('key_c'));
      sut.clear();
      await sut.get('key_a', db.loader('key_a'));
      await sut.get('key_c', db.loader('key_c'));
      expect(db.calls).toEqual(['key_a', 'key_c', 'key_a', 'key_c']);
    });

    it('invalidating something not cached is harmless', async () => {
      const sut = new PrincipalCache();
      const db = fakeDb([row('key_a', 'cmp_1')]);
      sut.invalidateKey('key_zzz');
      sut.invalidateCompany('cmp_zzz');
      expect(await sut.get('key_a', db.loader('key_a'))).toBeDefined();
      await sut.get('key_a', db.loader('key_a'));
      expect(db.calls).toEqual(['key_a']);
    });
  });

  describe('apply (messages from other processes)', () => {
    async function primed() {
      const sut = new PrincipalCache();
      const db = fakeDb([row('key_a', 'cmp_1'), row('key_b', 'cmp_1'), row('key_c', 'cmp_2')]);
      for (const k of ['key_a', 'key_b', 'key_c']) await sut.get(k, db.loader(k));
      db.calls.length = 0;
      const reloads = async () => {
        for (const k of ['key_a', 'key_b', 'key_c']) await sut.get(k, db.loader(k));
        return [...db.calls];
      };
      return { sut, reloads };
    }

    it("'key:<id>' invalidates that key", async () => {
      const { sut, reloads } = await primed();
      sut.apply('key:key_b');
      expect(await reloads()).toEqual(['key_b']);
    });

    it("'company:<id>' invalidates that company's keys", async () => {
      const { sut, reloads } = await primed();
      sut.apply('company:cmp_1');
      expect(await reloads()).toEqual(['key_a', 'key_b']);
    });

    it('an id that names nothing cached changes nothing', async () => {
      const { sut, reloads } = await primed();
      sut.apply('key:key_nope');
      sut.apply('company:cmp_nope');
      expect(await reloads()).toEqual([]);
    });

    it.each(['', 'garbage', 'key:', 'company:', 'user:key_a', 'KEY:key_a'])('anything else (%j) clears everything, to be safe', async (msg) => {
      const { sut, reloads } = await primed();
      sut.apply(msg);
      expect(await reloads()).toEqual(['key_a', 'key_b', 'key_c']);
    });
  });

  describe('the race: a load that started before an invalidation', () => {
    it('does not write its stale row back (invalidateKey)', async () => {
      const sut = new PrincipalCache();
      const stale = deferred<PrincipalRow | undefined>();
      const inFlight = sut.get('key_a', () => stale.promise);
      // While the query is in flight, the key is revoked and the cache told so.
      sut.invalidateKey('key_a');
      stale.resolve(row('key_a', 'cmp_1', { keyRevoked: false }));
      // The request that started before the revocation may still see the old row…
      expect((await inFlight)?.keyRevoked).toBe(false);
      // …but the next one must go to the database, not to the stale answer.
      const fresh = vi.fn(async () => row('key_a', 'cmp_1', { keyRevoked: true }));
      expect((await sut.get('key_a', fresh))?.keyRevoked).toBe(true);
      expect(fresh).toHaveBeenCalledTimes(1);
    });

    it('does not write its stale row back (invalidateCompany / apply)', async () => {
      for (const invalidate of [
        (c: PrincipalCache) => c.invalidateCompany('cmp_1'),
        (c: PrincipalCache) => c.apply('company:cmp_1'),
        (c: PrincipalCache) => c.apply('key:key_a'),
        (c: PrincipalCache) => c.clear(),
      ]) {
        const sut = new PrincipalCache();
        const stale = deferred<PrincipalRow | undefined>();
        const inFlight = sut.get('key_a', () => stale.promise);
        invalidate(sut);
        stale.resolve(row('key_a', 'cmp_1', { companyStatus: 'active' }));
        await inFlight;
        const fresh = vi.fn(async () => row('key_a', 'cmp_1', { companyStatus: 'suspended' }));
        expect((await sut.get('key_a', fresh))?.companyStatus).toBe('suspended');
        expect(fresh).toHaveBeenCalledTimes(1);
      }
    });

    it('a fresh load that finishes first is not overwritten by the older one', async () => {
      const sut = new PrincipalCache();
      const old = deferred<PrincipalRow | undefined>();
      const oldGet = sut.get('key_a', () => old.promise);
      sut.invalidateKey('key_a');
      // A new request after the invalidation loads and caches the fresh row.
      expect((await sut.get('key_a', async () => row('key_a', 'cmp_1', { tier: 'professional' })))?.tier).toBe('professional');
      // Now the old query returns.
      old.resolve(row('key_a', 'cmp_1', { tier: 'starter' }));
      await oldGet;
      const next = vi.fn(async () => row('key_a', 'cmp_1', { tier: 'never-loaded' }));
      expect((await sut.get('key_a', next))?.tier).toBe('professional');
      expect(next).not.toHaveBeenCalled();
    });

    it('a load with no invalidation in between is cached as usual', async () => {
      const sut = new PrincipalCache();
      const d = deferred<PrincipalRow | undefined>();
      const p = sut.get('key_a', () => d.promise);
      d.resolve(row('key_a', 'cmp_1'));
      await p;
      const next = vi.fn(async () => row('key_a', 'cmp_9'));
      expect((await sut.get('key_a', next))?.companyId).toBe('cmp_1');
      expect(next).not.toHaveBeenCalled();
    });
  });

  describe('admins', () => {
    const adminRow = (adminId: string, tokenGeneration = 0): AdminPrincipal => ({ adminId, tokenGeneration });

    it('caches an admin like a key: one load, then memory; a miss is never remembered', async () => {
      const sut = new PrincipalCache();
      const load = vi.fn(async () => adminRow('adm_a', 2));
      expect(await sut.getAdmin('adm_a', load)).toEqual({ adminId: 'adm_a', tokenGeneration: 2 });
      expect(await sut.getAdmin('adm_a', load)).toEqual({ adminId: 'adm_a', tokenGeneration: 2 });
      expect(load).toHaveBeenCalledTimes(1);
      const missing = vi.fn(async () => undefined);
      expect(await sut.getAdmin('adm_x', missing)).toBeUndefined();
      expect(await sut.getAdmin('adm_x', missing)).toBeUndefined();
      expect(missing).toHaveBeenCalledTimes(2);
    });

    it("invalidateAdmin and 'admin:<id>' drop that admin only; key and company messages leave admins alone", async () => {
      const sut = new PrincipalCache();
      const keys = fakeDb([row('key_a', 'cmp_1')]);
      const calls: string[] = [];
      const loader =
        (id: string, gen = 0) =>
        async () => {
          calls.push(id);
          return adminRow(id, gen);
        };
      await sut.get('key_a', keys.loader('key_a'));
      await sut.getAdmin('adm_a', loader('adm_a'));
      await sut.getAdmin('adm_b', loader('adm_b'));

      sut.invalidateAdmin('adm_a');
      expect((await sut.getAdmin('adm_a', loader('adm_a', 1)))?.tokenGeneration).toBe(1);
      sut.apply('admin:adm_b');
      await sut.getAdmin('adm_b', loader('adm_b'));
      sut.apply('key:key_a');
      sut.apply('company:cmp_1');
      await sut.getAdmin('adm_a', loader('adm_a'));
      await sut.getAdmin('adm_b', loader('adm_b'));
      expect(calls).toEqual(['adm_a', 'adm_b', 'adm_a', 'adm_b']);
      // …and an admin message leaves keys alone.
      await sut.get('key_a', keys.loader('key_a')); // reloaded: the key message above dropped it
      sut.apply('admin:adm_a');
      await sut.get('key_a', keys.loader('key_a'));
      expect(keys.calls).toEqual(['key_a', 'key_a']);
    });

    it.each(['admin:', 'ADMIN:adm_a', 'garbage'])('a malformed message (%j) clears admins too', async (msg) => {
      const sut = new PrincipalCache();
      const load = vi.fn(async () => adminRow('adm_a'));
      await sut.getAdmin('adm_a', load);
      sut.apply(msg);
      await sut.getAdmin('adm_a', load);
      expect(load).toHaveBeenCalledTimes(2);
    });

    it('a load that started before the admin was invalidated does not write its stale generation back', async () => {
      const sut = new PrincipalCache();
      const stale = deferred<AdminPrincipal | undefined>();
      const inFlight = sut.getAdmin('adm_a', () => stale.promise);
      // The password is reset while the lookup is in flight.
      sut.invalidateAdmin('adm_a');
      stale.resolve(adminRow('adm_a', 0));
      expect((await inFlight)?.tokenGeneration).toBe(0);
      const fresh = vi.fn(async () => adminRow('adm_a', 1));
      expect((await sut.getAdmin('adm_a', fresh))?.tokenGeneration).toBe(1);
      expect(fresh).toHaveBeenCalledTimes(1);
    });

    it('the TTL and the size bound apply to admins as well', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date('2025-01-20T00:00:00Z'));
      const sut = new PrincipalCache(1_000, 2);
      const load = vi.fn(async () => adminRow('adm_a'));
      await sut.getAdmin('adm_a', load);
      vi.setSystemTime(new Date('2025-01-20T00:00:01.000Z'));
      await sut.getAdmin('adm_a', load);
      expect(load).toHaveBeenCalledTimes(2);
      for (const id of ['adm_b', 'adm_c', 'adm_d']) await sut.getAdmin(id, async () => adminRow(id));
      const size = (sut as unknown as { admins: Map<string, unknown> }).admins.size;
      expect(size).toBeLessThanOrEqual(2);
    });
  });
});
