/**
 * Flag review (server/storage/flag-decision.ts, written by each engine), on each engine: flagged
 * rows show why, an admin counts one or flags one by hand, the counter (stored and in memory, with
 * its ETag) follows, each decision is audited, stats count flagged rows by reason, and nobody is
 * counted twice. Over the API and the CLI. The schema-3 migration is SQLite's own.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { main } from '../../server/cli/admin.ts';
import { MIGRATIONS, openDatabase } from '../../server/storage/sqlite/open.ts';
import { expectProblem } from './admin-helpers.ts';
import { eventually } from '../wait-for.ts';
import { databaseOf } from './cli-fixture.ts';
import type { TestApp } from './engine-app.ts';
import { EACH_ENGINE } from './engine-app.ts';
import { minuteWithRoom, silentIo, tempDir, validBody } from './helpers.ts';

type Row = { id: number; flagged: string | null; email: string };

/** An app whose burst limit is 2 a minute, with 2 counted and 2 flagged (rate_burst) rows. */
async function withFlagged(open: (options: object) => Promise<TestApp>) {
  const app = await open({ settings: { PETITION_RATE_LIMIT: 'on', PETITION_RATE_BURST: 2 } });
  // Two counted and two flagged only when all four fall in one minute of the limiter.
  await minuteWithRoom(10_000);
  for (let i = 0; i < 4; i++) assert.equal((await app.sign(validBody())).status, 201);
  const rows = await app.query<Row>('SELECT id, flagged, email FROM signatures ORDER BY id');
  const counter = async () => {
    const response = await app.request('/api/campaigns/el-salvador/counter');
    return { etag: response.headers.get('etag'), ...(await response.json()) };
  };
  const stored = async () =>
    (await app.query<{ n: number }>('SELECT signature_count AS n FROM campaigns'))[0].n;
  const audit = async () => (await (await app.admin('/campaigns/el-salvador/audit')).json()).data;
  const patch = (id: number | string, json: unknown, key?: string) =>
    app.admin(`/signatures/${id}`, { method: 'PATCH', json, key });
  /** The CLI, in this process, on the app's database. */
  const env = databaseOf(app);
  return { ...app, app, rows, counter, stored, audit, patch, env };
}

