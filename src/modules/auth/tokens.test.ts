import { createHmac } from 'node:crypto';
import { createSigner } from 'fast-jwt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTokenService, VerifiedTokens, type AdminClaims, type PartnerClaims } from './tokens.js';

const SECRET = 'test-secret-0123456789-abcdefghijklmnop';
const OTHER_SECRET = 'another-secret-0123456789-abcdefghijklm';
const partner: PartnerClaims = { companyId: 'cmp_1', apiKeyId: 'key_1', tier: 'professional', type: 'partner_api' };
const admin: AdminClaims = { adminId: 'adm_1', email: 'ops@example.com', type: 'admin', gen: 3 };

const b64url = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const decodePart = (token: string, i: number) =>
  JSON.parse(Buffer.from(token.split('.')[i]!, 'base64url').toString('utf8')) as Record<string, unknown>;
/** Hand-made HS256 token: any header and payload, signed with any key. */
function forge(header: Record<string, unknown>, payload: Record<string, unknown>, key = SECRET): string {
  const input = `${b64url(header)}.${b64url(payload)}`;
  return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
}
const nowS = () => Math.floor(Date.now() / 1000);

afterEach(() => {
  vi.useRealTimers();
});

describe('createTokenService', () => {
  describe('partner tokens (seed phase 2.3)', () => {
    it('round-trips the seed payload', () => {
      const sut = createTokenService(SECRET, 86_400);
      const result = sut.verify(sut.signPartner(partner));
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.claims).toMatchObject(partner);
    });

    it('is HS256, issued by fastforward for the partner_api audience, valid 24 h', () => {
      const sut = createTokenService(SECRET, 86_400);
      const token = sut.signPartner(partner);
      expect(token.split('.')).toHaveLength(3);
      expect(decodePart(token, 0)).toMatchObject({ alg: 'HS256', typ: 'JWT' });
      const payload = decodePart(token, 1);
      expect(payload).toMatchObject({ ...partner, iss: 'fastforward', aud: 'partner_api' });
      expect((payload.exp as number) - (payload.iat as number)).toBe(86_400);
      expect(Math.abs((payload.iat as number) - nowS())).toBeLessThanOrEqual(2);
      expect(sut.partnerTtlSeconds).toBe(86_400);
    });

    it('does not alias the caller’s claims object', () => {
      const sut = createTokenService(SECRET, 60);
      const claims = { ...partner };
      sut.signPartner(claims);
      expect(claims).toEqual(partner);
    });
  });

  describe('admin tokens', () => {
    it('round-trip with the admin audience and a 12 h default lifetime', () => {
      const sut = createTokenService(SECRET, 86_400);
      const token = sut.signAdmin(admin);
      const result = sut.verify(token);
      expect(result).toMatchObject({ ok: true, claims: admin });
      const payload = decodePart(token, 1);
      expect(payload.aud).toBe('admin');
      expect((payload.exp as number) - (payload.iat as number)).toBe(12 * 3600);
      expect(sut.adminTtlSeconds).toBe(12 * 3600);
    });

    it('honours a custom admin lifetime', () => {
      const sut = createTokenService(SECRET, 86_400, 600);
      const payload = decodePart(sut.signAdmin(admin), 1);
      expect((payload.exp as number) - (payload.iat as number)).toBe(600);
    });

    it('a partner token is never read as an admin token, nor the reverse', () => {
      const sut = createTokenService(SECRET, 86_400);
      const p = sut.verify(sut.signPartner(partner));
      const a = sut.verify(sut.signAdmin(admin));
      expect(p.ok && p.claims.type).toBe('partner_api');
      expect(a.ok && a.claims.type).toBe('admin');
    });
  });

  describe('expired → reason "expired"', () => {
    it('a partner token past its 24 h', () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date('2025-01-20T15:30:00Z'));
      const sut = createTokenService(SECRET, 86_400);
      const token = sut.signPartner(partner);
      vi.setSystemTime(new Date('2025-01-21T15:29:00Z'));
      expect(sut.verify(token).ok).toBe(true);
      vi.setSystemTime(new Date('2025-01-21T15:31:00Z'));
      expect(sut.verify(token)).toEqual({ ok: false, reason: 'expired' });
    });

    it('even after a successful verify was cached', () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date('2025-01-20T00:00:00Z'));
      const sut = createTokenService(SECRET, 60);
      const token = sut.signPartner(partner);
      expect(sut.verify(token).ok).toBe(true);
      expect(sut.verify(token).ok).toBe(true);
      vi.setSystemTime(new Date('2025-01-20T00:01:01Z'));
      expect(sut.verify(token)).toEqual({ ok: false, reason: 'expired' });
    });

    it('an admin token past its lifetime', () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date('2025-01-20T00:00:00Z'));
      const sut = createTokenService(SECRET, 86_400, 3600);
      const token = sut.signAdmin(admin);
      vi.setSystemTime(new Date('2025-01-20T01:00:01Z'));
      expect(sut.verify(token)).toEqual({ ok: false, reason: 'expired' });
    });

    it('an expired token with a bad signature is "invalid", not "expired"', () => {
      const sut = createTokenService(SECRET, 86_400);
      const past = nowS() - 3600;
      const token = forge(
        { alg: 'HS256', typ: 'JWT' },
        { ...partner, iss: 'fastforward', aud: 'partner_api', iat: past - 60, exp: past },
        OTHER_SECRET,
      );
      expect(sut.verify(token)).toEqual({ ok: false, reason: 'invalid' });
    });
  });

  describe('everything else → reason "invalid"', () => {
    const sut = createTokenService(SECRET, 86_400);
    const invalid = { ok: false, reason: 'invalid' };
    const good = () => ({ ...partner, iss: 'fastforward', aud: 'partner_api', iat: nowS(), exp: nowS() + 3600 });

    it('a hand-made token that follows the rules is accepted (the forger below is sound)', () => {
      expect(sut.verify(forge({ alg: 'HS256', typ: 'JWT' }, good())).ok).toBe(true);
    });

    it('signed with another secret', () => {
      const other = createTokenService(OTHER_SECRET, 86_400);
      expect(sut.verify(other.signPartner(partner))).toEqual(invalid);
      expect(sut.verify(other.signAdmin(admin))).toEqual(invalid);
    });

    it('a tampered payload (tier upgraded, company swapped) with the original signature', () => {
      const token = sut.signPartner(partner);
      const [h, , s] = token.split('.');
      for (const change of [{ tier: 'enterprise' }, { companyId: 'cmp_2' }, { type: 'admin', adminId: 'adm_1' }]) {
        const forged = `${h}.${b64url({ ...decodePart(token, 1), ...change })}.${s}`;
        expect(sut.verify(forged)).toEqual(invalid);
      }
    });

    it('a tampered signature', () => {
      const token = sut.signPartner(partner);
      const sig = token.split('.')[2]!;
      const flipped = `${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`;
      expect(sut.verify(`${token.split('.').slice(0, 2).join('.')}.${flipped}`)).toEqual(invalid);
      expect(sut.verify(`${token.split('.').slice(0, 2).join('.')}.`)).toEqual(invalid);
    });

    it('alg: none (unsigned), with or without a signature part', () => {
      const header = b64url({ alg: 'none', typ: 'JWT' });
      const body = b64url(good());
      expect(sut.verify(`${header}.${body}.`)).toEqual(invalid);
      expect(sut.verify(`${header}.${body}`)).toEqual(invalid);
      expect(sut.verify(`${b64url({ alg: 'None', typ: 'JWT' })}.${body}.`)).toEqual(invalid);
    });

    it('another HMAC algorithm with the right secret (the algorithm is pinned)', () => {
      for (const algorithm of ['HS384', 'HS512'] as const) {
        const sign = createSigner({ key: SECRET, algorithm, iss: 'fastforward', aud: 'partner_api', expiresIn: 60_000 });
        expect(sut.verify(sign({ ...partner }))).toEqual(invalid);
      }
    });

    it('wrong or missing audience', () => {
      for (const aud of ['other', 'partner', ['admin2']]) {
        const sign = createSigner({ key: SECRET, algorithm: 'HS256', iss: 'fastforward', aud, expiresIn: 60_000 });
        expect(sut.verify(sign({ ...partner }))).toEqual(invalid);
      }
      const { aud: _aud, ...noAud } = good();
      expect(sut.verify(forge({ alg: 'HS256' }, noAud))).toEqual(invalid);
    });

    it('the audience does not match the token type', () => {
      // A partner payload stamped for the admin audience, and the reverse.
      expect(sut.verify(forge({ alg: 'HS256' }, { ...good(), aud: 'admin' }))).toEqual(invalid);
      expect(sut.verify(forge({ alg: 'HS256' }, { ...admin, iss: 'fastforward', aud: 'partner_api', exp: nowS() + 60 }))).toEqual(invalid);
    });

    it('wrong or missing issuer', () => {
      const sign = createSigner({ key: SECRET, algorithm: 'HS256', iss: 'someone-else', aud: 'partner_api', expiresIn: 60_000 });
      expect(sut.verify(sign({ ...partner }))).toEqual(invalid);
      const { iss: _iss, ...noIss } = good();
      expect(sut.verify(forge({ alg: 'HS256' }, noIss))).toEqual(invalid);
    });

    it('well signed, but claims missing or of the wrong type', () => {
      const { companyId: _c, ...noCompany } = good();
      expect(sut.verify(forge({ alg: 'HS256' }, noCompany))).toEqual(invalid);
      expect(sut.verify(forge({ alg: 'HS256' }, { ...good(), apiKeyId: 42 }))).toEqual(invalid);
      expect(sut.verify(forge({ alg: 'HS256' }, { ...good(), type: 'partner' }))).toEqual(invalid);
      const { type: _t, ...noType } = good();
      expect(sut.verify(forge({ alg: 'HS256' }, noType))).toEqual(invalid);
      expect(sut.verify(forge({ alg: 'HS256' }, { type: 'admin', iss: 'fastforward', aud: 'admin', exp: nowS() + 60 }))).toEqual(invalid);
    });

    it('an admin token without a usable token generation', () => {
      const adminBase = {
        adminId: 'adm_1',
        email: 'ops@example.com',
        type: 'admin',
        iss: 'fastforward',
        aud: 'admin',
        iat: nowS(),
        exp: nowS() + 60,
      };
      // Sanity: with a generation it is accepted.
      expect(sut.verify(forge({ alg: 'HS256' }, { ...adminBase, gen: 0 })).ok).toBe(true);
      expect(sut.verify(forge({ alg: 'HS256' }, adminBase))).toEqual(invalid);
      for (const gen of [-1, 1.5, '3', null, 2 ** 53, [3]]) {
        expect(sut.verify(forge({ alg: 'HS256' }, { ...adminBase, gen })), JSON.stringify(gen)).toEqual(invalid);
      }
    });

    it('no expiry (a token that would never expire)', () => {
      const { exp: _exp, ...noExp } = good();
      expect(sut.verify(forge({ alg: 'HS256' }, noExp))).toEqual(invalid);
      const { exp: _e, ...adminNoExp } = { ...admin, iss: 'fastforward', aud: 'admin', exp: 0 };
      expect(sut.verify(forge({ alg: 'HS256' }, adminNoExp))).toEqual(invalid);
    });

    it('not yet valid (nbf in the future)', () => {
      expect(sut.verify(forge({ alg: 'HS256' }, { ...good(), nbf: nowS() + 3600 }))).toEqual(invalid);
    });

    it.each(['', 'garbage', 'a.b.c', '...', 'Bearer x.y.z', 'eyJhbGciOiJIUzI1NiJ9', `${'a'.repeat(10_000)}.${'b'.repeat(10)}.c`])(
      'garbage %#',
      (token) => {
        expect(sut.verify(token)).toEqual(invalid);
      },
    );

    it('a rejected token stays rejected when presented again (no cached acceptance)', () => {
      const other = createTokenService(OTHER_SECRET, 86_400).signPartner(partner);
      expect(sut.verify(other)).toEqual(invalid);
      expect(sut.verify(other)).toEqual(invalid);
    });
  });
});

describe('VerifiedTokens (memo of verified tokens)', () => {
  it('returns claims until the expiry, then forgets the token', () => {
    const memo = new VerifiedTokens(10);
    memo.set('t1', partner, 1_000);
    expect(memo.get('t1', 999)).toEqual(partner);
    expect(memo.get('t1', 1_000)).toBeUndefined();
    expect(memo.size).toBe(0);
  });

  it('is bounded: the oldest token goes first', () => {
    const memo = new VerifiedTokens(3);
    for (const t of ['a', 'b', 'c', 'd']) memo.set(t, partner, 10_000);
    expect(memo.size).toBe(3);
    expect(memo.get('a', 0)).toBeUndefined();
    expect(memo.get('d', 0)).toEqual(partner);
  });

  it('only ever holds tokens that passed verification: a one-character change is still refused', () => {
    const sut = createTokenService(SECRET, 86_400);
    const token = sut.signPartner(partner);
    expect(sut.verify(token).ok).toBe(true);
    // A character in the middle of the signature (the last one may only carry padding bits).
    const i = token.length - 10;
    const tampered = token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
    expect(sut.verify(tampered)).toEqual({ ok: false, reason: 'invalid' });
    expect(sut.verify(token).ok).toBe(true);
  });
});
