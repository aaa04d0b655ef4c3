/**
 * Connecting to PostgreSQL and bringing its schema up to date.
 *
 * One pool a process. Numbered migrations, each in one transaction, with the schema version in
 * `schema_version`; an advisory lock makes two nodes starting at once take turns, so each
 * migration runs exactly once. A database newer than this code is refused rather than guessed at.
 */
import pg from 'pg';
import initial from './migrations/001-initial.ts';
import countVersion from './migrations/002-count-version.ts';
import flagKept from './migrations/003-flag-kept.ts';
import webhooks from './migrations/004-webhooks.ts';
import revokedKeyHooks from './migrations/005-revoked-key-hooks.ts';
import webhookSecretSealed from './migrations/006-webhook-secret-sealed.ts';
import confirmation from './migrations/007-confirmation.ts';
import goalMode from './migrations/008-goal-mode.ts';
import retention from './migrations/009-retention.ts';
import showInRecent from './migrations/010-show-in-recent.ts';

/** The migrations, in order; the schema version is the count applied. */
export const PG_MIGRATIONS: readonly string[] = [
  initial,
  countVersion,
  flagKept,
  webhooks,
  revokedKeyHooks,
  webhookSecretSealed,
  confirmation,
  goalMode,
  retention,
  showInRecent,
];

/** Any number that names this app's migration lock among the database's advisory locks. */
const MIGRATION_LOCK = 7_310_013;

// BIGINT (ids, millisecond times, COUNT(*)) as a JavaScript number: every value here is far below
// 2^53, and the code above the storage expects numbers from both engines.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8
      ? Number
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** Opens a pool on `url` (postgres://...) and migrates the database. */
export async function openPostgres(url: string, options: { max?: number } = {}): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, types });
  // A client that loses its server (a restart, a failover) must not crash the process: an idle
  // one reports to the pool; a checked-out one has no listener of the pool's (pg-pool removes it
  // at checkout), so each gets its own. Its query still fails, and the caller answers 503.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  try {
    await migratePostgres(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return pool;
}

/** Applies the migrations this database has not had yet; returns the schema version. */
export async function migratePostgres(pool: pg.Pool): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_version');
    const current = rows[0]?.version ?? 0;
    if (current > PG_MIGRATIONS.length) {
      throw new Error(
        `database schema version ${current} is newer than this server knows (${PG_MIGRATIONS.length}); upgrade the server`,
      );
    }
    for (let version = current; version < PG_MIGRATIONS.length; version++) {
      await client.query('BEGIN');
      try {
        await client.query(PG_MIGRATIONS[version]);
        await client.query('DELETE FROM schema_version');
        await client.query('INSERT INTO schema_version (version) VALUES ($1)', [version + 1]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
    return PG_MIGRATIONS.length;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    client.release();
  }
}

/** Runs `work` in one transaction on one client of the pool. */
export async function transaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
