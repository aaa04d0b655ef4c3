/** Settings: defaults, and one clear line for a wrong value. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { parseSettings } from '../../server/config/settings.ts';

describe('parseSettings', () => {
  it('has the documented defaults', () => {
    const settings = parseSettings({});
    assert.ok(!('error' in settings));
    assert.equal(settings.PORT, 8787);
    assert.equal(settings.DATABASE_PATH, './data/petitions.db');
    assert.equal(settings.PETITION_BOT_CHECKS, 'on');
    assert.equal(settings.PETITION_SHUTDOWN_MS, 10_000);
  });

  it('names the variable and what it wants', () => {
    assert.deepEqual(parseSettings({ PORT: 'eighty' }), {
      error: 'Invalid setting PORT: invalid input: expected number, received nan.',
    });
    assert.match(
      (parseSettings({ PETITION_RATE_LIMIT: 'maybe' }) as { error: string }).error,
      /PETITION_RATE_LIMIT: one of on, off/,
    );
    assert.match(
      (parseSettings({ PORT: '70000' }) as { error: string }).error,
      /^Invalid setting PORT/,
    );
    assert.equal(
      (parseSettings({ PETITION_SHUTDOWN_MS: '2500' }) as { PETITION_SHUTDOWN_MS: number })
        .PETITION_SHUTDOWN_MS,
      2500,
    );
    for (const wrong of ['soon', '50', '1.5', '600001']) {
      const parsed = parseSettings({ PETITION_SHUTDOWN_MS: wrong }) as { error: string };
      assert.match(parsed.error, /^Invalid setting PETITION_SHUTDOWN_MS: /, wrong);
    }
  });

  it('stops the server with one line and exit code 1, no stack trace', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { ...process.env, PORT: '-1' },
      encoding: 'utf8',
    });
    assert.equal(run.status, 1);
    assert.equal(run.stderr.trim().split('\n').length, 1);
    assert.match(run.stderr, /^Invalid setting PORT/);
  });
});
