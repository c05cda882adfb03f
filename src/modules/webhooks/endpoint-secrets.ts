/**
 * Endpoint signing secrets at rest: sealed with secret-box under the hub's master secret (JWT_SECRET),
 * the endpoint id bound in as context so a sealed value copied to another row does not open there.
 * Opening costs an HKDF and an AES-GCM pass, so opened keys are cached by their sealed text (which
 * changes on every rotation, so the cache never serves a stale key).
 */
import { decodeSigningSecret, generateSigningSecret } from './signing.js';
import { openSecret, sealSecret } from './secret-box.js';

/** How long the old secret keeps signing after a rotation. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;
const CACHE_MAX = 10_000;

export interface SealedSecrets {
  id: string;
  secretSealed: string | null;
  previousSecretSealed: string | null;
  previousSecretExpiresAt: Date | null;
}

export interface SigningKeys {
  /** A fresh `whsec_…` secret for an endpoint (shown once) and its sealed form (stored). */
  create(endpointId: string): { secret: string; sealed: string };
  /** HMAC keys to sign with now: the current one, and the previous one while its overlap lasts. */
  keysFor(e: SealedSecrets, now: Date): Buffer[];
}

export function createSigningKeys(master: string): SigningKeys {
  const cache = new Map<string, Buffer>();
  const open = (sealed: string, endpointId: string): Buffer => {
    const k = `${endpointId}\u0000${sealed}`;
    let key = cache.get(k);
    if (!key) {
      key = decodeSigningSecret(openSecret(sealed, master, endpointId));
      if (cache.size >= CACHE_MAX) cache.clear();
      cache.set(k, key);
    }
    return key;
  };
  return {
    create(endpointId) {
      const secret = generateSigningSecret();
      return { secret, sealed: sealSecret(secret, master, endpointId) };
    },
    keysFor(e, now) {
      if (!e.secretSealed) throw new Error(`webhook ${e.id} has no signing secret`);
      const keys = [open(e.secretSealed, e.id)];
      if (e.previousSecretSealed && e.previousSecretExpiresAt && e.previousSecretExpiresAt.getTime() > now.getTime()) {
        keys.push(open(e.previousSecretSealed, e.id));
      }
      return keys;
    },
  };
}
