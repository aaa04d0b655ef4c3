/**
 * The one app (server/http/app.ts) on each storage engine, for tests that hold for both: SQLite on
 * a real file (helpers.ts) and PostgreSQL on a fresh database of the run's cluster
 * (storage-fixture.ts). Each engine gives the same HTTP app over its Storage and a way to count
 * rows, so one test body checks both.
 */
import { elSalvador } from '../../demo/el-salvador.ts';
import { createApp } from '../../server/http/app.ts';
import { testSettings } from '../../server/runtime/env.ts';
import { openPgStorage } from '../../server/storage/postgres/index.ts';
import type { Storage, StorageEngine } from '../../server/storage/storage.ts';
import { TOKEN } from './admin-helpers.ts';
import { makeApp } from './helpers.ts';
import { freshPgDatabase, pgSkip } from './storage-fixture.ts';

/** One engine's app, as the tests use it. */
export interface EngineApp {
  engine: StorageEngine;
  /** The storage the app runs on (through the interface only). */
  storage: Storage;
  request: (path: string, init?: RequestInit) => Promise<Response>;
  /** Rows in the signatures table (all, or only the unflagged ones). */
  rows: (counted?: boolean) => Promise<number>;
  close: () => Promise<void>;
}

const settings = {
  PETITION_ADMIN_TOKEN: TOKEN,
  PETITION_BOT_CHECKS: 'off',
  PETITION_RATE_LIMIT: 'off',
} as const;

async function sqliteApp(): Promise<EngineApp> {
  const fixture = makeApp(settings);
  return {
    engine: 'sqlite',
    storage: fixture.storage,
    request: async (path, init) => fixture.app.request(path, init),
    rows: async (counted) =>
      (
        fixture.db
          .prepare(`SELECT count(*) AS n FROM signatures${counted ? ' WHERE flagged IS NULL' : ''}`)
          .get() as { n: number }
      ).n,
    close: () => fixture.storage.close(),
  };
}

async function postgresApp(): Promise<EngineApp> {
  const storage = await openPgStorage(await freshPgDatabase());
  await storage.campaigns.create(elSalvador);
  const app = createApp({
    storage,
    settings: testSettings({ ...settings, DATABASE_URL: 'postgres://unused' }),
    secret: Buffer.from('test-secret-0123456789abcdef012345'),
    assets: {},
    demoSlug: elSalvador.slug,
    log: () => {},
    lifecycle: { draining: false },
  });
  return {
    engine: 'postgres',
    storage,
    request: async (path, init) => app.request(path, init),
    rows: async (counted) =>
      Number(
        (
          await storage.pool.query(
            `SELECT count(*) AS n FROM signatures${counted ? ' WHERE flagged IS NULL' : ''}`,
          )
        ).rows[0].n,
      ),
    close: () => storage.close(),
  };
}

/** The engines to run, each with how to make its app and why it is skipped (or false). */
export const ENGINES: {
  engine: StorageEngine;
  make: () => Promise<EngineApp>;
  skip: string | false;
}[] = [
  { engine: 'sqlite', make: sqliteApp, skip: false },
  { engine: 'postgres', make: postgresApp, skip: pgSkip },
];
