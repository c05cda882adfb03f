import type { Logger } from 'pino';
import type { Database } from '../../db/client.js';
import { AppError, appError } from '../../errors.js';
import { secretMatches } from '../partners/credentials.js';
import type { KeyForAuth, PartnersService } from '../partners/partners.service.js';
import type { Tier } from '../partners/tiers.js';
import {
  insertApiLog,
  pruneApiLogRollupsChunk,
  pruneApiLogsChunk,
  searchApiLogs,
  type ApiLogAfter,
  type ApiLogFilter,
  type ApiLogInsert,
} from './api-log.repo.js';
import { submittedPreview } from './log-preview.js';
import type { PrincipalCache } from './principal-cache.js';
import type { PartnerClaims, TokenService } from './tokens.js';

/** Who is calling, established on every partner request. */
export interface Partner {
  companyId: string;
  apiKeyId: string;
  tier: Tier;
  rateLimitPerMinute: number | null;
}

export interface RequestMeta {
  ip: string;
  userAgent: string | undefined;
}

/** The admin search counts matching rows up to this many (`totalCapped` beyond). */
export const LOG_COUNT_CAP = 10_000;

export function createAuthService(deps: {
  database: Database;
  tokens: TokenService;
  cache: PrincipalCache;
  /** Keys and companies are the partners module's: read through its service. */
  partners: Pick<PartnersService, 'findKeyForAuth' | 'principal' | 'touchKey'>;
  log: Logger;
}) {
  const { database, tokens, cache, partners, log } = deps;
  const db = database.db;

  async function record(meta: RequestMeta, apiKey: string, outcome: string, statusCode: number, found?: KeyForAuth) {
    try {
      await insertApiLog(db, {
        kind: 'partner_auth',
        ip: meta.ip,
        // Never the submitted value itself: a secret pasted into the key field must not reach the log.
        apiKey: submittedPreview(apiKey),
        apiKeyId: found?.keyId ?? null,
        companyId: found?.companyId ?? null,
        outcome,
        statusCode,
        userAgent: meta.userAgent?.slice(0, 256) ?? null,
      });
    } catch (err) {
      // The answer to the caller does not depend on the audit row; the failure is logged loudly.
      log.error({ err }, 'could not write API log');
    }
  }

  return {
    /** Writes one row of the API log (logins of partners and admins); the log is this module's. */
    log(row: ApiLogInsert): Promise<void> {
      return insertApiLog(db, row);
    },

    /** The API log, newest first, filtered, one page (offset and/or keyset cursor), for the admin API. */
    async searchLogs(f: ApiLogFilter, page: { limit: number; offset: number; after?: ApiLogAfter | undefined }) {
      return searchApiLogs(db, f, page, LOG_COUNT_CAP);
    },

    /**
     * Deletes log rows older than `before` in chunks of `chunk` rows until none is left or `budgetMs`
     * has passed (the next run goes on); returns how many were deleted.
     */
    async pruneLogs(before: Date, opts: { chunk?: number; budgetMs?: number } = {}): Promise<number> {
      return pruneInChunks((n) => pruneApiLogsChunk(db, before, n), opts);
    },

    /** The same for the request rollups written beside the log (kept as long as the log). */
    async pruneRollups(before: Date, opts: { chunk?: number; budgetMs?: number } = {}): Promise<number> {
      return pruneInChunks((n) => pruneApiLogRollupsChunk(db, before, n), opts);
    },

    /** Phase 2: API key + secret → 24 h JWT. */
    async authenticate(input: { apiKey: string; secret: string }, meta: RequestMeta) {
      const found = await partners.findKeyForAuth(input.apiKey);
      // Always hash and compare, found or not, so timing does not reveal which keys exist.
      const ok = secretMatches(input.secret, found?.secretHash);
      if (!found || !ok) {
        await record(meta, input.apiKey, found ? 'secret_mismatch' : 'unknown_key', 401, found);
        throw appError('INVALID_CREDENTIALS');
      }
      if (found.revoked) {
        await record(meta, input.apiKey, 'key_revoked', 401, found);
        throw appError('API_KEY_REVOKED');
      }
      if (found.companyStatus !== 'active') {
        await record(meta, input.apiKey, 'company_suspended', 401, found);
        throw appError('COMPANY_SUSPENDED');
      }
      const claims: PartnerClaims = { companyId: found.companyId, apiKeyId: found.keyId, tier: found.tier, type: 'partner_api' };
      const token = tokens.signPartner(claims);
      await record(meta, input.apiKey, 'success', 200, found);
      await partners.touchKey(found.keyId).catch(() => {});
      return {
        token,
        expiresIn: tokens.partnerTtlSeconds,
        company: { id: found.companyId, name: found.companyName, tier: found.tier as Tier },
      };
    },

    /** Bearer token → partner, checking that the key and company are still active. */
    async resolvePartner(authorization: string | undefined): Promise<Partner> {
      const token = bearer(authorization);
      const result = tokens.verify(token);
      if (!result.ok) throw appError(result.reason === 'expired' ? 'TOKEN_EXPIRED' : 'TOKEN_INVALID');
      if (result.claims.type !== 'partner_api') throw appError('TOKEN_INVALID');
      const claims = result.claims;
      const p = await cache.get(claims.apiKeyId, () => partners.principal(claims.apiKeyId));
      if (!p || p.companyId !== claims.companyId) throw appError('TOKEN_INVALID');
      if (p.keyRevoked) throw appError('API_KEY_REVOKED');
      if (p.companyStatus !== 'active') throw appError('COMPANY_SUSPENDED');
      return { companyId: p.companyId, apiKeyId: p.keyId, tier: p.tier as Tier, rateLimitPerMinute: p.rateLimitPerMinute };
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;

export function bearer(authorization: string | undefined): string {
  if (!authorization) throw appError('TOKEN_MISSING');
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!m) throw new AppError('TOKEN_INVALID');
  return m[1]!;
}

/** Calls `deleteChunk` until it deletes fewer than a chunk or the time budget is spent; the total deleted. */
async function pruneInChunks(deleteChunk: (chunk: number) => Promise<number>, opts: { chunk?: number; budgetMs?: number }): Promise<number> {
  const chunk = opts.chunk ?? 5_000;
  const until = Date.now() + (opts.budgetMs ?? 5 * 60_000);
  let total = 0;
  for (;;) {
    const n = await deleteChunk(chunk);
    total += n;
    if (n < chunk || Date.now() >= until) return total;
  }
}
