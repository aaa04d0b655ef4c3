/**
 * A signature row, spelled once: its fields, and for each its column and PostgreSQL's array type.
 * Both writers insert from this list, the webhook outbox reads a row back with it and the admin
 * views pick their columns from it (admin-signature.ts), so a new column is a line here and a
 * migration per engine. What the writers take and give is here too. A plain module with no
 * imports: the SQLite writer's worker thread loads it as it is.
 */

/** A signature row ready to be written (already validated and normalised). */
export interface SignatureRow {
  campaignId: number;
  emailHash: string;
  firstName: string;
  lastName: string;
  email: string;
  city: string;
  postalCode: string | null;
  country: string | null;
  optIn: 0 | 1;
  lang: string;
  consentHash: string;
  partner: string | null;
  /** Opted in to the partner; the receipt's version and language are null when none was offered. */
  partnerOptIn: 0 | 1;
  partnerConsentHash: string | null;
  partnerConsentLang: string | null;
  origin: string | null;
  referrer: string | null;
  utm: string | null;
  ipHash: string | null;
  /** Why the signature is suspect, or null: a flagged row is kept but not counted. */
  flagged: string | null;
  createdAt: number;
  /** 1 until the supporter confirms by the mailed link (a campaign with email verification). */
  pending: 0 | 1;
  /** When the address was confirmed: the consent receipt's confirmation time. */
  confirmedAt: number | null;
  /** 1: the supporter asked for their first name and city among the recent signatures. */
  showInRecent: 0 | 1;
}

/** Each field of a row: its column in `signatures` and the column's PostgreSQL array type. */
export const SIGNATURE_COLUMNS = [
  ['campaignId', 'campaign_id', 'bigint'],
  ['emailHash', 'email_hash', 'text'],
  ['firstName', 'first_name', 'text'],
  ['lastName', 'last_name', 'text'],
  ['email', 'email', 'text'],
  ['city', 'city', 'text'],
  ['postalCode', 'postal_code', 'text'],
  ['country', 'country', 'text'],
  ['optIn', 'opt_in', 'smallint'],
  ['lang', 'lang', 'text'],
  ['consentHash', 'consent_hash', 'text'],
  ['partner', 'partner', 'text'],
  ['origin', 'origin', 'text'],
  ['referrer', 'referrer', 'text'],
  ['utm', 'utm', 'text'],
  ['ipHash', 'ip_hash', 'text'],
  ['flagged', 'flagged', 'text'],
  ['createdAt', 'created_at', 'bigint'],
  ['partnerOptIn', 'partner_opt_in', 'smallint'],
  ['partnerConsentHash', 'partner_consent_hash', 'text'],
  ['partnerConsentLang', 'partner_consent_lang', 'text'],
  ['pending', 'pending', 'smallint'],
  ['confirmedAt', 'confirmed_at', 'bigint'],
  ['showInRecent', 'show_in_recent', 'smallint'],
] as const satisfies readonly (readonly [
  keyof SignatureRow,
  string,
  'bigint' | 'smallint' | 'text',
])[];

export type SignatureField = (typeof SIGNATURE_COLUMNS)[number][0];
// A field of SignatureRow without a column fails the type check here.
const everyField: Record<Exclude<keyof SignatureRow, SignatureField>, never> = {};
void everyField;

/** The column of a field. */
export function columnOf(field: SignatureField): string {
  return SIGNATURE_COLUMNS.find(([name]) => name === field)![1];
}

/** A field's column named as the field (`first_name AS "firstName"`): rows read back as fields. */
export function selectAs(field: SignatureField): string {
  const column = columnOf(field);
  return column === field ? column : `${column} AS "${field}"`;
}

/** Every column of a row, in SIGNATURE_COLUMNS order. */
export const SIGNATURE_COLUMN_LIST = SIGNATURE_COLUMNS.map(([, column]) => column).join(', ');

/** Every column named as its field: what a SELECT lists to read a row back as a SignatureRow. */
export const SIGNATURE_ROW_SELECT = SIGNATURE_COLUMNS.map(([field]) => selectAs(field)).join(', ');

/** Idempotency records are kept this long (24 hours), on either engine. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** An idempotency key and the hash of the request it came with. */
export interface Idempotency {
  key: string;
  requestHash: string;
}

/** What became of one submission. */
export type Outcome =
  | { kind: 'answer'; status: 200 | 201; body: string }
  | { kind: 'replay'; status: number; body: string }
  | { kind: 'key_reused' };
