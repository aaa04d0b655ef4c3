/**
 * The short PostgreSQL crash test inside npm test: two nodes, 4 kills under load (the long one:
 * npm run test:crash). Skipped, with the reason, when the run has no PostgreSQL.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PG_URL, pgSkip } from '../server/storage-fixture.ts';
import { runPgCrashTest } from './pg-crash-run.ts';

describe('crash safety on PostgreSQL', { skip: pgSkip }, () => {
  it('keeps answering on one node while the other is killed, loses no acknowledged signature, counts nobody twice', async () => {
    const report = await runPgCrashTest({
      clusterUrl: PG_URL!,
      kills: 4,
      clients: 16,
      perClient: 30,
    });
    console.log(JSON.stringify(report));
    assert.equal(report.kills, 4);
    for (const [kill, answered] of report.answeredByOther.entries())
      assert.ok(
        answered > 0,
        `kill ${kill + 1}: the other node answered nothing while it was down`,
      );
    assert.ok(report.acknowledged >= 16 * 30, 'every client went on signing through the kills');
    assert.equal(
      report.not201,
      0,
      'every final answer is 201: the retry on the other node replays',
    );
    assert.equal(report.lost, 0);
    assert.equal(report.duplicates, 0);
    assert.equal(report.countedRows, report.acknowledged);
    assert.equal(report.counter, report.countedRows);
  });
});
