import { describe, expect, it } from 'vitest';
import type { Tx } from '../../db/tx.js';
import { createAuthInvalidation } from './invalidation.js';
import { AUTH_CHANNEL, PrincipalCache } from './principal-cache.js';

const principal = (keyId: string, companyId: string) => ({
  keyId,
  companyId,
  keyRevoked: false,
  companyStatus: 'active',
  tier: 'starter',
  rateLimitPerMinute: null,
});

describe('auth invalidation (the port partners and admin report changes through)', () => {
  it('announce: NOTIFY on the auth channel inside the given transaction', async () => {
    const sent: unknown[][] = [];
    const tx = { client: { query: async (text: string, values: unknown[]) => void sent.push([text, ...values]) } } as unknown as Tx;
    await createAuthInvalidation(new PrincipalCache()).announce(tx, 'key:k1');
    expect(sent).toEqual([['SELECT pg_notify($1, $2)', AUTH_CHANNEL, 'key:k1']]);
  });

  it('applied: drops the entries the change touches in this process', async () => {
    const cache = new PrincipalCache();
    const inv = createAuthInvalidation(cache);
    let loads = 0;
    const load = (keyId: string, companyId: string) => async () => (loads++, principal(keyId, companyId));
    await cache.get('k1', load('k1', 'c1'));
    await cache.get('k2', load('k2', 'c2'));
    await cache.getAdmin('a1', async () => (loads++, { adminId: 'a1', tokenGeneration: 1 }));
    expect(loads).toBe(3);
    inv.applied('key:k1');
    await cache.get('k1', load('k1', 'c1'));
    await cache.get('k2', load('k2', 'c2'));
    expect(loads).toBe(4);
    inv.applied('company:c2');
    await cache.get('k2', load('k2', 'c2'));
    expect(loads).toBe(5);
    inv.applied('admin:a1');
    await cache.getAdmin('a1', async () => (loads++, { adminId: 'a1', tokenGeneration: 2 }));
    expect(loads).toBe(6);
  });
});
