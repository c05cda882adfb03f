import type { Logger } from 'pino';
import type { Database } from '../../db/client.js';
import { withTransaction, type Tx } from '../../db/tx.js';
import type { JobName, Jobs } from '../../jobs/queue.js';
import { appError } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import { pagination } from '../../lib/page.js';
import { submittedPreview } from '../auth/log-preview.js';
import { decodeCursor, encodeCursor, statusRange, type StatusClass } from '../auth/api-log.js';
import { bearer, type AuthService } from '../auth/auth.service.js';
import type { AuthInvalidation } from '../auth/invalidation.js';
import type { PrincipalCache } from '../auth/principal-cache.js';
import type { AdminClaims, TokenService } from '../auth/tokens.js';
import { presentCompany, type CompanySettings, type CompanyWithUsage, type PartnersService } from '../partners/partners.service.js';
import { tierLimits, type Tier } from '../partners/tiers.js';
import * as repo from './admin.repo.js';
import { hashPassword, verifyPassword } from './password.js';

export interface CompanyPatch {
  tier?: Tier;
  status?: 'active' | 'suspended';
  balance?: number;
  capacity?: number;
  monthlyQuota?: number | null;
  rateLimitPerMinute?: number | null;
}

/** The admin API log search's query, as its route validated it. */
export interface ApiLogQuery {
  companyId?: string;
  apiKeyId?: string;
  route?: string;
  statusClass?: StatusClass;
  kind?: 'request' | 'partner_auth' | 'admin_login';
  outcome?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit: number;
  offset: number;
}

