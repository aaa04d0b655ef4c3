/** What the writer takes and gives: a signature row, its idempotency key, and what became of it. */

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
}

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
