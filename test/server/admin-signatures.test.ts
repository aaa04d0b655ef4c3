/** Admin signatures: keyset pages and filters, erasure that leaves nothing behind, statistics. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { describe, it } from 'node:test';
import { pageSql } from '../../server/storage/sqlite/admin-signatures.ts';
import { keyedHash } from '../../server/secrets/crypto.ts';
import { expectProblem, insertRows, makeAdminApp } from './admin-helpers.ts';
import { rowCount, sign, validBody } from './helpers.ts';

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

async function walk(admin: ReturnType<typeof makeAdminApp>['admin'], query: string) {
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

describe('GET /api/admin/campaigns/:slug/signatures', () => {
  it('walks 10,000 rows in pages of 1000 with no duplicates or gaps, in id order', async () => {
    const { admin, db, campaigns, campaign } = makeAdminApp();
    insertRows(db, campaigns, campaign.id, 10_000);
    const { ids, pages } = await walk(admin, 'limit=1000');
    assert.equal(pages, 10);
    assert.equal(ids.length, 10_000);
    assert.equal(new Set(ids).size, 10_000);
    const all = db.prepare('SELECT id FROM signatures ORDER BY id').pluck().all() as number[];
    assert.deepEqual(ids, all);
    const small = await walk(admin, 'limit=333');
    assert.deepEqual(small.ids, all);
  });

  it('filters by partner, opt-in, flagged and time range, each page still in id order', async () => {
    const { admin, db, campaigns, campaign } = makeAdminApp();
    const start = Date.UTC(2026, 0, 1);
    insertRows(db, campaigns, campaign.id, 3000, start);
    const expect = (where: string, ...args: unknown[]) =>
      db
        .prepare(`SELECT id FROM signatures WHERE ${where} ORDER BY id`)
        .pluck()
        .all(...args) as number[];
    assert.deepEqual(
      (await walk(admin, 'limit=250&partner=oxfam')).ids,
      expect("partner = 'oxfam'"),
    );
    assert.deepEqual((await walk(admin, 'limit=250&optIn=true')).ids, expect('opt_in = 1'));
    assert.deepEqual(
      (await walk(admin, 'limit=250&flagged=true')).ids,
      expect('flagged IS NOT NULL'),
    );
    assert.deepEqual(
      (await walk(admin, 'limit=250&flagged=false&partner=amnesty')).ids,
      expect("flagged IS NULL AND partner = 'amnesty'"),
    );
    const from = new Date(start + 1000 * 60_000).toISOString();
    const to = new Date(start + 1500 * 60_000).toISOString();
    const ranged = await walk(admin, `limit=100&from=${from}&to=${to}&optIn=false`);
    assert.deepEqual(
      ranged.ids,
      expect('created_at >= ? AND created_at < ? AND opt_in = 0', Date.parse(from), Date.parse(to)),
    );
    assert.equal((await walk(admin, 'from=2030-01-01')).ids.length, 0);
    assert.equal((await walk(admin, 'to=2020-01-01')).ids.length, 0);
  });

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

  it('422s a bad cursor and bad parameters', async () => {
    const { admin } = makeAdminApp();
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
    const { admin, app, db, file, secret } = makeAdminApp();
    const person = validBody({
      firstName: 'Quintessa',
      lastName: 'Vandermeer',
      city: 'Zyxopolis',
      email: 'quintessa.v@erase-me.example',
    });
    const signed = await sign(app, person, { 'idempotency-key': 'erase-key-0001' });
    assert.equal(signed.status, 201);
    // A later repeat with another key (another time): its record names the same person.
    assert.equal(
      (await sign(app, { ...person, city: 'Elsewhere' }, { 'idempotency-key': 'erase-key-0002' }))
        .status,
      200,
    );
    await sign(app, validBody(), { 'idempotency-key': 'other-person-01' });
    const id = (
      db.prepare('SELECT id FROM signatures WHERE first_name = ?').get('Quintessa') as {
        id: number;
      }
    ).id;

    const response = await admin(`/signatures/${id}`, { method: 'DELETE' });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), {
      status: 'erased',
      rows: 1,
      counter: { signatures: 1, offset: 785, total: 786, goal: null },
    });
    assert.equal(
      (await (await app.request('/api/campaigns/el-salvador/counter')).json()).signatures,
      1,
    );
    assert.equal(rowCount(db), 1);
    assert.deepEqual(
      db.prepare('SELECT key FROM idempotency_keys').pluck().all(),
      ['other-person-01'],
      'all their idempotency records went, and only theirs',
    );
    assert.equal(
      (db.prepare('SELECT signature_count FROM campaigns').get() as { signature_count: number })
        .signature_count,
      1,
    );
    const audit = (await (await admin('/campaigns/el-salvador/audit')).json()).data;
    assert.deepEqual(
      audit.map((entry: { action: string }) => entry.action),
      ['erasure'],
    );

    db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = Buffer.concat([
      fs.readFileSync(file),
      fs.existsSync(`${file}-wal`) ? fs.readFileSync(`${file}-wal`) : Buffer.alloc(0),
    ]);
    const emailHash = keyedHash(secret, 'email', person.email.toLowerCase());
    for (const secretText of [person.email, 'Quintessa', 'Vandermeer', 'Zyxopolis', emailHash]) {
      assert.equal(
        bytes.indexOf(Buffer.from(secretText)),
        -1,
        `${secretText} still in the database file`,
      );
    }
    assert.notEqual(
      bytes.indexOf(Buffer.from('Lovelace')),
      -1,
      'the search does see the other signature',
    );
    await expectProblem(await admin(`/signatures/${id}`, { method: 'DELETE' }), 404);
    await expectProblem(await admin('/signatures/abc', { method: 'DELETE' }), 404);
  });

  it("finds a person's rows by email and erases them all, flagged repeats included", async () => {
    const { admin, app, db, file, campaigns } = makeAdminApp({
      PETITION_RATE_LIMIT: 'on',
      PETITION_RATE_BURST: 1,
    });
    const person = validBody({
      firstName: 'Wilhelmina',
      city: 'Quahog',
      email: 'Wil.H@Erase.Example',
    });
    for (let i = 0; i < 3; i++)
      assert.equal((await sign(app, { ...person, lastName: `Repeat${i}` })).status, 201);
    assert.equal(
      rowCount(db, "first_name = 'Wilhelmina'"),
      3,
      'one counted, two flagged past the burst',
    );
    assert.equal(campaigns.get('el-salvador')!.signatures, 1);
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

    const erased = await (await admin(`/signatures/${found[2].id}`, { method: 'DELETE' })).json();
    assert.equal(erased.rows, 3);
    assert.equal(erased.counter.signatures, 0, 'the counted row left the counter');
    assert.equal(rowCount(db, "first_name = 'Wilhelmina'"), 0);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = fs.readFileSync(file);
    for (const text of ['Wilhelmina', 'Quahog', 'Wil.H@erase.example', 'Repeat1'])
      assert.equal(bytes.indexOf(Buffer.from(text)), -1, text);
    const audit = (await (await admin('/campaigns/el-salvador/audit')).json()).data;
    assert.deepEqual(
      audit.map((entry: { action: string; newValue: number }) => [entry.action, entry.newValue]),
      [['erasure', 3]],
    );
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

  it('does not change the counter when the erased row was flagged', async () => {
    const { admin, db, campaigns, campaign } = makeAdminApp();
    insertRows(db, campaigns, campaign.id, 10);
    const before = campaigns.get('el-salvador')!.signatures;
    const flagged = db
      .prepare('SELECT id FROM signatures WHERE flagged IS NOT NULL')
      .pluck()
      .get() as number;
    assert.equal((await admin(`/signatures/${flagged}`, { method: 'DELETE' })).status, 200);
    assert.equal(campaigns.get('el-salvador')!.signatures, before);
  });
});

describe('GET /api/admin/campaigns/:slug/stats', () => {
  it('totals by day, partner, country and city, with the flagged count and opt-in rate', async () => {
    const { admin, db, campaigns, campaign } = makeAdminApp();
    insertRows(db, campaigns, campaign.id, 3000);
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
    const optedIn = db
      .prepare('SELECT COUNT(*) FROM signatures WHERE opt_in = 1 AND flagged IS NULL')
      .pluck()
      .get() as number;
    assert.equal(stats.optInRate, Math.round((optedIn / 2700) * 10_000) / 10_000);
  });

  it('keeps its tally: new rows are added, an erasure makes it count afresh, concurrent calls agree', async () => {
    const { admin, app, db, campaigns, campaign } = makeAdminApp();
    insertRows(db, campaigns, campaign.id, 12_000);
    const stats = async () => (await admin('/campaigns/el-salvador/stats')).json();
    const [first, second] = await Promise.all([stats(), stats()]);
    assert.deepEqual(first, second);
    assert.equal(first.signatures, 10_800);
    await sign(app, validBody({ partner: 'newcomer', optIn: true }));
    const after = await stats();
    assert.equal(after.signatures, 10_801);
    assert.equal(after.optedIn, first.optedIn + 1);
    assert.ok(after.byPartner.some((row: { partner: string }) => row.partner === 'newcomer'));
    const id = db.prepare("SELECT id FROM signatures WHERE partner = 'newcomer'").pluck().get();
    assert.equal((await admin(`/signatures/${id}`, { method: 'DELETE' })).status, 200);
    const erased = await stats();
    assert.deepEqual({ ...erased, counter: null }, { ...first, counter: null });
  });

  it('does not answer from a count that began before an erasure', async () => {
    const { admin, db, campaigns, campaign } = makeAdminApp();
    insertRows(db, campaigns, campaign.id, 30_000);
    const stats = async () => (await admin('/campaigns/el-salvador/stats')).json();
    const before = stats();
    assert.equal((await admin('/signatures/1', { method: 'DELETE' })).status, 200);
    const after = await stats();
    assert.equal((await before).signatures, 27_000, 'the count under way had already read row 1');
    assert.equal(after.signatures, 26_999);
  });

  it('lets signing through while it counts a large campaign', async () => {
    const { admin, app, db, campaigns, campaign } = makeAdminApp();
    insertRows(db, campaigns, campaign.id, 30_000);
    const order: string[] = [];
    const counting = Promise.resolve(admin('/campaigns/el-salvador/stats')).then(() =>
      order.push('stats'),
    );
    const signing = Promise.resolve(sign(app, validBody())).then(() => order.push('sign'));
    await Promise.all([counting, signing]);
    assert.deepEqual(order, ['sign', 'stats']);
  });
});
