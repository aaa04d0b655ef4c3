/**
 * Retention after delivery (PostgreSQL's migration 009 makes the same): a campaign may keep its
 * signers' personal data `retain_days` after it closes; then the server erases it (names,
 * emails, cities, postal codes, referrers, address hashes) and keeps the rows' counts.
 *
 * `closed_at` is set by a trigger whenever the status changes (to closed: the change's time;
 * to anything else: NULL), so every door that closes a campaign (the API, the CLI, a script
 * with SQL) starts the clock. Campaigns closed before this migration count from their last
 * change. `data_erased_at` says when the last erasure finished; it stays after a reopening,
 * and a campaign closed again is erased again (its new rows) once its days have passed.
 *
 * An erased row keeps its day, partner, country, opt-ins and state, so the counts and the
 * statistics by day stay; its city goes, and the places of the erased counted rows are kept
 * as totals in `retained_places` (no row, no person: a city and a number).
 */
export default /* sql */ `
ALTER TABLE campaigns ADD COLUMN retain_days INTEGER CHECK (retain_days BETWEEN 1 AND 3650);
ALTER TABLE campaigns ADD COLUMN closed_at INTEGER;
ALTER TABLE campaigns ADD COLUMN data_erased_at INTEGER;
UPDATE campaigns SET closed_at = updated_at WHERE status = 'closed';

CREATE TRIGGER campaigns_closed_at AFTER UPDATE OF status ON campaigns
  WHEN old.status IS NOT new.status
BEGIN
  UPDATE campaigns SET closed_at = CASE WHEN new.status = 'closed' THEN new.updated_at END
    WHERE id = new.id;
END;
CREATE TRIGGER campaigns_created_closed AFTER INSERT ON campaigns
  WHEN new.status = 'closed'
BEGIN
  UPDATE campaigns SET closed_at = new.created_at WHERE id = new.id;
END;

ALTER TABLE signatures ADD COLUMN erased_at INTEGER;

CREATE TABLE retained_places (
  campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
  country TEXT,
  city TEXT NOT NULL,
  signatures INTEGER NOT NULL CHECK (signatures > 0)
) STRICT;
CREATE INDEX retained_places_campaign ON retained_places (campaign_id);
`;
