/**
 * Signatures made straight in the database, on either engine, for tests that need many rows
 * (pages, exports, erasure): one INSERT ... SELECT over a counting CTE, so 30,000 rows take one
 * statement, not 30,000 requests. Every 10th row is flagged, every 3rd opted in, partners cycle
 * through oxfam, amnesty and none, a minute apart from `start`; the stored counter follows.
 */
import type { StorageEngine } from '../../server/storage/storage.ts';

type Query = (sql: string, ...params: unknown[]) => Promise<unknown[]>;

/** Inserts `count` rows into campaign `campaignId` and brings its stored counter in step. */
export async function bulkRows(
  engine: StorageEngine,
  query: Query,
  campaignId: number,
  count: number,
  start = Date.UTC(2026, 0, 1),
): Promise<void> {
  // Whole numbers from the test itself, so inlined: PostgreSQL cannot type a bare parameter here.
  const [id, from, rows] = [campaignId, start, count].map((n) => String(Math.trunc(n)));
  await query(`INSERT INTO signatures (campaign_id, email_hash, first_name, last_name, email, city,
      country, opt_in, lang, consent_hash, partner, flagged, created_at)
    WITH RECURSIVE s(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s WHERE n + 1 < ${rows})
    SELECT ${id}, 'h-${id}-' || n || '-${from}', 'First' || n, 'Last' || n,
      'p' || n || '.${from}@example.org', CASE WHEN n % 2 = 1 THEN 'Montréal' ELSE 'Toronto' END,
      'CA', CASE WHEN n % 3 = 0 THEN 1 ELSE 0 END, 'en', 'c0ffee',
      CASE n % 3 WHEN 0 THEN 'oxfam' WHEN 1 THEN 'amnesty' END,
      CASE WHEN n % 10 = 9 THEN 'honeypot' END, ${from} + CAST(n AS BIGINT) * 60000
    FROM s`);
  // PostgreSQL's nodes take a count only with a newer version (migration 002).
  const version = engine === 'postgres' ? ", count_version = nextval('count_versions')" : '';
  await query(`UPDATE campaigns SET signature_count = (SELECT count(*) FROM signatures
      WHERE campaign_id = ${id} AND flagged IS NULL)${version} WHERE id = ${id}`);
}
