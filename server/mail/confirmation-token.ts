/**
 * Confirmation tokens: what a confirmation link carries. 128 random bits, then a MAC of them under
 * the server secret (64 bits), base64url: `<22 characters><11 characters>`. The database keeps
 * only the SHA-256 of the random part, so a copy of it (a backup) confirms nothing.
 *
 * The MAC tells a damaged link (a mail client that cut it, a hand that changed a character) from
 * one that is well made but unknown here (deleted when it expired, erased, or another server's):
 * the page says which, and a damaged link costs no database read.
 */
import { createHash, randomBytes } from 'node:crypto';
import { keyedHash, safeEqual } from '../secrets/crypto.ts';

const RANDOM_CHARS = 22;
const MAC_CHARS = 11;
const TOKEN = /^[A-Za-z0-9_-]{33}$/;

const macOf = (secret: Buffer, random: string) =>
  keyedHash(secret, 'confirm', random).slice(0, MAC_CHARS);

/** The stored form of a token's random part. */
export const tokenHash = (random: string) =>
  createHash('sha256').update(random).digest('base64url');

/** A new token: the link's text, and the hash the database keeps. */
export function newConfirmationToken(secret: Buffer): { token: string; hash: string } {
  const random = randomBytes(16).toString('base64url');
  return { token: random + macOf(secret, random), hash: tokenHash(random) };
}

/** The hash to look a token up by, or 'tampered' when it is not one this server made. */
export function readConfirmationToken(secret: Buffer, token: string): string | 'tampered' {
  if (!TOKEN.test(token)) return 'tampered';
  const random = token.slice(0, RANDOM_CHARS);
  if (!safeEqual(token.slice(RANDOM_CHARS), macOf(secret, random))) return 'tampered';
  return tokenHash(random);
}