export function createAdminService(deps: {
  database: Database;
  jobs: Pick<Jobs, 'retry'>;
  tokens: TokenService;
  cache: PrincipalCache;
  invalidation: AuthInvalidation;
  /** The API log is the auth module's: written and read through its service. */
  auth: Pick<AuthService, 'log' | 'searchLogs'>;
  /** Stored carrier callbacks are the carriers module's: replayed through its service. */
  /** Companies are the partners module's: read and changed through its service. */
  companies: Pick<PartnersService, 'listCompaniesWithUsage' | 'companyWithUsage' | 'updateCompanySettings'>;
  callbacks: { requeue(tx: Tx, id: number, note: string): Promise<'requeued' | 'rejected' | 'missing'> };
  log: Logger;
}) {
  const { database, tokens, cache, invalidation, auth, companies } = deps;
  const db = database.db;

  const presentWithUsage = (r: CompanyWithUsage) => ({
    ...presentCompany(r.company),
    usage: { activeShipments: r.activeShipments ?? 0, monthShipments: r.monthShipments ?? 0, period: r.period ?? null },
  });

  return {
    /** Creates an admin, or resets the password of an existing one with that email. */
    async createAdmin(email: string, password: string): Promise<{ id: string; email: string; created: boolean }> {
      const existing = await repo.findAdminByEmail(db, email);
      const passwordHash = await hashPassword(password);
      if (existing) {
        // A reset revokes the admin's tokens: the generation rises and every process hears it on commit.
        await withTransaction(database, async (tx) => {
          await repo.updateAdminPassword(tx.db, existing.id, passwordHash);
          await invalidation.announce(tx, `admin:${existing.id}`);
        });
        invalidation.applied(`admin:${existing.id}`);
        return { id: existing.id, email: existing.email, created: false };
      }
      const a = await repo.insertAdmin(db, { id: newId('admin'), email: email.toLowerCase(), passwordHash });
      return { id: a.id, email: a.email, created: true };
    },

    /** ADMIN_EMAIL / ADMIN_PASSWORD create the first admin when there is none. */
    async bootstrap(email: string | undefined, password: string | undefined): Promise<'created' | 'exists' | 'not-configured'> {
      if ((await repo.countAdmins(db)) > 0) return 'exists';
      if (!email || !password) return 'not-configured';
      // Insert only (never the password reset of createAdmin): two processes, say `--role api` and
      // `--role worker`, may start together on a fresh database; the unique index picks the one.
      const passwordHash = await hashPassword(password);
      try {
        await repo.insertAdmin(db, { id: newId('admin'), email: email.toLowerCase(), passwordHash });
      } catch (err) {
        if (repo.isAdminEmailViolation(err)) return 'exists';
        throw err;
      }
      return 'created';
    },

    async hasAdmins(): Promise<boolean> {
      return (await repo.countAdmins(db)) > 0;
    },

    async login(email: string, password: string, meta: { ip: string; userAgent: string | undefined }) {
      const admin = await repo.findAdminByEmail(db, email);
      const ok = await verifyPassword(password, admin?.passwordHash);
      await auth
        .log({
          kind: 'admin_login',
          ip: meta.ip,
          // An email that names an admin is kept as typed; anything else may be a password typed into
          // the wrong field, so only its preview is.
          apiKey: admin ? email.slice(0, 64) : submittedPreview(email),
          outcome: ok ? 'success' : 'invalid_credentials',
          statusCode: ok ? 200 : 401,
          userAgent: meta.userAgent?.slice(0, 256) ?? null,
        })
        .catch((err) => deps.log.error({ err }, 'could not write API log'));
      if (!admin || !ok) throw appError('ADMIN_INVALID_CREDENTIALS');
      await repo.touchAdminLogin(db, admin.id);
      const token = tokens.signAdmin({ adminId: admin.id, email: admin.email, type: 'admin', gen: admin.tokenGeneration });
      return { token, expiresIn: tokens.adminTtlSeconds, admin: { id: admin.id, email: admin.email } };
    },

    /**
     * Bearer token → admin, checking on every request that the admin still exists and that its
     * password was not reset since the token was issued (the token's generation is still current).
     */
    async resolveAdmin(authorization: string | undefined): Promise<AdminClaims> {
      const result = tokens.verify(bearer(authorization));
      if (!result.ok) throw appError(result.reason === 'expired' ? 'TOKEN_EXPIRED' : 'TOKEN_INVALID');
      const claims = result.claims;
      if (claims.type !== 'admin') throw appError('TOKEN_INVALID');
      const current = await cache.getAdmin(claims.adminId, () => repo.getAdminPrincipal(db, claims.adminId));
      if (!current || current.tokenGeneration !== claims.gen) throw appError('TOKEN_INVALID');
      return claims;
    },

    async listCompanies(q: { status?: string; tier?: string; limit: number; offset: number }) {
      const { rows, total } = await companies.listCompaniesWithUsage(q, q.limit, q.offset);
      return { data: rows.map(presentWithUsage), pagination: pagination(q, rows.length, total) };
    },

    async getCompany(id: string) {
      const r = await companies.companyWithUsage(id);
      if (!r) throw appError('COMPANY_NOT_FOUND', id);
      return presentWithUsage(r);
    },

    /** Tier change resets the tier's limits unless the same request overrides them. */
    async updateCompany(adminId: string, id: string, patch: CompanyPatch) {
      await withTransaction(database, async (tx) => {
        const set: CompanySettings = {};
        if (patch.tier) Object.assign(set, { tier: patch.tier }, tierLimits(patch.tier));
        if (patch.status) set.status = patch.status;
        if (patch.balance !== undefined) set.balance = patch.balance.toFixed(2);
        if (patch.capacity !== undefined) set.capacity = patch.capacity;
        if (patch.monthlyQuota !== undefined) set.monthlyQuota = patch.monthlyQuota;
        if (patch.rateLimitPerMinute !== undefined) set.rateLimitPerMinute = patch.rateLimitPerMinute;
        const row = await companies.updateCompanySettings(tx, id, set);
        if (!row) throw appError('COMPANY_NOT_FOUND', id);
        await repo.insertActivity(tx.db, { actorType: 'admin', actorId: adminId, action: 'company.updated', subjectId: id, details: patch });
        await invalidation.announce(tx, `company:${id}`);
      });
      invalidation.applied(`company:${id}`);
      return this.getCompany(id);
    },

    /** Retries a dead-lettered job once more, recorded in the activity log in the same transaction; false: no such failed job. */
    async retryJob(adminId: string, queue: JobName, id: string): Promise<boolean> {
      return withTransaction(database, async (tx) => {
        if (!(await deps.jobs.retry(queue, id, { tx }))) return false;
        await repo.insertActivity(tx.db, { actorType: 'admin', actorId: adminId, action: 'job.retried', subjectId: `${queue}/${id}` });
        return true;
      });
    },

    /**
     * Replays a stored carrier callback, recorded in the activity log in the same transaction. The
     * callbacks port is the carriers module's service (wired in services.ts).
     */
    async replayCallback(adminId: string, id: number): Promise<'requeued' | 'rejected' | 'missing'> {
      return withTransaction(database, async (tx) => {
        const r = await deps.callbacks.requeue(tx, id, `replay requested by ${adminId}`);
        if (r === 'requeued')
          await repo.insertActivity(tx.db, { actorType: 'admin', actorId: adminId, action: 'carrier_callback.replayed', subjectId: String(id) });
        return r;
      });
    },

    /** The API log search (the auth module's log): filters, then a page by offset and/or keyset cursor. */
    async listApiLogs(q: ApiLogQuery) {
      if (q.cursor && q.offset > 0) throw appError('VALIDATION_FAILED', 'use either cursor or offset, not both');
      const from = q.from ? new Date(q.from) : undefined;
      const to = q.to ? new Date(q.to) : undefined;
      if (from && to && from >= to) throw appError('VALIDATION_FAILED', 'from must be before to');
      const status = q.statusClass ? statusRange(q.statusClass) : undefined;
      const { rows, hasMore, total, totalCapped } = await auth.searchLogs(
        {
          companyId: q.companyId,
          apiKeyId: q.apiKeyId,
          route: q.route,
          kind: q.kind,
          outcome: q.outcome,
          statusFrom: status?.from,
          statusTo: status?.to,
          from,
          to,
        },
        { limit: q.limit, offset: q.offset, after: q.cursor ? decodeCursor(q.cursor) : undefined },
      );
      const last = rows.at(-1);
      return {
        data: rows.map(({ atMicros: _, ...r }) => ({ ...r, at: r.at.toISOString() })),
        pagination: {
          total,
          limit: q.limit,
          offset: q.offset,
          hasMore,
          totalCapped,
          nextCursor: hasMore && last ? encodeCursor(last.atMicros, last.id) : null,
        },
      };
    },
  };
}

export type AdminService = ReturnType<typeof createAdminService>;
