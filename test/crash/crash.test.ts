/** The short crash test inside npm test: 3 kills under load (the long one: npm run test:crash). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCrashTest } from './crash-run.ts';

describe('crash safety', () => {
  it('loses no acknowledged signature and counts nobody twice across kill -9 and restart', async () => {
    const report = await runCrashTest({ kills: 3, clients: 16, perClient: 30 });
    console.log(JSON.stringify(report));
    assert.equal(report.kills, 3);
    assert.equal(report.acknowledged, 16 * 30, 'every signature was eventually acknowledged');
    assert.equal(
      report.not201,
      0,
      'every final answer is 201: a retry replays the answer its kill swallowed',
    );
    assert.equal(report.lost, 0);
    assert.equal(report.duplicates, 0);
    assert.equal(report.counter, report.unflaggedRows);
    assert.equal(report.unflaggedRows, report.acknowledged);
    assert.equal(report.integrity, 'ok');
    assert.equal(report.backupIntegrity, 'ok');
    assert.ok(report.backupRows > 0 && report.backupRows <= report.acknowledged);
    assert.ok(
      report.backupCounterMatches,
      'the backup restores to a database whose counter matches its rows',
    );
  });
});
