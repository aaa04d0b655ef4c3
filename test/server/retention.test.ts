/**
 * Retention after delivery with a clock the test controls, on both engines: a closed campaign's
 * personal data is kept its `retainDays`, then erased by the server (names, emails, cities,
 * postal codes; webhook bodies and idempotency records with them) while the counter, the
 * statistics by day, partner, country and city and the audit log stay; the erasure is audited
 * once, with the server as its actor. Reopening stops the clock. On PostgreSQL two nodes sweeping
 * at once erase each row once and write one audit row.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openPgStorage } from '../../server/storage/postgres/index.ts';
import { erasureWarning } from '../../server/campaigns/retention.ts';
import type { TestApp } from './engine-app.ts';
import { EACH_ENGINE } from './engine-app.ts';
import { memoryCampaign } from './campaign-fixture.ts';
import { validBody } from './helpers.ts';
import { cli, databaseOf } from './cli-fixture.ts';
import { waitFor } from '../wait-for.ts';

const DAY = 86_400_000;

const patch = (app: TestApp, json: unknown) =>
  app.admin('/campaigns/el-salvador', { method: 'PATCH', json });
const read = async (app: TestApp) => (await app.admin('/campaigns/el-salvador')).json();
const stats = async (app: TestApp) => (await app.admin('/campaigns/el-salvador/stats')).json();
const erasures = async (app: TestApp) =>
  (
    (await (await app.admin('/campaigns/el-salvador/audit')).json()).data as { action: string }[]
  ).filter((entry) => entry.action === 'retention_erasure');

describe('when the console warns of an erasure', () => {
  const closed = memoryCampaign({ status: 'closed', closedAt: 0, retainDays: 30 });
  it('warns from 14 days before, not earlier, not once done, not without a retention', () => {
    assert.equal(erasureWarning(closed, 15 * DAY), null);
    assert.equal(erasureWarning(closed, 16 * DAY), 30 * DAY);
    assert.equal(erasureWarning({ ...closed, dataErasedAt: 30 * DAY }, 31 * DAY), null);
    assert.equal(erasureWarning({ ...closed, retainDays: null }, 29 * DAY), null);
    assert.equal(erasureWarning({ ...closed, status: 'open', closedAt: null }, 29 * DAY), null);
  });
});

for (const { engine, skip, open } of EACH_ENGINE) {
  describe(`retention after delivery on ${engine}`, { skip }, () => {
    it('erases names, emails and cities after the days; counts, statistics and audit kept', async () => {
      const app = await open({ settings: { PETITION_WEBHOOK_ALLOW_LOOPBACK: '1' } });
      const hook = await app.admin('/webhooks', {
        method: 'POST',
        json: { url: 'http://127.0.0.1:9/hook', events: ['signature.created'] },
      });
      assert.equal(hook.status, 201);
      const bodies = [
        validBody({ city: 'Montréal' }),
        validBody({ city: 'Montréal' }),
        validBody({ city: 'San Salvador' }),
      ];
      for (const body of bodies) assert.equal((await app.sign(body)).status, 201);
      assert.equal((await patch(app, { retainDays: 30, status: 'closed' })).status, 200);
      const campaign = await read(app);
      const closedAt = Date.parse(campaign.closedAt);
      assert.equal(Date.parse(campaign.eraseAt), closedAt + 30 * DAY);
      assert.equal(campaign.dataErasedAt, null);
      const before = await stats(app);
      const sweep = (at: number) => app.storage.retention.sweep(at);

      assert.equal((await sweep(closedAt + 30 * DAY - 1)).size, 0, 'not a moment early');
      assert.equal(await app.count("email <> ''"), 3);
      assert.deepEqual([...(await sweep(closedAt + 30 * DAY))], [[app.campaign.id, 3]]);

      const rows = await app.query<Record<string, unknown>>(
        'SELECT first_name, last_name, email, city, postal_code, ip_hash, email_hash FROM signatures',
      );
      for (const row of rows) {
        assert.deepEqual(
          [row.first_name, row.last_name, row.email, row.city, row.postal_code, row.ip_hash],
          ['', '', '', '', null, null],
        );
        assert.match(String(row.email_hash), /^erased:\d+$/);
      }
      const hooks = await app.query<{ body: string | null }>('SELECT body FROM webhook_deliveries');
      assert.ok(hooks.length === 3 && hooks.every((row) => row.body === null), 'no copy in hooks');
      const keys = await app.query('SELECT * FROM idempotency_keys');
      assert.equal(keys.length, 0);

      const after = await read(app);
      assert.deepEqual(after.counter, campaign.counter, 'the counter does not move');
      assert.equal(after.dataErasedAt, new Date(closedAt + 30 * DAY).toISOString());
      const kept = await stats(app);
      for (const part of ['signatures', 'byDay', 'byPartner', 'byCountry', 'byCity'])
        assert.deepEqual(kept[part], before[part], part);
      assert.deepEqual(kept.byCity, [
        { country: null, city: 'Montréal', signatures: 2 },
        { country: null, city: 'San Salvador', signatures: 1 },
      ]);
      const audited = await erasures(app);
      assert.equal(audited.length, 1);
      assert.deepEqual(
        [
          (audited[0] as unknown as { actor: string }).actor,
          (audited[0] as unknown as { newValue: number }).newValue,
        ],
        ['server', 3],
      );
      const csv = await (await app.admin('/campaigns/el-salvador/signatures.csv')).text();
      for (const body of bodies) assert.ok(!csv.includes(body.email), 'no email in the export');

      assert.equal((await sweep(closedAt + 40 * DAY)).size, 0, 'once');
      assert.equal((await erasures(app)).length, 1);
    });

    it('reopening stops the clock; closed again, the days count from the new closing', async () => {
      const app = await open({});
      await app.sign(validBody());
      await patch(app, { retainDays: 10, status: 'closed' });
      const closedAt = Date.parse((await read(app)).closedAt);
      assert.equal((await patch(app, { status: 'open' })).status, 200);
      const reopened = await read(app);
      assert.deepEqual([reopened.closedAt, reopened.eraseAt], [null, null]);
      assert.equal((await app.storage.retention.sweep(closedAt + 11 * DAY)).size, 0);
      assert.equal(await app.count("email <> ''"), 1);
      await patch(app, { status: 'closed' });
      const closedAgain = Date.parse((await read(app)).closedAt);
      assert.ok(closedAgain >= closedAt);
      assert.equal((await app.storage.retention.sweep(closedAgain + 10 * DAY)).size, 1);
      assert.equal(await app.count("email <> ''"), 0);
    });

    it('refuses a retention that is not 1 to 3650 days, and changes nothing', async () => {
      const app = await open({});
      for (const retainDays of [0, 3651, 1.5, '30']) {
        const answer = await patch(app, { retainDays });
        assert.equal(answer.status, 422);
        assert.match(JSON.stringify(await answer.json()), /Retention is a whole number of days/);
      }
      assert.equal((await read(app)).retainDays, null);
      assert.equal((await patch(app, { retainDays: 180 })).status, 200);
      assert.equal((await read(app)).retainDays, 180);
      assert.equal((await patch(app, { retainDays: null })).status, 200);
      assert.equal((await read(app)).retainDays, null);
    });

    it('the CLI sets the retention as the API does, and says when the erasure is due', async () => {
      const app = await open({});
      await patch(app, { status: 'closed' });
      const closedAt = Date.parse((await read(app)).closedAt);
      const run = (...args: string[]) => cli(databaseOf(app), ...args);
      const set = await run('set-retention', 'el-salvador', '183');
      assert.equal(set.code, 0, set.stderr);
      const due = new Date(closedAt + 183 * DAY).toISOString();
      assert.equal(
        set.stdout.trim(),
        `Retention of el-salvador: 183 days after closing (erasure due ${due}).`,
      );
      await waitFor(async () => (await read(app)).eraseAt === due, 'the CLI’s change');
      const none = await run('set-retention', 'el-salvador', 'none');
      assert.equal(none.code, 0, none.stderr);
      await waitFor(async () => (await read(app)).retainDays === null, 'the CLI’s second change');
      const wrong = await run('set-retention', 'el-salvador', 'forever');
      assert.equal(wrong.code, 2);
      assert.match(wrong.stderr, /^set-retention: days must be a whole number of at least 1/);
    });

    it('two nodes sweeping at once erase each row once, one audit row', {
      skip: engine === 'sqlite' && 'one process on SQLite',
    }, async () => {
      const app = await open({});
      await app.insertRows(1_234);
      await patch(app, { retainDays: 1, status: 'closed' });
      const closedAt = Date.parse((await read(app)).closedAt);
      const before = await stats(app);
      const other = await openPgStorage(app.location);
      try {
        const at = closedAt + DAY;
        const [a, b] = await Promise.all([
          app.storage.retention.sweep(at),
          other.retention.sweep(at),
        ]);
        assert.equal((a.get(app.campaign.id) ?? 0) + (b.get(app.campaign.id) ?? 0), 1_234);
      } finally {
        await other.close();
      }
      assert.equal(await app.count("email <> ''"), 0);
      assert.equal((await erasures(app)).length, 1);
      const kept = await stats(app);
      assert.deepEqual(kept.byCity, before.byCity, 'no place kept twice');
      assert.deepEqual(kept.byDay, before.byDay);
    });
  });
}
