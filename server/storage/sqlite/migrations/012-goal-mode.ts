/**
 * A goal that moves (PostgreSQL's migration 008 makes the same): a campaign's `goal_mode` is
 * `fixed` (the goal an admin set, as before) or `auto` (the next step above the total: its own
 * `goal_steps`, a JSON array, then the default ladder; server/campaigns/goal.ts).
 *
 * `goals_reached` is the history of goals reached, written by a trigger on the count itself: every
 * path that raises a total (a signature, a released flag, an offset, a confirmation) updates
 * `signature_count` or `counter_offset`, so none can forget to record it, and the row commits with
 * the change that reached it. A goal is recorded once, when first reached (a total that falls and
 * rises again keeps the first date); a jump past several steps records each. What counts as a goal
 * is the mode's at that moment: the fixed goal, or every step of the auto ladder. The ladder here
 * is goal.ts's DEFAULT_LADDER (a test compares them). No CTE: SQLite allows none in a trigger.
 */
export default /* sql */ `
ALTER TABLE campaigns ADD COLUMN goal_mode TEXT NOT NULL DEFAULT 'fixed' CHECK (goal_mode IN ('fixed', 'auto'));
ALTER TABLE campaigns ADD COLUMN goal_steps TEXT CHECK (goal_steps IS NULL OR json_valid(goal_steps));

CREATE TABLE goals_reached (
  campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
  goal INTEGER NOT NULL,
  -- The total that reached it: above the goal when a jump (an offset) passed it.
  total INTEGER NOT NULL,
  reached_at INTEGER NOT NULL,
  PRIMARY KEY (campaign_id, goal)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER goals_reached_on_count
AFTER UPDATE OF signature_count, counter_offset ON campaigns
WHEN NEW.signature_count + NEW.counter_offset > OLD.signature_count + OLD.counter_offset
  AND (NEW.goal_mode = 'auto' OR NEW.goal IS NOT NULL)
BEGIN
  INSERT OR IGNORE INTO goals_reached (campaign_id, goal, total, reached_at)
  SELECT NEW.id, step, NEW.signature_count + NEW.counter_offset,
    CAST(unixepoch('subsec') * 1000 AS INTEGER)
  FROM (
    SELECT NEW.goal AS step WHERE NEW.goal_mode = 'fixed'
    UNION ALL
    SELECT CAST(value AS INTEGER) FROM json_each(coalesce(NEW.goal_steps, '[]'))
    WHERE NEW.goal_mode = 'auto'
    UNION ALL
    SELECT column1 FROM (VALUES (100), (250), (500), (1000), (2500), (5000), (10000), (25000),
      (50000), (100000), (250000), (500000), (1000000), (2500000), (5000000), (10000000),
      (25000000), (50000000), (100000000), (250000000), (500000000), (1000000000), (2500000000),
      (5000000000), (10000000000), (25000000000), (50000000000))
    WHERE NEW.goal_mode = 'auto' AND column1 > coalesce(
      (SELECT max(CAST(value AS INTEGER)) FROM json_each(coalesce(NEW.goal_steps, '[]'))), 0)
  )
  WHERE step > OLD.signature_count + OLD.counter_offset
    AND step <= NEW.signature_count + NEW.counter_offset;
END;
`;
