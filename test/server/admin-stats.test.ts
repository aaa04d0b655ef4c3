/**
 * Campaign statistics answer the same bytes on both engines (storage/stats-tally.ts shapes both):
 * the same rows on SQLite and on PostgreSQL give the same JSON, whole and for each partner, with
 * rows on each side of midnight UTC, keys the locale calls equal (a text "null" partner beside
 * none, a city spelt in two Unicode forms), and a PostgreSQL whose time zone is
 * fourteen hours from UTC: a day is a UTC day whatever the database's clock says.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openPostgres } from '../../server/storage/postgres/open.ts';
import { PgStats } from '../../server/storage/postgres/stats.ts';
import { AdminStats } from '../../server/storage/sqlite/stats.ts';
import { openDatabase } from '../../server/storage/sqlite/open.ts';
import type { TestApp } from './engine-app.ts';
import { openApp } from './engine-app.ts';
import { pgSkip } from './storage-fixture.ts';

const MIDNIGHT = Date.UTC(2026, 2, 1);
const PARTNERS = ['oxfam', 'amnesty', null, 'null', 'zeta', 'alpha'];
const PLACES: [string | null, string][] = [
  ['FR', 'Éauze'],
  ['FR', 'E\u0301auze'],
  ['CA', 'Montréal'],
  [null, 'Nowhere'],
  ['DE', 'Zürich'],
  ['CH', 'Zürich'],
];
const FLAGS = [null, null, null, null, 'honeypot', null, 'rate_burst', null, null, 'manual'];

/** The same rows on either engine: ~400, spread over three days around two midnights. */
async function fill(app: TestApp) {
  for (let n = 0; n < 400; n++) {
    const [country, city] = PLACES[(n * 7) % PLACES.length];
    // -2 ms to +2 ms around each midnight, then the rest of the day by the quarter hour.
    const around = n % 5 < 2 ? MIDNIGHT + (n % 3) * 86_400_000 + ((n % 5) - 2) : 0;
    const createdAt = around || MIDNIGHT + ((n * 15 * 60_000) % (3 * 86_400_000));
    await app.query(
      `INSERT INTO signatures (campaign_id, email_hash, first_name, last_name, email, city, country,
         opt_in, lang, consent_hash, partner, partner_opt_in, flagged, created_at)
       VALUES (?, ?, 'F', 'L', ?, ?, ?, ?, 'en', 'c', ?, ?, ?, ?)`,
      app.campaign.id,
      `h${n}`,
      `p${n}@example.org`,
      city,
      country,
      n % 3 === 0 ? 1 : 0,
      PARTNERS[n % PARTNERS.length],
      n % 4 === 0 ? 1 : 0,
      FLAGS[n % FLAGS.length],
      createdAt,
    );
  }
  // Ten more through the test app's own helper, which also brings the counter in step.
  await app.insertRows(10, MIDNIGHT);
}

describe('stats answer the same bytes on both engines', { skip: pgSkip }, () => {
  it('whole and per partner, across midnight UTC, with ties, whatever the time zone', async () => {
    const sqlite = await openApp('sqlite');
    const postgres = await openApp('postgres');
    await fill(sqlite);
    await fill(postgres);
    // Only connections opened after this take the zone: the stores below open their own.
    const database = new URL(postgres.location).pathname.slice(1);
    await postgres.query(`ALTER DATABASE ${database} SET timezone = 'Pacific/Kiritimati'`);

    const text = async (app: TestApp) =>
      (await app.admin(`/campaigns/${app.campaign.slug}/stats`)).text();
    const [fromSqlite, fromPostgres] = [await text(sqlite), await text(postgres)];
    assert.equal(fromPostgres, fromSqlite);
    const whole = JSON.parse(fromSqlite);
    assert.equal(whole.byDay[0].day, '2026-02-28', 'the last milliseconds before midnight');
    assert.ok(whole.byPartner.some((row: { partner: string | null }) => row.partner === null));
    assert.ok(whole.byPartner.some((row: { partner: string | null }) => row.partner === 'null'));

    const db = openDatabase(sqlite.location);
    const pool = await openPostgres(postgres.location);
    try {
      const zone = await pool.query('SHOW timezone');
      assert.equal(zone.rows[0].TimeZone, 'Pacific/Kiritimati');
      const [left, right] = [new AdminStats(db), new PgStats(pool)];
      const id = sqlite.campaign.id;
      assert.equal(postgres.campaign.id, id);
      assert.equal(JSON.stringify(await right.of(id)), JSON.stringify(await left.of(id)));
      for (const partner of ['oxfam', 'null', 'zeta', 'nobody']) {
        const [a, b] = [await left.ofPartner(id, partner), await right.ofPartner(id, partner)];
        assert.equal(JSON.stringify(b), JSON.stringify(a), partner);
      }
    } finally {
      db.close();
      await pool.end();
    }
  });
});
