/**
 * Admin signatures on each engine: keyset pages and filters, erasure that leaves nothing behind,
 * statistics. What only SQLite can show (its query plans, the bytes of its file, a reader on
 * another connection) is checked on SQLite alone, and says so.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { keyedHash } from '../../server/secrets/crypto.ts';
import { pageSql } from '../../server/storage/sqlite/admin-signatures.ts';
import { expectProblem, insertRows, makeAdminApp } from './admin-helpers.ts';
import type { TestApp } from './engine-app.ts';
import { EACH_ENGINE } from './engine-app.ts';
import { minuteWithRoom, validBody } from './helpers.ts';

type Page = {
  data: {
    id: number;
    partner: string | null;
    optIn: boolean;
    flagged: string | null;
    createdAt: string;
  }[];
  nextCursor: string | null;
};

async function walk(admin: TestApp['admin'], query: string) {
  const ids: number[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const response = await admin(
      `/campaigns/el-salvador/signatures?${query}${cursor ? `&cursor=${cursor}` : ''}`,
    );
    assert.equal(response.status, 200);
    const page = (await response.json()) as Page;
    ids.push(...page.data.map((row) => row.id));
    cursor = page.nextCursor;
    pages++;
  } while (cursor);
  return { ids, pages };
}

/** Every row of every table, as one text, to look for what must be gone. */
async function everyRow(app: TestApp): Promise<string> {
  const tables = await app.query<{ name: string }>(
    app.engine === 'sqlite'
      ? "SELECT name FROM sqlite_schema WHERE type = 'table'"
      : "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'",
  );
  const rows = await Promise.all(tables.map(({ name }) => app.query(`SELECT * FROM ${name}`)));
  return JSON.stringify(rows);
}

