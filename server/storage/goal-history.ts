/**
 * The goals a campaign has reached, with the date each was first reached: the `goals_reached`
 * rows the database's own trigger writes as a total rises (SQLite's migration 012, PostgreSQL's
 * 008, which say why). Both engines read them with the same statement and hand them on as this.
 */

/** A goal reached. */
export interface GoalReached {
  goal: number;
  /** The total that reached it (above the goal when one change passed it by more than one). */
  total: number;
  /** When it was first reached. */
  reachedAt: string;
}

/** The history, lowest goal first, with `?` for the campaign's id (PostgreSQL renames it). */
export const GOAL_HISTORY_SQL =
  'SELECT goal, total, reached_at FROM goals_reached WHERE campaign_id = ? ORDER BY goal';

/** A row of GOAL_HISTORY_SQL. */
export interface GoalRow {
  goal: number;
  total: number;
  reached_at: number;
}

export const goalReached = (row: GoalRow): GoalReached => ({
  goal: row.goal,
  total: row.total,
  reachedAt: new Date(row.reached_at).toISOString(),
});
