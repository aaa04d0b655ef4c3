/**
 * Campaign statistics, the part of the storage interface the stats route reads: totals by day
 * (UTC), by partner (signatures brought, opt-ins to the host, opt-ins to the partner, in all and
 * by day), by country and city, the flagged count (by reason) and the opt-in rate; and email
 * confirmation: how many wait for it, how many came by it, the rate, the mails that bounced.
 * Counted rows only (neither flagged nor pending), except the flagged and pending counts.
 *
 * Each engine gathers the counts its own way (SQLite tallies rows in chunks off the hot path,
 * PostgreSQL groups them in the database); both hand them to stats-tally.ts, which orders and
 * shapes the answer, so the two engines answer the same bytes.
 */

/** Counted signatures a partner brought and what they opted in to. */
export interface PartnerCounts {
  signatures: number;
  /** Opted in to the host. */
  optedIn: number;
  /** Opted in to the partner. */
  partnerOptedIn: number;
}

/** One partner's counts, in all and by day (UTC). */
export interface PartnerStats extends PartnerCounts {
  byDay: ({ day: string } & PartnerCounts)[];
}

/** A campaign's statistics. */
export interface CampaignStats {
  signatures: number;
  flagged: number;
  /** Flagged rows no person has decided on yet: the flagged list's `reviewed=false`. */
  flaggedToReview: number;
  /** Flagged rows by reason (rate_burst, honeypot, manual, ...), most first. */
  flaggedByReason: { reason: string; signatures: number }[];
  optedIn: number;
  /** Opted-in share of counted signatures, 0..1 (0 when there are none). */
  optInRate: number;
  /** Unflagged signatures waiting for their email confirmation (not counted yet). */
  pending: number;
  /** Counted signatures confirmed by the mailed link. */
  confirmed: number;
  /** Unconfirmed signatures the server deleted after the retention (from the audit log). */
  unconfirmedDeleted: number;
  /** confirmed / (confirmed + pending + unconfirmedDeleted), 0..1 (0 when none was asked). */
  confirmationRate: number;
  /** Confirmation mails the recipient's server refused for good (not retried). */
  bounced: number;
  /** By day of signing (UTC): counted signatures, and those still pending. */
  byDay: { day: string; signatures: number; pending: number }[];
  byPartner: ({ partner: string | null } & PartnerStats)[];
  /** ISO 3166-1 alpha-2 where the typed country was recognised, else as most typed it. */
  byCountry: { country: string | null; signatures: number }[];
  /** Cities merged by case, accents and spacing (place-names.ts), named as most typed them. */
  byCity: { country: string | null; city: string; signatures: number }[];
}

/** A campaign's statistics, whole or as one partner's key sees them; current as of the call. */
export interface StatsStorage {
  of(campaignId: number): Promise<CampaignStats>;
  ofPartner(campaignId: number, partner: string): Promise<PartnerStats>;
}
