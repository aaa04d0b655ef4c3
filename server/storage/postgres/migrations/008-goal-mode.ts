/**
 * A goal that moves, as SQLite's migration 012 (which says why the history is a trigger's): the
 * goal's mode and steps, and `goals_reached`, written by a trigger on the count in the
 * transaction that raised it. A count change holds the campaign's row lock until it commits, so
 * two nodes raising one campaign's total take turns and a goal is recorded once, by the first.
 */
export default /* sql */ `
ALTER TABLE campaigns ADD COLUMN goal_mode TEXT NOT NULL DEFAULT 'fixed' CHECK (goal_mode IN ('fixed', 'auto'));
ALTER TABLE campaigns ADD COLUMN goal_steps TEXT CHECK (goal_steps IS NULL OR goal_steps::jsonb IS NOT NULL);

CREATE TABLE goals_reached (
  campaign_id BIGINT NOT NULL REFERENCES campaigns (id),
  goal BIGINT NOT NULL,
  total BIGINT NOT NULL,
  reached_at BIGINT NOT NULL,
  PRIMARY KEY (campaign_id, goal)
);

CREATE FUNCTION record_goals_reached() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  before BIGINT := OLD.signature_count + OLD.counter_offset;
  after BIGINT := NEW.signature_count + NEW.counter_offset;
  steps BIGINT[] := ARRAY(SELECT value::bigint
    FROM jsonb_array_elements_text(coalesce(NEW.goal_steps, '[]')::jsonb));
BEGIN
  INSERT INTO goals_reached (campaign_id, goal, total, reached_at)
  SELECT NEW.id, step, after, (extract(epoch FROM clock_timestamp()) * 1000)::bigint
  FROM (
    SELECT NEW.goal AS step WHERE NEW.goal_mode = 'fixed'
    UNION ALL
    SELECT unnest(steps) WHERE NEW.goal_mode = 'auto'
    UNION ALL
    SELECT ladder FROM unnest(ARRAY[100, 250, 500, 1000, 2500, 5000, 10000, 25000, 50000, 100000,
      250000, 500000, 1000000, 2500000, 5000000, 10000000, 25000000, 50000000, 100000000,
      250000000, 500000000, 1000000000, 2500000000, 5000000000, 10000000000, 25000000000,
      50000000000]::bigint[]) AS ladder
    WHERE NEW.goal_mode = 'auto' AND ladder > coalesce((SELECT max(s) FROM unnest(steps) s), 0)
  ) AS goals
  WHERE step > before AND step <= after
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

CREATE TRIGGER goals_reached_on_count
AFTER UPDATE OF signature_count, counter_offset ON campaigns
FOR EACH ROW
WHEN (NEW.signature_count + NEW.counter_offset > OLD.signature_count + OLD.counter_offset
  AND (NEW.goal_mode = 'auto' OR NEW.goal IS NOT NULL))
EXECUTE FUNCTION record_goals_reached();
`;
