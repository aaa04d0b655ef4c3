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
import { elSalvador } from '../../demo/el-salvador.ts';
import { TOKEN } from './admin-helpers.ts';
import { ENGINES } from './engines-fixture.ts';
import { validBody } from './helpers.ts';

const { make, skip } = ENGINES.find((engine) => engine.engine === 'postgres')!;
const admin = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

describe('flag review races on postgres', { skip }, () => {
  it('two concurrent releases of one person: one counts, the other gets 409, counted once', async (t) => {
    // A burst of 1: the person's two signatures after the first are both flagged (rate_burst).
    const app = await make({ PETITION_RATE_LIMIT: 'on', PETITION_RATE_BURST: 1 });
    // Closed even when an assertion fails: an open pool would keep the test process alive.
    t.after(() => app.close());
    const post = (body: unknown) =>
      app.request(`/api/campaigns/${elSalvador.slug}/signatures`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    assert.equal((await post(validBody())).status, 201);
    const person = validBody();
    assert.equal((await post(person)).status, 201);
    assert.equal((await post({ ...person, firstName: 'Again' })).status, 201);
    const flagged = (
      await app.query('SELECT id FROM signatures WHERE email = $1 AND flagged IS NOT NULL', [
        person.email,
      ])
    ).map((row) => Number(row.id));
    assert.equal(flagged.length, 2);

    const holder = new pg.Client({ connectionString: app.database });
    await holder.connect();
    t.after(() => holder.end().catch(() => {}));
    await holder.query('BEGIN');
    await holder.query('SELECT id FROM campaigns FOR UPDATE');
    const release = (id: number) =>
      app.request(`/api/admin/signatures/${id}`, {
        method: 'PATCH',
        headers: admin,
        body: JSON.stringify({ flagged: false, reason: 'one school network' }),
      });
    const answers = Promise.all(flagged.map(release));
    // Both releases blocked: one on the campaign row this test holds, one on the other's row.
    const deadline = Date.now() + 10_000;
    for (;;) {
      const { rows } = await holder.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (rows[0].n === 2) break;
      assert.ok(Date.now() < deadline, `both releases waiting (now ${rows[0].n})`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await holder.query('COMMIT');

    const responses = await answers;
    const statuses = responses.map((response) => response.status).sort();
    assert.deepEqual(statuses, [200, 409]);
    const refused = responses.find((response) => response.status === 409)!;
    assert.equal(refused.headers.get('content-type'), 'application/problem+json');
    const winner = flagged[responses.findIndex((response) => response.status === 200)];
    assert.match((await refused.json()).detail, new RegExp(`\\(id ${winner}\\)`));

    const counted = await app.query(
      'SELECT id FROM signatures WHERE email = $1 AND flagged IS NULL',
      [person.email],
    );
    assert.deepEqual(
      counted.map((row) => Number(row.id)),
      [winner],
    );
    const counter = await (await app.request(`/api/campaigns/${elSalvador.slug}/counter`)).json();
    assert.equal(counter.signatures, 2, 'the first signer and the person, once');
    assert.equal(await app.rows(true), 2);
    const audit = await app.query("SELECT signature_id FROM audit_log WHERE action = 'unflag'");
    assert.deepEqual(
      audit.map((row) => Number(row.signature_id)),
      [winner],
    );
  });
});
