import type { Database } from '../../db/client.js';
import { withTransaction, type Tx } from '../../db/tx.js';
import { appError } from '../../errors.js';
import type { Jobs } from '../../jobs/queue.js';
import { newId } from '../../lib/ids.js';
import { generateApiKey, generateSecret, hashSecret, keyPreview } from './credentials.js';
import * as repo from './partners.repo.js';
import { quotaPeriod, tierLimits, TIERS, type Tier } from './tiers.js';
import { welcomeEmail } from './welcome-email.js';
import { presentEndpoint, type WebhooksService } from '../webhooks/webhooks.service.js';

/**
 * Active (unrevoked) API keys a company may hold at once. Keys are for distinct integrations; a cap
 * bounds what a leaked token can mint and what the auth cache holds per company. Revoked keys do not count.
 */
export const MAX_ACTIVE_KEYS_PER_COMPANY = 20;

/**
 * Whoever caches what a key may do (the auth module's principal cache) hears of a key's change
 * through this: `announce` inside the transaction that makes it, `applied` once it has committed.
 * Partners does not know the cache; the composition passes the auth module's invalidation.
 */
export interface KeyChanges {
  announce(tx: Tx, change: `key:${string}`): Promise<void>;
  applied(change: `key:${string}`): void;
}

export type { KeyForAuth, PrincipalRow } from './partners.repo.js';

/** What an admin may change on a company. */
export type CompanySettings = Parameters<typeof repo.updateCompany>[2];
export type CompanyWithUsage = NonNullable<Awaited<ReturnType<typeof repo.getCompanyWithUsage>>>;

export interface OnboardingInput {
  company: { name: string; email: string; industry?: string };
  tier: Tier;
  webhooks?: Array<{ url: string; events: string[] }>;
}

