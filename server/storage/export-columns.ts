/**
 * What the two CSV exports hold, on either engine.
 *
 * `signatures.csv` holds everything the organisation holds about each signature: the person, the
 * consent receipt (notice version, language, time, opt-in, shown among the recent signatures), attribution (partner, page origin,
 * referrer origin, utm) and the flag. Not the email and IP hashes: they are keyed with the server
 * secret, mean nothing outside it, and a copy of them in a spreadsheet only widens what can leak.
 * `delivery.csv` keeps the promise on the form: name and city, nothing else, only counted rows
 * (no flagged row, no signature still waiting for its email confirmation).
 */
import type { AdminField } from './admin-signature.ts';
import { ADMIN_FIELDS } from './admin-signature.ts';

export const EXPORT_KINDS = ['signatures', 'delivery'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** Column headers, in file order. */
export const EXPORT_HEADERS: Record<ExportKind, readonly string[]> = {
  signatures: [
    'id',
    'signed_at',
    'first_name',
    'last_name',
    'email',
    'city',
    'postal_code',
    'country',
    'opt_in',
    'consent_version',
    'consent_lang',
    'partner',
    'origin',
    'referrer',
    'utm',
    'flagged',
    'partner_opt_in',
    'partner_consent_version',
    'partner_consent_lang',
    'pending',
    'confirmed_at',
    'show_in_recent',
  ],
  delivery: ['name', 'city'],
};

/** A row as an array, in ADMIN_COLUMNS order (or id, first, last, city for delivery). */
export type RawRow = (string | number | null)[];

// Where each field stands in a raw row of ADMIN_COLUMNS: the id first, then ADMIN_FIELDS.
const at = Object.fromEntries(ADMIN_FIELDS.map((field, index) => [field, index + 1])) as Record<
  AdminField,
  number
>;
const { firstName, lastName, email, city, postalCode, country, optIn, lang, consentHash } = at;
const { partner, origin, referrer, utm, flagged, createdAt } = at;
const { partnerOptIn, partnerConsentHash, partnerConsentLang, pending, confirmedAt } = at;
const { showInRecent } = at;

// Statements run in raw mode: building a 19-key object per row costs more than reading it, and
// the indices are constants, so the hot path of a million-row export makes no copies.
export const CELLS: Record<ExportKind, (row: RawRow) => RawRow> = {
  signatures: (r) => [
    r[0],
    new Date(r[createdAt] as number).toISOString(),
    r[firstName],
    r[lastName],
    r[email],
    r[city],
    r[postalCode],
    r[country],
    r[optIn] ? 'yes' : 'no',
    r[consentHash],
    r[lang],
    r[partner],
    r[origin],
    r[referrer],
    r[utm],
    r[flagged],
    // No partner opt-in offered: empty, not "no" (nobody was asked).
    r[partnerConsentHash] === null ? null : r[partnerOptIn] ? 'yes' : 'no',
    r[partnerConsentHash],
    r[partnerConsentLang],
    // Waiting for the email confirmation; when it came (empty: not confirmed by email).
    r[pending] ? 'yes' : 'no',
    r[confirmedAt] === null ? null : new Date(r[confirmedAt] as number).toISOString(),
    // Asked for their first name and city among the recent signatures (the box never pre-ticked).
    r[showInRecent] ? 'yes' : 'no',
  ],
  delivery: ([, first, last, city]) => [`${first} ${last}`, city],
};

/** Rows per chunk: big enough to amortise the query, small enough to keep signing responsive. */
export const CHUNK_ROWS = 1000;

/** The `Content-Disposition` of an export (or the PDF pack): an attachment, named after campaign and kind. */
export function exportFileName(slug: string, kind: ExportKind, extension = 'csv'): string {
  // API-made slugs are [a-z0-9-] already; one made another way must not break the header.
  return `attachment; filename="${slug.replace(/[^a-z0-9-]/gi, '_')}-${kind}.${extension}"`;
}
