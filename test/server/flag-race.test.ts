/**
 * Flag review under real concurrency on PostgreSQL (server/storage/postgres/flags.ts): two admins
 * (or two nodes) release two flagged signatures of one person at once. Both find no counted row
 * before either commits; the database's unique index lets one count and the other is told so
 * with a 409, never a 500, and the person counts once.
 *
 * The race is made, not hoped for: this test holds the campaign's row lock, so the first release
 * waits at its count update with its row already counted (uncommitted), and the second waits on
 * that row in the unique index; only when both are seen waiting does the test let go.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pg from 'pg';
import { waitFor } from '../wait-for.ts';
import { EACH_ENGINE } from './engine-app.ts';
import { minuteWithRoom, validBody } from './helpers.ts';

const { open, skip } = EACH_ENGINE.find((engine) => engine.engine === 'postgres')!;

describe('flag review races on postgres', { skip }, () => {
  it('two concurrent releases of one person: one counts, the other gets 409, counted once', async (t) => {
    // A burst of 1: the person's two signatures after the first are both flagged (rate_burst).
    const app = await open({ settings: { PETITION_RATE_LIMIT: 'on', PETITION_RATE_BURST: 1 } });
    await minuteWithRoom(10_000); // all three within one minute of the limiter
    const post = app.sign;
    assert.equal((await post(validBody())).status, 201);
    const person = validBody();
    assert.equal((await post(person)).status, 201);
    assert.equal((await post({ ...person, firstName: 'Again' })).status, 201);
    const flagged = (
      await app.query<{ id: number }>(
        'SELECT id FROM signatures WHERE email = ? AND flagged IS NOT NULL',
        person.email,
      )
    ).map((row) => row.id);
    assert.equal(flagged.length, 2);

    const holder = new pg.Client({ connectionString: app.location });
    holder.on('error', () => {});
    await holder.connect();
    t.after(() => holder.end().catch(() => {}));
    await holder.query('BEGIN');
    await holder.query('SELECT id FROM campaigns FOR UPDATE');
    const release = (id: number) =>
      app.admin(`/signatures/${id}`, {
        method: 'PATCH',
        json: { flagged: false, reason: 'one school network' },
      });
    const answers = Promise.all(flagged.map(release));
    // Both releases blocked: one on the campaign row this test holds, one on the other's row.
    const waiting = async () =>
      (
        await holder.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        )
      ).rows[0].n === 2;
    await waitFor(waiting, 'both releases waiting on a lock', { timeout: 30_000, every: 20 });
    await holder.query('COMMIT');

    const responses = await answers;
    const statuses = responses.map((response) => response.status).sort();
    assert.deepEqual(statuses, [200, 409]);
    const refused = responses.find((response) => response.status === 409)!;
    assert.equal(refused.headers.get('content-type'), 'application/problem+json');
    const winner = flagged[responses.findIndex((response) => response.status === 200)];
    assert.match((await refused.json()).detail, new RegExp(`\\(id ${winner}\\)`));

    const counted = await app.query<{ id: number }>(
      'SELECT id FROM signatures WHERE email = ? AND flagged IS NULL',
      person.email,
    );
    assert.deepEqual(
      counted.map((row) => row.id),
      [winner],
    );
    const counter = await (await app.request(`/api/campaigns/${app.campaign.slug}/counter`)).json();
    assert.equal(counter.signatures, 2, 'the first signer and the person, once');
    assert.equal(await app.count('flagged IS NULL'), 2);
    const audit = await app.query<{ signature_id: number }>(
      "SELECT signature_id FROM audit_log WHERE action = 'unflag'",
    );
    assert.deepEqual(
      audit.map((row) => row.signature_id),
      [winner],
    );
  });
});
