/**
 * The goal a campaign's counter shows. `fixed`: the goal an admin set (or none). `auto`: the next
 * step above the total, so the bar is never full: the campaign's own steps (`goalSteps`) when it
 * lists some, then the default ladder, 1, 2.5 and 5 in each decade from 100 (100, 250, 500, 1,000,
 * 2,500, ...), which also carries on past the last listed step.
 *
 * The counter's hot path computes it on every read (counter-fast-path.ts), so it is a handful of
 * comparisons (at most ADMIN_LIMITS.goalSteps of the campaign's own steps, then a binary search of
 * the ladder): no allocation, no database. (The counter's ETag and JSON with it took 0.5-0.7 µs
 * in a loop here, as they did with a fixed goal before.) The database records when each goal was first reached by the same rules (the goals_reached trigger of SQLite's
 * migration 012 and PostgreSQL's 008, whose ladder is DEFAULT_LADDER below).
 */
import type { GoalMode } from '../contract/public.ts';

/** The multiples of each decade the default ladder steps through. */
const LADDER_MULTIPLES = [1, 2.5, 5, 10];

/** What the goal depends on. */
export interface GoalSettings {
  goal: number | null;
  goalMode: GoalMode;
  /** Ascending, without repeats (the admin contract sorts them); null: the default ladder. */
  goalSteps: readonly number[] | null;
}

/**
 * The default ladder as the database triggers list it: up to 5e10, far past any petition (the
 * offset and a goal are at most 1e9).
 */
export const DEFAULT_LADDER: readonly number[] = [2, 3, 4, 5, 6, 7, 8, 9, 10].flatMap((power) =>
  [1, 2.5, 5].map((multiple) => multiple * 10 ** power),
);

/** The default ladder's first step above `total`. */
export function nextLadderStep(total: number): number {
  // A binary search of the listed ladder: five comparisons, no floating-point logarithm.
  let low = 0;
  let high = DEFAULT_LADDER.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (DEFAULT_LADDER[middle] > total) high = middle;
    else low = middle + 1;
  }
  if (low < DEFAULT_LADDER.length) return DEFAULT_LADDER[low];
  // Past 5e10 (never, in practice): 10 ** floor(log10(total)), corrected for rounding.
  let decade = 10 ** Math.floor(Math.log10(total));
  if (decade > total) decade /= 10;
  else if (decade * 10 <= total) decade *= 10;
  for (const multiple of LADDER_MULTIPLES) if (multiple * decade > total) return multiple * decade;
  return 10 * decade;
}

/** The goal that applies at `total`: the fixed one, or the next step above the total. */
export function goalAt(settings: GoalSettings, total: number): number | null {
  if (settings.goalMode === 'fixed') return settings.goal;
  const steps = settings.goalSteps;
  if (steps) for (const step of steps) if (step > total) return step;
  return nextLadderStep(total);
}
