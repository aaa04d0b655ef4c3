/**
 * Who acts on the admin API, and what a key may see: the same on every engine, so routes, audit
 * rows and both engines' key stores speak of them alike.
 */

/** What a partner key may see: one partner (by slug) of one campaign. */
export interface PartnerScope {
  campaignId: number;
  partner: string;
}

/**
 * Who is acting: a stored key (with its id, and its partner scope for a partner key), the
 * PETITION_ADMIN_TOKEN, the CLI, or the server itself (deleting unconfirmed signatures after
 * their retention: no admin asked, and the audit log says so).
 */
export type Actor =
  | { kind: 'key'; keyId: number; scope?: PartnerScope }
  | { kind: 'token'; scope?: undefined }
  | { kind: 'cli'; scope?: undefined }
  | { kind: 'server'; scope?: undefined };

/** A key as it may be listed: never the key, never its hash. */
export interface AdminKeyInfo {
  id: number;
  label: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
  /** A partner key's scope (the campaign's id and the partner's slug); null for an admin key. */
  scope: PartnerScope | null;
}