for (const { engine, open, skip } of EACH_ENGINE) {
  describe(`flag review on ${engine}`, { skip }, () => {
    it('lists flagged rows with their reason; counting one moves the counter, its ETag and the audit', async () => {
      const { admin, rows, counter, stored, audit, patch } = await withFlagged(open);
      const page = await (await admin('/campaigns/el-salvador/signatures?flagged=true')).json();
      assert.deepEqual(
        page.data.map((row: Row) => [row.id, row.flagged]),
        [
          [rows[2].id, 'rate_burst'],
          [rows[3].id, 'rate_burst'],
        ],
      );

      const key = await (
        await admin('/keys', { method: 'POST', json: { label: 'reviewer' } })
      ).json();
      const before = await counter();
      assert.equal(before.signatures, 2);
      const released = await patch(
        rows[2].id,
        { flagged: false, reason: 'School assembly on one network' },
        key.key,
      );
      assert.equal(released.status, 200);
      const answer = await released.json();
      assert.deepEqual(
        { ...answer, counter: answer.counter.signatures, reviewedAt: undefined },
        { id: rows[2].id, flagged: null, changed: true, counter: 3, reviewedAt: undefined },
      );
      assert.ok(
        Math.abs(Date.parse(answer.reviewedAt) - Date.now()) < 5000,
        'a decision marks the row reviewed',
      );
      const after = await counter();
      assert.equal(after.signatures, 3);
      assert.notEqual(after.etag, before.etag);
      assert.equal(await stored(), 3);

      const entries = await audit();
      const last = entries.at(-1);
      assert.deepEqual(
        { ...last, id: undefined, at: undefined },
        {
          id: undefined,
          at: undefined,
          action: 'unflag',
          actor: 'key',
          keyId: key.id,
          oldValue: null,
          newValue: null,
          reason: 'School assembly on one network',
          signatureId: rows[2].id,
          flag: 'rate_burst',
        },
      );
      assert.ok(Math.abs(Date.parse(last.at) - Date.now()) < 5000);
    });

    it('flags a counted row by hand (uncounts it), and does nothing when already in that state', async () => {
      const { rows, counter, stored, audit, patch } = await withFlagged(open);
      const flagged = await (
        await patch(rows[0].id, { flagged: true, reason: 'Same person, typo in email' })
      ).json();
      assert.deepEqual(
        [flagged.flagged, flagged.changed, flagged.counter.signatures],
        ['manual', true, 1],
      );
      assert.equal((await counter()).signatures, 1);
      assert.equal(await stored(), 1);
      const entry = (await audit()).at(-1);
      assert.deepEqual(
        [entry.action, entry.actor, entry.signatureId, entry.flag, entry.reason],
        ['flag', 'token', rows[0].id, 'manual', 'Same person, typo in email'],
      );

      const auditRows = (await audit()).length;
      const counted = await (await patch(rows[1].id, { flagged: false })).json();
      assert.deepEqual([counted.flagged, counted.changed], [null, false]);
      assert.equal((await audit()).length, auditRows, 'a no-op is not audited');
      assert.equal(await stored(), 1);
    });

    it('keeping a flagged row flagged is audited and takes it out of the unreviewed pile', async () => {
      const { admin, app, rows, stored, audit, patch, env } = await withFlagged(open);
      const ids = async (query: string) =>
        (await (await admin(`/campaigns/el-salvador/signatures?${query}`)).json()).data.map(
          (row: Row) => row.id,
        );
      assert.deepEqual(await ids('flagged=true&reviewed=false'), [rows[2].id, rows[3].id]);
      const key = await (
        await admin('/keys', { method: 'POST', json: { label: 'reviewer' } })
      ).json();

      const kept = await patch(
        rows[3].id,
        { flagged: true, reason: 'Forty in a minute from one device' },
        key.key,
      );
      assert.equal(kept.status, 200);
      const answer = await kept.json();
      assert.deepEqual(
        [answer.flagged, answer.changed, answer.counter.signatures],
        ['rate_burst', false, 2],
      );
      assert.ok(Math.abs(Date.parse(answer.reviewedAt) - Date.now()) < 5000);
      const entry = (await audit()).at(-1);
      assert.deepEqual(
        { ...entry, id: undefined, at: undefined },
        {
          id: undefined,
          at: undefined,
          action: 'keep',
          actor: 'key',
          keyId: key.id,
          oldValue: null,
          newValue: null,
          reason: 'Forty in a minute from one device',
          signatureId: rows[3].id,
          flag: 'rate_burst',
        },
      );
      assert.equal(await stored(), 2, 'nothing counted');
      assert.equal(await app.count('flagged IS NOT NULL'), 2);

      // The pile shrinks; the kept row is still flagged and says when it was reviewed.
      assert.deepEqual(await ids('flagged=true&reviewed=false'), [rows[2].id]);
      assert.deepEqual(await ids('flagged=true&reviewed=true'), [rows[3].id]);
      const all = (await (await admin('/campaigns/el-salvador/signatures?flagged=true')).json())
        .data;
      assert.deepEqual(
        all.map((row: { reviewedAt: string | null }) => row.reviewedAt),
        [null, answer.reviewedAt],
      );
      await expectProblem(
        await admin('/campaigns/el-salvador/signatures?flagged=true&reviewed=maybe'),
        422,
      );

      // The CLI: keep is audited as the CLI's, and flagged --unreviewed lists what is left.
      const { lines: out, io } = silentIo();
      assert.equal(
        await main(['keep', String(rows[0].id), '--reason', 'x'], env, io),
        2,
        'a counted row is not kept',
      );
      assert.equal(await main(['keep', String(rows[2].id)], env, io), 2, '--reason is required');
      assert.equal(await main(['flagged', 'el-salvador', '--unreviewed'], env, io), 0);
      assert.deepEqual(
        out.filter((line) => line.includes('\t')).map((line) => line.split('\t').slice(2)),
        [['rate_burst', '-']],
      );
      assert.equal(
        await main(['keep', String(rows[2].id), '--reason', 'same phone as a known bot'], env, io),
        0,
      );
      assert.match(
        out.at(-1)!,
        new RegExp(`Signature ${rows[2].id} stays flagged \\(rate_burst\\); 2 counted`),
      );
      const last = (await audit()).at(-1);
      assert.deepEqual(
        [last.action, last.actor, last.signatureId, last.reason],
        ['keep', 'cli', rows[2].id, 'same phone as a known bot'],
      );
      assert.deepEqual(await ids('flagged=true&reviewed=false'), []);
      assert.equal(await stored(), 2);
    });

    it('refuses bad input with a clear problem and changes nothing', async () => {
      const { app, rows, stored, audit, patch, admin } = await withFlagged(open);
      const auditRows = (await audit()).length;
      await expectProblem(await patch(999_999, { flagged: false }), 404);
      await expectProblem(await patch('abc', { flagged: false }), 404);
      const noReason = await expectProblem(await patch(rows[0].id, { flagged: true }), 422);
      assert.deepEqual(
        noReason.errors.map((error: { field: string }) => error.field),
        ['reason'],
      );
      await expectProblem(await patch(rows[2].id, { flagged: 'no' }), 422);
      await expectProblem(await patch(rows[2].id, {}), 422);
      await expectProblem(await patch(rows[2].id, { flagged: false, email: 'x@y.example' }), 422);
      await expectProblem(
        await patch(rows[2].id, { flagged: false, reason: 'x'.repeat(501) }),
        422,
      );
      await expectProblem(
        await admin(`/signatures/${rows[2].id}`, {
          method: 'PATCH',
          body: '{',
          headers: { 'content-type': 'application/json' },
        }),
        400,
      );
      await expectProblem(
        await admin(`/signatures/${rows[2].id}`, { method: 'PATCH', body: 'flagged=false' }),
        415,
      );
      assert.equal(await stored(), 2);
      assert.equal(await app.count('flagged IS NOT NULL'), 2);
      assert.equal((await audit()).length, auditRows);
    });

    it('never counts a person twice: 409 while they have a counted row; erasure still takes every row', async () => {
      const { app, rows, stored, patch, admin, campaigns } = await withFlagged(open);
      // Over the burst, the person's second signature is kept flagged beside the counted first.
      const email = rows[0].email;
      assert.equal((await app.sign(validBody({ email }))).status, 201);
      const [{ id: repeat }] = await app.query<{ id: number }>(
        'SELECT id FROM signatures WHERE email = ? AND flagged IS NOT NULL',
        email,
      );
      const refused = await expectProblem(await patch(repeat, { flagged: false }), 409);
      assert.match(
        refused.detail,
        new RegExp(`counted signature in this campaign \\(id ${rows[0].id}\\)`),
      );
      assert.ok(!JSON.stringify(refused).includes(email), 'no personal data in the problem');
      assert.equal(await stored(), 2);
      // Swap which of the two counts: still one counted row for the person.
      assert.equal(
        (await patch(rows[0].id, { flagged: true, reason: 'keep the later one' })).status,
        200,
      );
      assert.equal((await patch(repeat, { flagged: false })).status, 200);
      assert.equal(await app.count(`email = '${email}' AND flagged IS NULL`), 1);
      assert.equal(await stored(), 2);
      const erased = await (await admin(`/signatures/${repeat}`, { method: 'DELETE' })).json();
      assert.equal(erased.rows, 2);
      assert.equal(await stored(), 1);
      assert.equal(campaigns.get('el-salvador')!.signatures, 1);
    });

    it('counts flagged rows by reason in the stats, and follows decisions made there and from the CLI', async () => {
      const { admin, env, rows, patch, campaigns } = await withFlagged(open);
      const stats = async () => await (await admin('/campaigns/el-salvador/stats')).json();
      let now = await stats();
      assert.deepEqual(
        [now.signatures, now.flagged, now.flaggedToReview, now.flaggedByReason],
        [2, 2, 2, [{ reason: 'rate_burst', signatures: 2 }]],
      );
      await patch(rows[0].id, { flagged: true, reason: 'bot' });
      now = await stats();
      // Flagged by hand is a decision: not left to review.
      assert.deepEqual([now.signatures, now.flagged, now.flaggedToReview], [1, 3, 2]);
      assert.deepEqual(now.flaggedByReason, [
        { reason: 'rate_burst', signatures: 2 },
        { reason: 'manual', signatures: 1 },
      ]);

      // The CLI decides through its own connection; the server's stats and counter follow.
      const { lines: out, io } = silentIo();
      assert.equal(await main(['flagged', 'el-salvador'], env, io), 0);
      assert.deepEqual(
        out.slice(0, 3).map((line) => line.split('\t')[2]),
        ['manual', 'rate_burst', 'rate_burst'],
      );
      assert.match(out[3], /el-salvador: rate_burst 2, manual 1/);
      assert.equal(
        await main(['unflag', String(rows[2].id), '--reason', 'checked by phone'], env, io),
        0,
      );
      assert.match(out.at(-1)!, new RegExp(`Signature ${rows[2].id} is now counted; 2 counted`));
      assert.equal(await main(['flag', String(rows[1].id)], env, io), 2, '--reason is required');
      assert.equal(await main(['unflag', '999999'], env, io), 2);
      now = await stats();
      assert.deepEqual([now.signatures, now.flagged, now.flaggedToReview], [2, 2, 1]);
      const entry = (await (await admin('/campaigns/el-salvador/audit')).json()).data.at(-1);
      assert.deepEqual(
        [entry.action, entry.actor, entry.reason],
        ['unflag', 'cli', 'checked by phone'],
      );
      // An admin request picks up another process's commits (SQLite); a node hears them (PostgreSQL).
      const counted = async () =>
        (await (await admin('/campaigns/el-salvador')).json()).counter.signatures as number;
      assert.equal(await eventually(counted, 2), 2);
      assert.equal(campaigns.get('el-salvador')!.signatures, 2);
      // Kept flagged after review: nothing counted, nothing left to review (SQLite's kept tally
      // follows a `keep` too, though no row's flag changed).
      await patch(rows[3].id, { flagged: true, reason: 'looked at it' });
      now = await stats();
      assert.deepEqual([now.signatures, now.flagged, now.flaggedToReview], [2, 2, 0]);
    });
  });
}

describe('flag review on SQLite alone', () => {
  it('migrates an audit log from before (schema 3) keeping its rows', () => {
    // A real schema-3 database (migrations 001-003 only), so every later migration runs on it.
    const file = path.join(tempDir(), 'schema-3.db');
    const db = new Database(file);
    for (const sql of MIGRATIONS.slice(0, 3)) db.exec(sql);
    db.pragma('user_version = 3');
    db.exec(`INSERT INTO campaigns (slug, target, default_lang, texts, created_at, updated_at) VALUES ('x', 't', 'en', '{}', 1, 1);
      INSERT INTO audit_log (campaign_id, action, actor, old_value, new_value, reason, created_at) VALUES (1, 'offset', 'cli', 0, 5, 'paper', 7);`);
    db.close();
    const reopened = openDatabase(file);
    const rows = reopened
      .prepare('SELECT action, new_value, reason, signature_id, flag FROM audit_log')
      .all();
    assert.deepEqual(rows, [
      { action: 'offset', new_value: 5, reason: 'paper', signature_id: null, flag: null },
    ]);
    reopened.close();
  });
});
