/**
 * Retention after delivery behind the storage interface: the sweep that erases the personal data
 * of every closed campaign whose `retainDays` have passed (campaigns/retention.ts says when).
 *
 * What an erasure does, the same on both engines: each row of the campaign loses its names,
 * email (its hash becomes `erased:<id>`, unique and no one's), city, postal code, referrer and
 * address hash, and is marked `erased_at`; it keeps its day, partner, country, opt-ins, flag and
 * state, so the counter and the statistics by day and partner do not move. The places of the
 * counted rows go to `retained_places` as totals in the same transaction, so the statistics by
 * city stay too. The rows' tokens and their unsent mails and webhook bodies go; a bounce keeps its
 * count but not its address's hash; the campaign's idempotency records go. When no row is left,
 * the campaign's `data_erased_at` is set and one audit row (the server as its actor, new_value:
 * the rows erased since it closed) says so, in one transaction.
 */

/** Rows a transaction: signing elsewhere never waits long behind a campaign of a million. */
export const RETENTION_STEP = 500;

/** What one sweep did, for the log and the tests: rows erased, by campaign. */
export type RetentionResult = Map<number, number>;

/** The retention sweep on one engine. */
export interface RetentionStorage {
  /** Erases the personal data of every campaign due at `now`; several nodes may run it at once. */
  sweep(now?: number): Promise<RetentionResult>;
}

/** The personal columns an erasure blanks, as an SQL SET list (both engines' dialects agree). */
export const ERASED_COLUMNS = `first_name = '', last_name = '', email = '', city = '',
  postal_code = NULL, referrer = NULL, ip_hash = NULL`;

/**
 * Which campaigns are due at the time bound to `now` (each engine's placeholder): closed, with a
 * retention whose days have passed, and not erased since they last closed.
 */
export const dueWhere = (now: string) =>
  `status = 'closed' AND retain_days IS NOT NULL
   AND closed_at + retain_days * CAST(86400000 AS BIGINT) <= ${now}
   AND (data_erased_at IS NULL OR data_erased_at < closed_at)`;

/** The audit row of a finished erasure. */
export const retentionAudit = (campaignId: number, rows: number) => ({
  campaignId,
  action: 'retention_erasure' as const,
  actor: { kind: 'server' as const },
  newValue: rows,
});
