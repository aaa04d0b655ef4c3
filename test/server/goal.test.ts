/**
 * The goal that applies (server/campaigns/goal.ts): fixed, or the next step above the total,
 * the campaign's own steps first and the default ladder after them; and the ladder the database
 * triggers record by is the same one.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_LADDER, goalAt, nextLadderStep } from '../../server/campaigns/goal.ts';
import pgGoals from '../../server/storage/postgres/migrations/008-goal-mode.ts';
import sqliteGoals from '../../server/storage/sqlite/migrations/012-goal-mode.ts';

const auto = (goalSteps: number[] | null = null) =>
  ({ goal: null, goalMode: 'auto', goalSteps }) as const;

describe('the goal that applies', () => {
  it('steps up the default ladder at each step, never full and never below 100', () => {
    const seen = [0, 1, 99, 100, 249, 250, 499, 500, 999, 1000, 2499, 2500, 9999, 10_000, 785];
    assert.deepEqual(
      seen.map((total) => goalAt(auto(), total)),
      [100, 100, 100, 250, 250, 500, 500, 1000, 1000, 2500, 2500, 5000, 10_000, 25_000, 1000],
    );
    for (const total of [1e3, 1e6, 1e9, 999_999_999, 2.5e9, 5e12]) {
      const goal = nextLadderStep(total);
      assert.ok(goal > total, `${goal} above ${total}`);
      assert.ok(goal <= total * 2.5, `${goal} is the next step above ${total}`);
    }
  });

  it("takes the campaign's own steps, then the ladder above the last", () => {
    const steps = auto([150, 300, 1200]);
    const goals = [0, 149, 150, 299, 300, 1199, 1200, 2600].map((total) => goalAt(steps, total));
    assert.deepEqual(goals, [150, 150, 300, 300, 1200, 1200, 2500, 5000]);
  });

  it('is the fixed goal, reached or not, in fixed mode', () => {
    const fixed = { goal: 500, goalMode: 'fixed', goalSteps: [100] } as const;
    assert.equal(goalAt(fixed, 10), 500);
    assert.equal(goalAt(fixed, 900), 500);
    assert.equal(goalAt({ ...fixed, goal: null }, 10), null);
  });

  it('is recorded by the database along the same ladder', () => {
    const listed = (sql: string) =>
      (/\(VALUES ([^)]*\)(?:, \([^)]*\))*)\)/.exec(sql.replace(/\s+/g, ' '))?.[1] ?? '')
        .match(/\d+/g)
        ?.map(Number);
    assert.deepEqual(listed(sqliteGoals), DEFAULT_LADDER);
    const array = /ARRAY\[([\d,\s]+)\]/.exec(pgGoals)?.[1].match(/\d+/g)?.map(Number);
    assert.deepEqual(array, DEFAULT_LADDER);
  });
});
