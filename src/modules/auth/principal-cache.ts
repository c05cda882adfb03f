import type { PrincipalRow } from '../partners/partners.repo.js';

/**
 * Remembers, per API key, whether it may still be used (key active, company active, tier).
 * Every authenticated request needs this; without the cache it costs a query per request.
 *
 * Correctness rests on invalidation, not on expiry: every change to a key or a company drops the
 * entries it touches in this process at once, and, through PostgreSQL NOTIFY sent in the same
 * transaction, in every other process. A generation counter stops a load that started before an
 * invalidation from writing its stale answer back afterwards. The TTL is only a backstop.
 */
export class PrincipalCache {
  private readonly entries = new Map<string, { row: PrincipalRow; at: number }>();
  private generation = 0;

  constructor(
    private readonly ttlMs = 60_000,
    private readonly maxEntries = 50_000,
  ) {}

  async get(keyId: string, load: () => Promise<PrincipalRow | undefined>): Promise<PrincipalRow | undefined> {
    const hit = this.entries.get(keyId);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.row;
    const gen = this.generation;
    const row = await load();
    if (row && gen === this.generation) {
      if (this.entries.size >= this.maxEntries) this.entries.clear();
      this.entries.set(keyId, { row, at: Date.now() });
    }
    return row;
  }

  invalidateKey(keyId: string): void {
    this.generation++;
    this.entries.delete(keyId);
  }

  invalidateCompany(companyId: string): void {
    this.generation++;
    for (const [k, v] of this.entries) if (v.row.companyId === companyId) this.entries.delete(k);
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }

  /** Applies a message from the `ff_auth_invalidate` channel: `key:<id>` or `company:<id>`. */
  apply(message: string): void {
    const [kind, id] = message.split(':', 2);
    if (kind === 'key' && id) this.invalidateKey(id);
    else if (kind === 'company' && id) this.invalidateCompany(id);
    else this.clear();
  }
}

export const AUTH_CHANNEL = 'ff_auth_invalidate';
