import { createSigner, createVerifier, TokenError } from 'fast-jwt';

/** The seed's partner token payload (phase 2.3). */
export interface PartnerClaims {
  companyId: string;
  apiKeyId: string;
  tier: string;
  type: 'partner_api';
}
export interface AdminClaims {
  adminId: string;
  email: string;
  type: 'admin';
}

export type VerifyResult<T> = { ok: true; claims: T } | { ok: false; reason: 'expired' | 'invalid' };

export interface TokenService {
  signPartner(claims: PartnerClaims): string;
  signAdmin(claims: AdminClaims): string;
  verify(token: string): VerifyResult<PartnerClaims | AdminClaims>;
  readonly partnerTtlSeconds: number;
  readonly adminTtlSeconds: number;
}

export function createTokenService(secret: string, partnerTtlSeconds: number, adminTtlSeconds = 12 * 3600): TokenService {
  const common = { key: secret, algorithm: 'HS256' as const, iss: 'fastforward' };
  const signPartner = createSigner({ ...common, expiresIn: partnerTtlSeconds * 1000, aud: 'partner_api' });
  const signAdmin = createSigner({ ...common, expiresIn: adminTtlSeconds * 1000, aud: 'admin' });
  // Pinning the algorithm stops "alg: none" and key-confusion tokens. fast-jwt checks iss/aud/exp
  // only when present, so they are also required: no token without an issuer or an expiry.
  const verifier = createVerifier({
    key: secret,
    algorithms: ['HS256'],
    allowedIss: 'fastforward',
    allowedAud: ['partner_api', 'admin'],
    requiredClaims: ['iss', 'aud', 'exp'],
    cache: 10_000,
  });
  return {
    partnerTtlSeconds,
    adminTtlSeconds,
    signPartner: (c) => signPartner({ ...c }),
    signAdmin: (c) => signAdmin({ ...c }),
    verify(token) {
      try {
        const claims = verifier(token) as (PartnerClaims | AdminClaims) & { aud?: string };
        if (claims.type === 'partner_api' && claims.aud === 'partner_api' && safeId(claims.companyId) && safeId(claims.apiKeyId)) {
          return { ok: true, claims };
        }
        if (claims.type === 'admin' && claims.aud === 'admin' && safeId(claims.adminId)) return { ok: true, claims };
        return { ok: false, reason: 'invalid' };
      } catch (err) {
        if (err instanceof TokenError && err.code === TokenError.codes.expired) return { ok: false, reason: 'expired' };
        return { ok: false, reason: 'invalid' };
      }
    },
  };
}

/** Ids from a token reach SQL: only short, printable, id-shaped strings (never a NUL) get that far. */
function safeId(v: unknown): boolean {
  return typeof v === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(v);
}
