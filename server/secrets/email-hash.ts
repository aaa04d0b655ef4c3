/**
 * The keyed hash that says who an email address is: one function, so signing, erasure search,
 * `rotate-secret`, the start's upgrade of older rows and anything added later (confirmation)
 * agree on it. Two spellings of one address (case, full-width letters, a zero-width space from an
 * older row) give one hash: see contract/email.ts, emailIdentity.
 */
import { emailIdentity } from '../contract/email.ts';
import { keyedHash } from './crypto.ts';

/** The dedupe and erasure-search hash of an address under the server secret. */
export function emailHash(secret: Buffer, email: string): string {
  return keyedHash(secret, 'email', emailIdentity(email));
}
