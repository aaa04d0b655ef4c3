/**
 * A database of many signatures, made directly in SQLite or PostgreSQL (not through HTTP): the
 * demo campaign, then `count` rows (the same on both engines) in one transaction, with `signature_count` set in
 * the same transaction so the counter agrees with the rows. The email and IP hashes are random
 * values of the real ones' shape (43 base64url characters): a keyed hash costs ~6 µs here, which is
 * 12 s for a million rows of two, and these rows are never signed again.
 */
import { randomBytes } from 'node:crypto';
import { elSalvador } from '../../demo/el-salvador.ts';
import { CampaignStore } from '../../server/storage/sqlite/campaigns.ts';
import { consentVersion, textsFor } from '../../server/campaigns/campaign.ts';
import type { Campaign } from '../../server/campaigns/campaign.ts';
import type { PgStorage } from '../../server/storage/postgres/index.ts';
import { openDatabase } from '../../server/storage/sqlite/open.ts';
import { seeded } from './signatures.ts';

const FIRST = ['Marta', 'José', 'Ana', 'Luis', 'Chloé', 'Ngozi', 'Wei', 'Sofía', 'Pierre', 'Aroha'];
const LAST = ['López', 'Martínez', 'Tremblay', 'Okafor', 'Nguyen', 'Smith', 'Gagnon', 'Rossi'];
const CITY = ['San Salvador', 'Montréal', 'Toronto', 'Madrid', 'Lagos', 'Lyon', 'Vancouver'];
const PARTNER = [null, null, null, 'amnesty-ca', 'oxfam'];

/** The generated rows' columns, in the order `generatedRows` gives their values. */
const COLUMNS = [
  'campaign_id',
  'email_hash',
  'first_name',
  'last_name',
  'email',
  'city',
  'opt_in',
  'lang',
  'consent_hash',
  'partner',
  'origin',
  'ip_hash',
  'created_at',
] as const;

/** `count` rows of `campaign`, a month of signing, oldest first (ids grow with time). */
function* generatedRows(campaign: Campaign, count: number): Generator<unknown[]> {
  const { lang, texts } = textsFor(campaign, 'en');
  const consentHash = consentVersion(texts, lang);
  const random = seeded(1_000_000);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const start = Date.now() - 30 * 24 * 60 * 60 * 1000;
  const step = (30 * 24 * 60 * 60 * 1000) / count;
  const hashes = randomBytes(64 * 65536);
  const hash = (n: number, which: 0 | 1) => {
    const at = ((n & 65535) * 2 + which) * 32;
    // Mixed with the row number so that 65,536 blocks of random bytes give a million unique hashes.
    hashes.writeUInt32LE(n, at);
    return hashes.toString('base64url', at, at + 32);
  };
  for (let n = 0; n < count; n++) {
    const email = `person.${n.toString(36)}@scale.example.org`;
    yield [
      campaign.id,
      hash(n, 0),
      pick(FIRST),
      pick(LAST),
      email,
      pick(CITY),
      random() < 0.4 ? 1 : 0,
      lang,
      consentHash,
      pick(PARTNER),
      'https://partner.example.org',
      hash(n, 1),
      Math.floor(start + n * step),
    ];
  }
}

/** Fills a new database file with the demo campaign and `count` signatures; returns the time. */
export function generateSignatures(file: string, count: number): { ms: number } {
  const started = performance.now();
  const db = openDatabase(file);
  const campaign = new CampaignStore(db).create({
    ...elSalvador,
    status: 'open',
    verification: 'none',
  });
  const insert = db.prepare(
    `INSERT INTO signatures (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`,
  );
  // Test data, so the load takes every shortcut: no journal, no syncs, and the indexes built once
  // at the end (sorting is far faster than a million random B-tree inserts). They are read back
  // from the schema, so the generated database always has the indexes the migrations made.
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  const indexes = db
    .prepare<[], { name: string; sql: string }>(
      "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'signatures' AND sql IS NOT NULL",
    )
    .all();
  db.transaction(() => {
    for (const { name } of indexes) db.exec(`DROP INDEX "${name}"`);
    for (const row of generatedRows(campaign, count)) insert.run(...row);
    for (const { sql } of indexes) db.exec(sql);
    db.prepare('UPDATE campaigns SET signature_count = ? WHERE id = ?').run(count, campaign.id);
  })();
  db.pragma('journal_mode = WAL');
  db.close();
  return { ms: performance.now() - started };
}

/**
 * The same on PostgreSQL, through an open storage: the demo campaign and `count` signatures in
 * one transaction, 500 rows an INSERT, the counter given a new version so every node takes it.
 */
export async function generatePgSignatures(storage: PgStorage, count: number): Promise<void> {
  const campaign = await storage.campaigns.create({
    ...elSalvador,
    status: 'open',
    verification: 'none',
  });
  const rows = [...generatedRows(campaign, count)];
  const client = await storage.pool.connect();
  try {
    await client.query('BEGIN');
    for (let at = 0; at < rows.length; at += 500) {
      const chunk = rows.slice(at, at + 500);
      const values = chunk.map(
        (_row, r) => `(${COLUMNS.map((_c, c) => `$${r * COLUMNS.length + c + 1}`).join(', ')})`,
      );
      await client.query(
        `INSERT INTO signatures (${COLUMNS.join(', ')}) VALUES ${values.join(', ')}`,
        chunk.flat(),
      );
    }
    await client.query(
      "UPDATE campaigns SET signature_count = $1, count_version = nextval('count_versions') WHERE id = $2",
      [count, campaign.id],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