for (const { engine, skip, open } of EACH_ENGINE) {
  describe(`admin signatures on ${engine}`, { skip }, () => {
    describe('GET /api/admin/campaigns/:slug/signatures', () => {
      it('walks 10,000 rows in pages of 1000 with no duplicates or gaps, in id order', async () => {
        const app = await open();
        await app.insertRows(10_000);
        const { ids, pages } = await walk(app.admin, 'limit=1000');
        assert.equal(pages, 10);
        assert.equal(ids.length, 10_000);
        assert.equal(new Set(ids).size, 10_000);
        const all = (await app.query<{ id: number }>('SELECT id FROM signatures ORDER BY id')).map(
          (row) => row.id,
        );
        assert.deepEqual(ids, all);
        const small = await walk(app.admin, 'limit=333');
        assert.deepEqual(small.ids, all);
      });

      it('filters by partner, opt-in, flagged and time range, each page still in id order', async () => {
        const app = await open();
        const { admin } = app;
        const start = Date.UTC(2026, 0, 1);
        await app.insertRows(3000, start);
        const expect = async (where: string, ...args: unknown[]) =>
          (
            await app.query<{ id: number }>(
              `SELECT id FROM signatures WHERE ${where} ORDER BY id`,
              ...args,
            )
          ).map((row) => row.id);
        assert.deepEqual(
          (await walk(admin, 'limit=250&partner=oxfam')).ids,
          await expect("partner = 'oxfam'"),
        );
        assert.deepEqual(
          (await walk(admin, 'limit=250&optIn=true')).ids,
          await expect('opt_in = 1'),
        );
        assert.deepEqual(
          (await walk(admin, 'limit=250&flagged=true')).ids,
          await expect('flagged IS NOT NULL'),
        );
        assert.deepEqual(
          (await walk(admin, 'limit=250&flagged=false&partner=amnesty')).ids,
          await expect("flagged IS NULL AND partner = 'amnesty'"),
        );
        const from = new Date(start + 1000 * 60_000).toISOString();
        const to = new Date(start + 1500 * 60_000).toISOString();
        const ranged = await walk(admin, `limit=100&from=${from}&to=${to}&optIn=false`);
        assert.deepEqual(
          ranged.ids,
          await expect(
            'created_at >= ? AND created_at < ? AND opt_in = 0',
            Date.parse(from),
            Date.parse(to),
          ),
        );
        assert.equal((await walk(admin, 'from=2030-01-01')).ids.length, 0);
        assert.equal((await walk(admin, 'to=2020-01-01')).ids.length, 0);
      });

      it('422s a bad cursor and bad parameters', async () => {
        const { admin } = await open();
        const bad = await expectProblem(
          await admin('/campaigns/el-salvador/signatures?cursor=bm9wZQ'),
          422,
        );
        assert.equal(bad.errors[0].field, 'cursor');
        const said: Record<string, string> = {
          'limit=0': 'Limit is at least 1.',
          'limit=5000': 'Limit is at most 1000.',
          'limit=x': 'Limit is not valid.',
          'optIn=maybe': 'Opt-in is true or false.',
          'from=yesterday':
            'From is an ISO date (2026-11-29) or date-time with an offset (2026-11-29T10:00:00Z).',
        };
        for (const [query, message] of Object.entries(said)) {
          const problem = await expectProblem(
            await admin(`/campaigns/el-salvador/signatures?${query}`),
            422,
          );
          assert.equal(problem.errors[0].message, message, query);
        }
      });
    });

    describe('DELETE /api/admin/signatures/:id', () => {
      it('erases the person: row gone, counter down, audit row without personal data, nothing in the file', async () => {
        const app = await open();
        const { admin } = app;
        const person = validBody({
          firstName: 'Quintessa',
          lastName: 'Vandermeer',
          city: 'Zyxopolis',
          email: 'quintessa.v@erase-me.example',
        });
        const signed = await app.sign(person, { 'idempotency-key': 'erase-key-0001' });
        assert.equal(signed.status, 201);
        // A later repeat with another key (another time): its record names the same person.
        assert.equal(
          (
            await app.sign(
              { ...person, city: 'Elsewhere' },
              { 'idempotency-key': 'erase-key-0002' },
            )
          ).status,
          200,
        );
        await app.sign(validBody(), { 'idempotency-key': 'other-person-01' });
        const [{ id }] = await app.query<{ id: number }>(
          'SELECT id FROM signatures WHERE first_name = ?',
          'Quintessa',
        );

        const response = await admin(`/signatures/${id}`, { method: 'DELETE' });
        assert.equal(response.status, 200);
        assert.deepEqual(await response.json(), {
          status: 'erased',
          rows: 1,
          counter: { signatures: 1, offset: 785, total: 786, goal: null, goalMode: 'fixed' },
        });
        assert.equal(
          (await (await app.request('/api/campaigns/el-salvador/counter')).json()).signatures,
          1,
        );
        assert.equal(await app.count(), 1);
        assert.deepEqual(
          (await app.query<{ key: string }>('SELECT key FROM idempotency_keys')).map(
            (row) => row.key,
          ),
          ['other-person-01'],
          'all their idempotency records went, and only theirs',
        );
        assert.equal(
          (await app.query<{ n: number }>('SELECT signature_count AS n FROM campaigns'))[0].n,
          1,
        );
        const audit = (await (await admin('/campaigns/el-salvador/audit')).json()).data;
        assert.deepEqual(
          audit.map((entry: { action: string }) => entry.action),
          ['erasure'],
        );

        const emailHash = keyedHash(app.secret, 'email', person.email.toLowerCase());
        const traces = [person.email, 'Quintessa', 'Vandermeer', 'Zyxopolis', emailHash];
        const rows = await everyRow(app);
        for (const text of traces) assert.ok(!rows.includes(text), `${text} still in a table`);
        assert.ok(rows.includes('Lovelace'), 'the search does see the other signature');
        if (app.engine === 'sqlite') {
          // Not in the file either (secure_delete). PostgreSQL leaves deleted tuples to VACUUM, as
          // its erasure module and the README say.
          await app.query('PRAGMA wal_checkpoint(TRUNCATE)');
          const file = app.location;
          const bytes = Buffer.concat([
            fs.readFileSync(file),
            fs.existsSync(`${file}-wal`) ? fs.readFileSync(`${file}-wal`) : Buffer.alloc(0),
          ]);
          for (const text of traces)
            assert.equal(
              bytes.indexOf(Buffer.from(text)),
              -1,
              `${text} still in the database file`,
            );
          assert.notEqual(bytes.indexOf(Buffer.from('Lovelace')), -1, 'the search sees the file');
        }
        await expectProblem(await admin(`/signatures/${id}`, { method: 'DELETE' }), 404);
        await expectProblem(await admin('/signatures/abc', { method: 'DELETE' }), 404);
      });

      it("finds a person's rows by email and erases them all, flagged repeats included", async () => {
        const app = await open({ settings: { PETITION_RATE_LIMIT: 'on', PETITION_RATE_BURST: 1 } });
        await minuteWithRoom(10_000); // the repeats flagged only within one minute of the limiter
        const { admin } = app;
        const person = validBody({
          firstName: 'Wilhelmina',
          city: 'Quahog',
          email: 'Wil.H@Erase.Example',
        });
        for (let i = 0; i < 3; i++)
          assert.equal((await app.sign({ ...person, lastName: `Repeat${i}` })).status, 201);
        assert.equal(
          await app.count("first_name = 'Wilhelmina'"),
          3,
          'one counted, two flagged past the burst',
        );
        assert.equal(app.campaigns.get('el-salvador')!.signatures, 1);
        const search = (email: string) =>
          admin('/campaigns/el-salvador/signatures/search', { method: 'POST', json: { email } });
        const found = (await (await search(' wil.h@erase.EXAMPLE ')).json()).data;
        assert.deepEqual(
          found.map((row: { flagged: string | null }) => row.flagged),
          [null, 'rate_burst', 'rate_burst'],
        );
        assert.deepEqual((await (await search('nobody@example.org')).json()).data, []);
        await expectProblem(
          await admin('/campaigns/el-salvador/signatures/search', { method: 'POST', json: {} }),
          422,
        );

        const erased = await (
          await admin(`/signatures/${found[2].id}`, { method: 'DELETE' })
        ).json();
        assert.equal(erased.rows, 3);
        assert.equal(erased.counter.signatures, 0, 'the counted row left the counter');
        assert.equal(await app.count("first_name = 'Wilhelmina'"), 0);
        const traces = ['Wilhelmina', 'Quahog', 'Wil.H@erase.example', 'Repeat1'];
        const rows = await everyRow(app);
        for (const text of traces) assert.ok(!rows.includes(text), `${text} still in a table`);
        if (app.engine === 'sqlite') {
          await app.query('PRAGMA wal_checkpoint(TRUNCATE)');
          const bytes = fs.readFileSync(app.location);
          for (const text of traces) assert.equal(bytes.indexOf(Buffer.from(text)), -1, text);
        }
        const audit = (await (await admin('/campaigns/el-salvador/audit')).json()).data;
        assert.deepEqual(
          audit.map((entry: { action: string; newValue: number }) => [
            entry.action,
            entry.newValue,
          ]),
          [['erasure', 3]],
        );
      });

      it('does not change the counter when the erased row was flagged', async () => {
        const app = await open();
        await app.insertRows(10);
        const before = app.campaigns.get('el-salvador')!.signatures;
        const [flagged] = await app.query<{ id: number }>(
          'SELECT id FROM signatures WHERE flagged IS NOT NULL',
        );
        assert.equal(
          (await app.admin(`/signatures/${flagged.id}`, { method: 'DELETE' })).status,
          200,
        );
        assert.equal(app.campaigns.get('el-salvador')!.signatures, before);
      });
    });

    // SQLite keeps a tally and counts in chunks between requests; PostgreSQL groups in the database
    // at each call, so what can go wrong with a kept tally cannot happen there.
    const tallySkip = engine === 'postgres' ? 'PostgreSQL keeps no tally (stats.ts)' : false;
    describe('GET /api/admin/campaigns/:slug/stats', () => {
      it('totals by day, partner, country and city, with the flagged count and opt-in rate', async () => {
        const app = await open();
        const { admin } = app;
        await app.insertRows(3000);
        const stats = await (await admin('/campaigns/el-salvador/stats')).json();
        assert.equal(stats.signatures, 2700);
        assert.equal(stats.flagged, 300);
        assert.equal(stats.counter.signatures, 2700);
        assert.equal(stats.byDay.length, 3, '3000 minutes span three days');
        assert.equal(
          stats.byDay.reduce((sum: number, day: { signatures: number }) => sum + day.signatures, 0),
          2700,
        );
        assert.equal(stats.byDay[0].day, '2026-01-01');
        assert.deepEqual(
          stats.byPartner.map((row: { partner: string | null }) => row.partner).sort(),
          ['amnesty', 'oxfam', null].sort(),
        );
        assert.deepEqual(stats.byCountry, [{ country: 'CA', signatures: 2700 }]);
        assert.deepEqual(stats.byCity.map((row: { city: string }) => row.city).sort(), [
          'Montréal',
          'Toronto',
        ]);
        const optedIn = await app.count('opt_in = 1 AND flagged IS NULL');
        assert.equal(stats.optInRate, Math.round((optedIn / 2700) * 10_000) / 10_000);
      });

      it('keeps its tally: new rows are added, an erasure makes it count afresh, concurrent calls agree', async () => {
        const app = await open();
        const { admin } = app;
        await app.insertRows(12_000);
        const stats = async () => (await admin('/campaigns/el-salvador/stats')).json();
        const [first, second] = await Promise.all([stats(), stats()]);
        assert.deepEqual(first, second);
        assert.equal(first.signatures, 10_800);
        await app.sign(validBody({ partner: 'newcomer', optIn: true }));
        const after = await stats();
        assert.equal(after.signatures, 10_801);
        assert.equal(after.optedIn, first.optedIn + 1);
        assert.ok(after.byPartner.some((row: { partner: string }) => row.partner === 'newcomer'));
        const [{ id }] = await app.query<{ id: number }>(
          "SELECT id FROM signatures WHERE partner = 'newcomer'",
        );
        assert.equal((await admin(`/signatures/${id}`, { method: 'DELETE' })).status, 200);
        const erased = await stats();
        assert.deepEqual({ ...erased, counter: null }, { ...first, counter: null });
      });

      it('does not answer from a count that began before an erasure', {
        skip: tallySkip,
      }, async () => {
        const app = await open();
        const { admin } = app;
        await app.insertRows(30_000);
        const stats = async () => (await admin('/campaigns/el-salvador/stats')).json();
        const before = stats();
        assert.equal((await admin('/signatures/1', { method: 'DELETE' })).status, 200);
        const after = await stats();
        assert.equal(
          (await before).signatures,
          27_000,
          'the count under way had already read row 1',
        );
        assert.equal(after.signatures, 26_999);
      });

      it('lets signing through while it counts a large campaign', { skip: tallySkip }, async () => {
        const app = await open();
        const { admin } = app;
        await app.insertRows(30_000);
        // On SQLite the first signature after the bulk insert commits on the writer thread's
        // connection, which then checkpoints the 30,000 rows: not what is measured here.
        assert.equal((await app.sign(validBody())).status, 201);
        const order: string[] = [];
        const counting = Promise.resolve(admin('/campaigns/el-salvador/stats')).then(() =>
          order.push('stats'),
        );
        const signing = Promise.resolve(app.sign(validBody())).then(() => order.push('sign'));
        await Promise.all([counting, signing]);
        assert.deepEqual(order, ['sign', 'stats']);
      });
    });
  });
}