export function createPartnersService(deps: {
  database: Database;
  jobs: Jobs;
  keyChanges: KeyChanges;
  webhooks: Pick<WebhooksService, 'prepareEndpoint'>;
  publicUrl: string;
}) {
  const { database, jobs, keyChanges } = deps;

  async function issueKey(tx: Tx, companyId: string, name: string) {
    const key = generateApiKey();
    const secret = generateSecret();
    const row = await repo.insertApiKey(tx.db, { id: newId('apiKey'), companyId, name, key, secretHash: hashSecret(secret) });
    return { row, secret };
  }

  return {
    /** Phase 1: company, first API key (secret shown once), tier limits, webhooks, welcome email. */
    async onboard(input: OnboardingInput) {
      const now = new Date();
      const limits = tierLimits(input.tier);
      return withTransaction(database, async (tx) => {
        if (await repo.companyEmailExists(tx.db, input.company.email)) throw appError('COMPANY_EMAIL_TAKEN', input.company.email);
        // The check above answers the common case; the unique index decides a race between two requests.
        const company = await repo
          .insertCompany(
            tx.db,
            {
              id: newId('company'),
              name: input.company.name,
              email: input.company.email,
              industry: input.company.industry ?? null,
              tier: input.tier,
              status: 'active',
              ...limits,
            },
            quotaPeriod(now),
          )
          .catch((err: unknown) => {
            throw repo.isCompanyEmailViolation(err) ? appError('COMPANY_EMAIL_TAKEN', input.company.email) : err;
          });
        const { row: key, secret } = await issueKey(tx, company.id, 'Default key');
        // Same objects as POST /webhooks: URL checked against the SSRF policy, secret sealed, shown once here.
        const prepared = (input.webhooks ?? []).map((w) => deps.webhooks.prepareEndpoint(company.id, w));
        const inserted = await repo.insertWebhooks(
          tx.db,
          prepared.map((p) => p.row),
        );
        const webhooks = prepared.map((p) => ({ ...presentEndpoint(inserted.find((r) => r.id === p.row.id)!), secret: p.secret }));
        // In the same transaction: no company without its welcome email, no email for a rolled-back company.
        await jobs.send('mail.send', welcomeEmail({ company, apiKey: key.key, publicUrl: deps.publicUrl }), { tx });
        return {
          company: presentCompany(company),
          apiKey: { ...presentKey(key), key: key.key, secret },
          webhooks,
          limits: {
            requestsPerMinute: TIERS[input.tier].requestsPerMinute,
            monthlyShipments: limits.monthlyQuota,
            capacity: limits.capacity,
          },
        };
      });
    },

    async listKeys(companyId: string) {
      return (await repo.listApiKeys(database.db, companyId)).map(presentKey);
    },

    async createKey(companyId: string, name: string) {
      return withTransaction(database, async (tx) => {
        await repo.lockCompanyForKeys(tx.db, companyId);
        if ((await repo.countActiveKeys(tx.db, companyId)) >= MAX_ACTIVE_KEYS_PER_COMPANY)
          throw appError('API_KEY_LIMIT_REACHED', MAX_ACTIVE_KEYS_PER_COMPANY);
        const { row, secret } = await issueKey(tx, companyId, name);
        return { ...presentKey(row), key: row.key, secret };
      });
    },

    /**
     * A company may not revoke its own last active key (it would lock itself out); an admin may
     * (`allowLast`: a leaked key is cut off at once, and the admin issues the company a new one).
     */
    async revokeKey(companyId: string, keyId: string, opts: { allowLast?: boolean } = {}) {
      const row = await withTransaction(database, async (tx) => {
        const existing = await repo.getApiKey(tx.db, companyId, keyId);
        if (!existing) throw appError('API_KEY_NOT_FOUND', keyId);
        if (!existing.revokedAt && !opts.allowLast) {
          const active = await repo.lockActiveKeys(tx.db, companyId);
          if (active.length <= 1) throw appError('LAST_ACTIVE_KEY');
        }
        const revoked = await repo.revokeApiKey(tx.db, companyId, keyId);
        await keyChanges.announce(tx, `key:${keyId}`);
        return revoked!;
      });
      keyChanges.applied(`key:${keyId}`);
      return presentKey(row);
    },

    /** The admin's list of companies with their usage (the admin module presents it). */
    listCompaniesWithUsage(f: { status?: string; tier?: string }, limit: number, offset: number) {
      return repo.listCompaniesWithUsage(database.db, f, limit, offset);
    },

    companyWithUsage(companyId: string) {
      return repo.getCompanyWithUsage(database.db, companyId);
    },

    /** Changes a company's settings inside the caller's transaction (the admin records it in the same one). */
    updateCompanySettings(tx: Tx, companyId: string, set: CompanySettings) {
      return repo.updateCompany(tx.db, companyId, set);
    },

    async getCompany(companyId: string) {
      const c = await repo.getCompany(database.db, companyId);
      if (!c) throw appError('COMPANY_NOT_FOUND', companyId);
      return presentCompany(c);
    },

    // --- for the auth module (which owns no key or company rows) ---------------------------------

    /** The key with this public identifier, its secret's hash and its company's state. */
    findKeyForAuth(key: string): Promise<repo.KeyForAuth | undefined> {
      return repo.findKeyForAuth(database.db, key);
    },

    /** What a key may do now (key revoked? company active? tier): the auth cache's source. */
    principal(keyId: string): Promise<repo.PrincipalRow | undefined> {
      return repo.getPrincipal(database.db, keyId);
    },

    /** Records that the key was just used to log in. */
    touchKey(keyId: string): Promise<void> {
      return repo.touchApiKey(database.db, keyId);
    },
  };
}

export type PartnersService = ReturnType<typeof createPartnersService>;

export function presentCompany(c: repo.CompanyRow) {
  return {
    id: c.id,
    name: c.name,
    email: c.email,
    industry: c.industry,
    tier: c.tier,
    status: c.status,
    capacity: c.capacity,
    monthlyQuota: c.monthlyQuota,
    rateLimitPerMinute: c.rateLimitPerMinute,
    balance: Number(c.balance),
    createdAt: c.createdAt.toISOString(),
  };
}

export function presentKey(k: repo.ApiKeyRow) {
  return {
    id: k.id,
    name: k.name,
    keyPreview: keyPreview(k.key),
    status: k.revokedAt ? ('revoked' as const) : ('active' as const),
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
  };
}
