/**
 * Keyed hashes and the stateless form token.
 *
 * One server secret (PETITION_SECRET, or a random one kept in a file beside the database: see
 * secret-file.ts) keys every hash: emails are deduplicated by HMAC, IPs are only ever stored as
 * HMAC, and the form token carries its issue time under an HMAC so it needs no server state.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** A keyed hash, base64url, for a purpose (so hashes of one kind never match another's). */
export function keyedHash(secret: Buffer, purpose: string, value: string): string {
  return createHmac('sha256', secret).update(`${purpose}\0${value}`).digest('base64url');
}

/** A plain SHA-256, hex: for request bodies and consent texts (nothing secret). */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Constant-time equality of two strings (false on different lengths, without early exit). */
export function safeEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right) && a.length === b.length;
}

/** Issues a form token: `issuedAt.campaignId.mac`. */
export function issueFormToken(secret: Buffer, campaignId: number, now = Date.now()): string {
  const payload = `${now.toString(36)}.${campaignId.toString(36)}`;
  return `${payload}.${keyedHash(secret, 'form', payload).slice(0, 22)}`;
}

/** Why a form token is suspect, or null when it is good. */
export function checkFormToken(
  secret: Buffer,
  token: string | undefined,
  campaignId: number,
  options: { minAgeMs: number; maxAgeMs: number; now?: number },
): string | null {
  if (!token) return 'token_missing';
  const parts = token.split('.');
  if (parts.length !== 3) return 'token_forged';
  const [issued, campaign, mac] = parts;
  const expected = keyedHash(secret, 'form', `${issued}.${campaign}`).slice(0, 22);
  if (!safeEqual(mac, expected)) return 'token_forged';
  if (parseInt(campaign, 36) !== campaignId) return 'token_forged';
  const age = (options.now ?? Date.now()) - parseInt(issued, 36);
  if (!(age >= options.minAgeMs)) return 'too_fast';
  if (age > options.maxAgeMs) return 'token_expired';
  return null;
}
