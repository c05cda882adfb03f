import type { PrincipalRow } from '../partners/partners.service.js';

/** What an admin token is checked against on every request: the admin exists, and its token generation. */
export interface AdminPrincipal {
  adminId: string;
  tokenGeneration: number;
}

interface Entry<T> {
  row: T;
  at: number;
}

/**
 * Remembers, per API key, whether it may still be used (key active, company active, tier), and, per
 * admin, which token generation is current. Every authenticated request needs this; without the
 * cache it costs a query per request.
 *
 * Correctness rests on invalidation, not on expiry: every change to a key, a company or an admin
 * drops the entries it touches in this process at once, and, through PostgreSQL NOTIFY sent in the
 * same transaction, in every other process. A generation counter stops a load that started before an
 * invalidation from writing its stale answer back afterwards. The TTL is only a backstop.
 */
export class PrincipalCache {
  private readonly entries = new Map<string, Entry<PrincipalRow>>();
  private readonly admins = new Map<string, Entry<AdminPrincipal>>();
  private generation = 0;

  constructor(
    private readonly ttlMs = 60_000,
    private readonly maxEntries = 50_000,
  ) {}

  get(keyId: string, load: () => Promise<PrincipalRow | undefined>): Promise<PrincipalRow | undefined> {
    return this.through(this.entries, keyId, load);
  }

  getAdmin(adminId: string, load: () => Promise<AdminPrincipal | undefined>): Promise<AdminPrincipal | undefined> {
    return this.through(this.admins, adminId, load);
  }

  private async through<T>(map: Map<string, Entry<T>>, id: string, load: () => Promise<T | undefined>): Promise<T | undefined> {
    const hit = map.get(id);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.row;
    const gen = this.generation;
    const row = await load();
    if (row && gen === this.generation) {
      if (map.size >= this.maxEntries) map.clear();
      map.set(id, { row, at: Date.now() });
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

  invalidateAdmin(adminId: string): void {
    this.generation++;
    this.admins.delete(adminId);
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
    this.admins.clear();
  }

  /** Applies a message from the `ff_auth_invalidate` channel: `key:<id>`, `company:<id>` or `admin:<id>`. */
  apply(message: string): void {
    const [kind, id] = message.split(':', 2);
    if (kind === 'key' && id) this.invalidateKey(id);
    else if (kind === 'company' && id) this.invalidateCompany(id);
    else if (kind === 'admin' && id) this.invalidateAdmin(id);
    else this.clear();
  }
}

export const AUTH_CHANNEL = 'ff_auth_invalidate';
