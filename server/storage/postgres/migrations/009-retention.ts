/**
 * As SQLite's 013: retention after delivery. `closed_at` follows the status through a trigger,
 * erased rows are marked `erased_at`, and the places of the erased counted rows are kept as totals.
 */
export default /* sql */ `
ALTER TABLE campaigns ADD COLUMN retain_days INTEGER CHECK (retain_days BETWEEN 1 AND 3650);
ALTER TABLE campaigns ADD COLUMN closed_at BIGINT;
ALTER TABLE campaigns ADD COLUMN data_erased_at BIGINT;
UPDATE campaigns SET closed_at = updated_at WHERE status = 'closed';

CREATE FUNCTION campaigns_closed_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.closed_at := CASE WHEN NEW.status = 'closed' THEN NEW.created_at END;
  ELSIF NEW.status IS DISTINCT FROM OLD.status THEN
    NEW.closed_at := CASE WHEN NEW.status = 'closed' THEN NEW.updated_at END;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER campaigns_closed_at BEFORE INSERT OR UPDATE OF status ON campaigns
  FOR EACH ROW EXECUTE FUNCTION campaigns_closed_at();

ALTER TABLE signatures ADD COLUMN erased_at BIGINT;

CREATE TABLE retained_places (
  campaign_id BIGINT NOT NULL REFERENCES campaigns (id),
  country TEXT,
  city TEXT NOT NULL,
  signatures INTEGER NOT NULL CHECK (signatures > 0)
);
CREATE INDEX retained_places_campaign ON retained_places (campaign_id);
`;
