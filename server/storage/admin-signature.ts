/**
 * A signature as admins read it, on either engine: the columns an admin may read (picked from the
 * row's one definition, signature-row.ts), the row they make and the API's view of it, and the
 * opaque cursor of a page. The email and IP hashes are never among them.
 */
import type { SignatureField, SignatureRow } from './signature-row.ts';
import { selectAs } from './signature-row.ts';

/** A signature as the admin API lists it (never its email or IP hash). */
export type AdminSignature = Pick<
  SignatureRow,
  | 'firstName'
  | 'lastName'
  | 'email'
  | 'city'
  | 'postalCode'
  | 'country'
  | 'partner'
  | 'origin'
  | 'referrer'
  | 'flagged'
> & {
  id: number;
  optIn: boolean;
  /**
   * The consent receipt: the notice's version and language, when it was given, and when the
   * address was confirmed (null: not confirmed by email, pending or on a campaign without it).
   * On a campaign with email verification an opt-in counts as given only once confirmed.
   * `showInRecent`: the supporter ticked "Show my first name and city with the recent signatures".
   */
  consent: {
    version: string;
    lang: string;
    at: string;
    confirmedAt: string | null;
    showInRecent: boolean;
  };
  /** The partner's opt-in receipt; null when no known partner's opt-in was offered. */
  partnerConsent: {
    optIn: boolean;
    version: string;
    lang: string;
    at: string;
    confirmedAt: string | null;
  } | null;
  /** Waiting for its email confirmation: not counted, not delivered, not sent to hooks. */
  pending: boolean;
  utm: Record<string, string> | null;
  createdAt: string;
  /** When a person last decided on it (counted, flagged by hand, kept flagged); null: never. */
  reviewedAt: string | null;
};

/** The fields an admin may read, in export order (after the id). */
export const ADMIN_FIELDS = [
  'firstName',
  'lastName',
  'email',
  'city',
  'postalCode',
  'country',
  'optIn',
  'lang',
  'consentHash',
  'partner',
  'origin',
  'referrer',
  'utm',
  'flagged',
  'createdAt',
  'partnerOptIn',
  'partnerConsentHash',
  'partnerConsentLang',
  'pending',
  'confirmedAt',
  'showInRecent',
] as const satisfies readonly SignatureField[];
export type AdminField = (typeof ADMIN_FIELDS)[number];

/** The id and ADMIN_FIELDS, each named as its field: what exports and lists select. */
export const ADMIN_COLUMNS = ['id', ...ADMIN_FIELDS.map(selectAs)].join(', ');

/** What the admin API lists: ADMIN_COLUMNS and when a person last reviewed the row (not exported). */
export const LIST_COLUMNS = `${ADMIN_COLUMNS}, reviewed_at AS "reviewedAt"`;

/** One row of ADMIN_COLUMNS (or LIST_COLUMNS). */
export type AdminRow = Pick<SignatureRow, AdminField> & {
  id: number;
  /** Listed rows only (LIST_COLUMNS); exports leave it out. */
  reviewedAt?: number | null;
};

/** A partner consent receipt, or null when no known partner's opt-in was offered. */
export function partnerConsentOf(
  optIn: number,
  version: string | null,
  lang: string | null,
  at: string,
  confirmedAt: string | null,
) {
  return version === null
    ? null
    : { optIn: optIn === 1, version, lang: lang ?? '', at, confirmedAt };
}

export function toSignature(row: AdminRow): AdminSignature {
  const at = new Date(row.createdAt).toISOString();
  const confirmedAt = row.confirmedAt === null ? null : new Date(row.confirmedAt).toISOString();
  return {
    id: row.id,
    firstName: row.firstName,
    lastName: row.lastName,
    email: row.email,
    city: row.city,
    postalCode: row.postalCode,
    country: row.country,
    optIn: row.optIn === 1,
    consent: {
      version: row.consentHash,
      lang: row.lang,
      at,
      confirmedAt,
      showInRecent: row.showInRecent === 1,
    },
    partnerConsent: partnerConsentOf(
      row.partnerOptIn,
      row.partnerConsentHash,
      row.partnerConsentLang,
      at,
      confirmedAt,
    ),
    pending: row.pending === 1,
    partner: row.partner,
    origin: row.origin,
    referrer: row.referrer,
    utm: row.utm === null ? null : JSON.parse(row.utm),
    flagged: row.flagged,
    createdAt: at,
    reviewedAt: row.reviewedAt == null ? null : new Date(row.reviewedAt).toISOString(),
  };
}

/** One page of signatures and the cursor of the next (null on the last). */
export interface SignaturePage {
  data: AdminSignature[];
  nextCursor: string | null;
}

/** An opaque cursor: the last id of the page, versioned so its form can change. */
export function encodeCursor(id: number): string {
  return Buffer.from(`s1.${id}`).toString('base64url');
}

/** The id a cursor stands for, or null when it is not one of ours. */
export function decodeCursor(cursor: string): number | null {
  const match = /^s1\.(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('latin1'));
  return match ? Number(match[1]) : null;
}