// SQLite's own: its query planner's promise (PostgreSQL picks plans by its statistics), and a
// reader on another connection of the same file.
describe('on SQLite alone', () => {
  it('reads every filter combination as one index range in id order (no full scan, no sort)', () => {
    const { db } = makeAdminApp();
    for (const partner of [undefined, 'oxfam']) {
      for (const optIn of [undefined, true]) {
        for (const flagged of [undefined, true, false]) {
          const params = {
            campaignId: 1,
            after: 0,
            until: 9,
            from: 0,
            to: 9,
            partner,
            optIn: 1,
            limit: 10,
          };
          const rows = db
            .prepare(`EXPLAIN QUERY PLAN ${pageSql({ partner, optIn, flagged })}`)
            .all(params) as { detail: string }[];
          const detail = rows.map((row) => row.detail).join('; ');
          assert.match(
            detail,
            /^SEARCH signatures USING INDEX signatures_\w+ \(campaign_id=\? (AND partner=\? )?AND id>\? AND id<\?\)$/,
            detail,
          );
        }
      }
    }
  });

  it('does not stall while another connection (an export, a backup) reads', async () => {
    const { admin, db, file, campaigns, campaign } = makeAdminApp();
    insertRows(db, campaigns, campaign.id, 100);
    const reader = new Database(file, { readonly: true });
    const open = reader.prepare('SELECT * FROM signatures').iterate();
    open.next();
    const patience = db.pragma('busy_timeout', { simple: true });
    const started = performance.now();
    assert.equal((await admin('/signatures/5', { method: 'DELETE' })).status, 200);
    assert.ok(performance.now() - started < 1000, 'not the 5 s busy timeout');
    open.return!();
    reader.close();
    db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = fs.readFileSync(file);
    assert.equal(bytes.indexOf(Buffer.from('p4.')), -1, 'gone once the reader has left');
    assert.equal(
      db.pragma('busy_timeout', { simple: true }),
      patience,
      'the usual patience is back',
    );
  });
});
