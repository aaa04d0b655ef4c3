/**
 * The app on each storage engine, for tests that hold for both: SQLite on a real file (helpers.ts)
 * and PostgreSQL on a fresh database of the run's cluster (storage-fixture.ts). Each engine gives
 * the same HTTP app and a way to count rows, so one test body checks both.
 */
import { elSalvador } from '../../demo/el-salvador.ts';
import { createPgApp } from '../../server/http/app-postgres.ts';
import type { Settings } from '../../server/runtime/env.ts';
import { testSettings } from '../../server/runtime/env.ts';
import { openPgStorage } from '../../server/storage/postgres/index.ts';
import type { StorageEngine } from '../../server/storage/storage.ts';
import { TOKEN } from './admin-helpers.ts';
import { makeApp } from './helpers.ts';
import { freshPgDatabase, pgSkip } from './storage-fixture.ts';

/** One engine's app, as the tests use it. */
export interface EngineApp {
  engine: StorageEngine;
  request: (path: string, init?: RequestInit) => Promise<Response>;
  /** Rows in the signatures table (all, or only the unflagged ones). */
  rows: (counted?: boolean) => Promise<number>;
  /** Runs one statement on the engine's database (`$1`, `$2`... as parameters on both). */
  query: (text: string, values?: unknown[]) => Promise<Record<string, unknown>[]>;
  /** The database: the SQLite file's path or the PostgreSQL URL. */
  database: string;
  close: () => Promise<void>;
}

/** Settings a test may change for its app (rate limits, bot checks...). */
export type EngineSettings = Partial<Settings>;

const settings = {
  PETITION_ADMIN_TOKEN: TOKEN,
  PETITION_BOT_CHECKS: 'off',
  PETITION_RATE_LIMIT: 'off',
} as const;

async function sqliteApp(overrides: EngineSettings = {}): Promise<EngineApp> {
  const fixture = makeApp({ ...settings, ...overrides });
  return {
    engine: 'sqlite',
    request: async (path, init) => fixture.app.request(path, init),
    rows: async (counted) =>
      (
        fixture.db
          .prepare(`SELECT count(*) AS n FROM signatures${counted ? ' WHERE flagged IS NULL' : ''}`)
          .get() as { n: number }
      ).n,
    // better-sqlite3 reads `?1` as the first parameter, as PostgreSQL reads `$1`.
    query: async (text, values = []) => {
      const statement = fixture.db.prepare(text.replace(/\$(\d+)/g, '?$1'));
      if (statement.reader) return statement.all(...values) as Record<string, unknown>[];
      statement.run(...values);
      return [];
    },
    database: fixture.file,
    close: async () => {
      fixture.writer.flush();
      fixture.db.close();
    },
  };
}

async function postgresApp(overrides: EngineSettings = {}): Promise<EngineApp> {
  const database = await freshPgDatabase();
  const storage = await openPgStorage(database);
  await storage.campaigns.create(elSalvador);
  const app = createPgApp({
    storage,
    settings: testSettings({ ...settings, DATABASE_URL: 'postgres://unused', ...overrides }),
    secret: Buffer.from('test-secret-0123456789abcdef012345'),
    assets: {},
    demoSlug: elSalvador.slug,
    log: () => {},
    lifecycle: { draining: false },
  });
  return {
    engine: 'postgres',
    request: async (path, init) => app.request(path, init),
    rows: async (counted) =>
      Number(
        (
          await storage.pool.query(
            `SELECT count(*) AS n FROM signatures${counted ? ' WHERE flagged IS NULL' : ''}`,
          )
        ).rows[0].n,
      ),
    query: async (text, values) => (await storage.pool.query(text, values)).rows,
    database,
    close: () => storage.close(),
  };
}

/** The engines to run, each with how to make its app and why it is skipped (or false). */
export const ENGINES: {
  engine: StorageEngine;
  make: (overrides?: EngineSettings) => Promise<EngineApp>;
  skip: string | false;
}[] = [
  { engine: 'sqlite', make: sqliteApp, skip: false },
  { engine: 'postgres', make: postgresApp, skip: pgSkip },
];
