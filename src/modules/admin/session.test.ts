import { describe, expect, it } from 'vitest';
import { CSRF_HEADER, csrfAllows, csrfToken, deriveCsrfKey, SESSION_COOKIE, sessionCookieOptions } from './session.js';

const key = deriveCsrfKey('master-secret-for-tests');
const session = 'header.payload.signature';

describe('names and keys', () => {
  it('are these (vector computed apart with Python: HKDF-SHA256, then HMAC-SHA256 of the session in base64url)', () => {
    expect(SESSION_COOKIE).toBe('ff_admin_session');
    expect(CSRF_HEADER).toBe('x-csrf-token');
    expect(key.toString('hex')).toBe('9c4acf7dcb9fb6cb4fe0e2a0f5bde06ae136aa3d808df190b0ca6f37b6e97e8a');
    expect(csrfToken(key, session)).toBe('jv-YzkGLFElbszEcuQ4bTmUwHdp1_5Zh0AH9jGt-KMo');
  });
});

describe('csrfAllows', () => {
  it.each(['GET', 'HEAD', 'OPTIONS', 'get'])('lets %s through without a token', (method) => {
    expect(csrfAllows(key, method, session, undefined)).toBe(true);
  });

  it.each(['POST', 'PATCH', 'DELETE', 'PUT'])('refuses %s without the token, with a wrong one, or with another session’s', (method) => {
    expect(csrfAllows(key, method, session, undefined)).toBe(false);
    expect(csrfAllows(key, method, session, '')).toBe(false);
    expect(csrfAllows(key, method, session, ['x'])).toBe(false);
    expect(csrfAllows(key, method, session, csrfToken(key, 'another.session.token'))).toBe(false);
    expect(csrfAllows(key, method, session, csrfToken(deriveCsrfKey('another master'), session))).toBe(false);
    expect(csrfAllows(key, method, session, `${csrfToken(key, session)}A`)).toBe(false);
    expect(csrfAllows(key, method, session, csrfToken(key, session))).toBe(true);
  });

  it('makes a 43-character base64url token, the same for the same session', () => {
    expect(csrfToken(key, session)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(csrfToken(key, session)).toBe(csrfToken(key, session));
  });
});

describe('sessionCookieOptions', () => {
  it('is HttpOnly, SameSite=Strict, scoped to /api/admin; Secure as asked', () => {
    expect(sessionCookieOptions(true, 43200)).toEqual({ path: '/api/admin', httpOnly: true, sameSite: 'strict', secure: true, maxAge: 43200 });
    expect(sessionCookieOptions(false, 0).secure).toBe(false);
  });
});
