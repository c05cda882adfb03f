/**
 * Encryption at rest for webhook signing secrets. Unlike API secrets (seed "Data Security": stored as
 * SHA-256 hashes) these must be recoverable — we sign with them — so they are sealed with
 * AES-256-GCM under a key derived from the app's master secret (JWT_SECRET):
 *
 *   key    = HKDF-SHA256(ikm = master, salt = empty, info = "fastforward webhook secrets v1", 32 bytes)
 *   sealed = "v1." + base64url(iv[12] | tag[16] | ciphertext)
 *
 * A fresh random 96-bit IV per seal; GCM's tag makes any change to the sealed text (or a wrong master)
 * fail loudly instead of producing a wrong secret. The optional `context` (e.g. the endpoint id) is
 * authenticated as associated data, so a sealed value copied onto another row does not open there.
 * The master is already a high-entropy secret (≥ 32 chars), so HKDF needs no salt. Rotating the
 * master means re-sealing every row; the "v1." prefix leaves room for a second format.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const INFO = 'fastforward webhook secrets v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const MIN_MASTER_LENGTH = 32;

export class SecretBoxError extends Error {
  override readonly name = 'SecretBoxError';
}

function deriveKey(master: string): Buffer {
  if (typeof master !== 'string' || master.length < MIN_MASTER_LENGTH) {
    throw new SecretBoxError(`the master secret must be at least ${MIN_MASTER_LENGTH} characters`);
  }
  return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), INFO, 32));
}

function aad(context: string): Buffer {
  return Buffer.from(`${VERSION}\0${context}`, 'utf8');
}

export function sealSecret(plain: string, master: string, context = ''): string {
  const key = deriveKey(master);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad(context));
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url')}`;
}

/** Throws `SecretBoxError` on a wrong master or context, a malformed value, or any tampering. */
export function openSecret(sealed: string, master: string, context = ''): string {
  const key = deriveKey(master);
  const prefix = `${VERSION}.`;
  if (typeof sealed !== 'string' || !sealed.startsWith(prefix)) throw new SecretBoxError(`sealed secret does not start with "${prefix}"`);
  const b64 = sealed.slice(prefix.length);
  if (!/^[A-Za-z0-9_-]+$/.test(b64)) throw new SecretBoxError('sealed secret is not base64url');
  const raw = Buffer.from(b64, 'base64url');
  // Node's decoder ignores stray trailing bits; re-encoding catches non-canonical (altered) text.
  if (raw.toString('base64url') !== b64 || raw.length < IV_BYTES + TAG_BYTES) throw new SecretBoxError('sealed secret is malformed');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
  decipher.setAAD(aad(context));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretBoxError('sealed secret cannot be opened: wrong master secret or context, or tampered');
  }
}
