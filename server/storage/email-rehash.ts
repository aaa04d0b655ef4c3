/**
 * Rows an older version hashed the old way, and what both engines do with them on opening.
 *
 * Until email identities (contract/email.ts) the dedupe hash was of the NFC address lower-cased.
 * For an ASCII address the identity is that very string, so its hash stands; only a row whose
 * address holds something else (full-width letters, an invisible character the old version let
 * through) may now hash differently, and without a rehash its person would no longer be found by
 * erasure search nor counted as already signed. So on opening, once (a mark in `settings`), each
 * engine rehashes those rows in one transaction, with their idempotency records. Where two counted
 * rows turn out to be one person (`bob@` and `bob\u200b@`, both counted before), the row being
 * rehashed is flagged `duplicate`, uncounted and audited, as `rotate-secret` does.
 *
 * PostgreSQL nodes of an older version still running while a new one opens the database would go
 * on hashing such addresses the old way: upgrade every node together (as for `rotate-secret`).
 */

/** The `settings` key marking a database whose hashes are of email identities. */
export const IDENTITY_MARK = 'email_identity';
/** Its value: NFKC, invisible characters removed, lower-cased (contract/email.ts). */
export const IDENTITY_VERSION = 'nfkc-1';

/** A row to look at: one whose address is not plain ASCII. */
export interface RehashRow {
  id: number;
  campaign_id: number;
  email: string;
  email_hash: string;
  flagged: string | null;
}

/** What the rehash did. */
export interface Rehash {
  rehashed: number;
  duplicates: number;
}

/** The reason the rehash on opening gives in the audit row of a duplicate (rotation.ts). */
export const IDENTITY_DUPLICATE =
  'on opening, email hashes of identities: the same address was already counted';
