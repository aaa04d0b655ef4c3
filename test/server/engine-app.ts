/**
 * One test body, both engines: the app on SQLite (a real file, helpers.ts) or on PostgreSQL (a
 * fresh database of the run's cluster), with the settings a test asks for, and the few ways a
 * test looks past HTTP: SQL on the signatures it made, the campaigns in memory, rows made in bulk.
 *
 * A test speaks HTTP to the app wherever the API can say it (campaign changes, keys), so the body
 * knows nothing of the engine; `query` takes `?` placeholders and gives numbers for both.
 * Apps are closed after each test (a PostgreSQL app holds a pool), unless opened `shared`. On
 * PostgreSQL a test file has one database, emptied when an app is opened: one app at a time (a
 * restart opens the same database again by `location`, without emptying it).
 */
import path from 'node:path';
import { afterEach } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { ORGANISATION } from '../../demo/el-salvador.ts';
import { createApp } from '../../server/http/app.ts';
import type { Settings } from '../../server/config/settings.ts';
import { testSettings } from '../../server/config/settings.ts';
import type { Running } from '../../server/runtime/server.ts';
import { startServer } from '../../server/runtime/server.ts';
import { openPgStorage } from '../../server/storage/postgres/index.ts';
import type { Campaign, NewCampaign } from '../../server/campaigns/campaign.ts';
import type {
  CampaignStorage,
  KeyStorage,
  Storage,
  StorageEngine,
} from '../../server/storage/storage.ts';
import { TOKEN } from './admin-helpers.ts';
import { makeApp, tempDir } from './helpers.ts';
import { ENGINES, freshPgDatabase } from './storage-fixture.ts';
import { bulkRows } from './engine-rows.ts';
import { confirmationPolicy } from '../../server/storage/confirmation-plan.ts';
import { unverified } from './helpers.ts';
import { seedDemo } from '../fixtures/api-server.ts';

export { TOKEN };

/** What a test may ask of its app. */
export interface OpenOptions {
  settings?: Partial<Settings>;
  campaign?: NewCampaign;
  /** Kept open past the test (a describe's before/after owns it). */
  shared?: boolean;
  /** The database to open again (from `app.location`), for a restart. */
  location?: string;
}

/** A request to the admin API: `json` becomes the body, `key` the bearer (default TOKEN). */
export type AdminInit = RequestInit & { json?: unknown; key?: string };

/** One engine's app as a test body uses it. */
export interface TestApp {
  engine: StorageEngine;
  /** The SQLite file or the PostgreSQL URL, to open the same database again. */
  location: string;
  campaign: Campaign;
  /** The engine's storage, for a test that builds its own app over it. */
  storage: Storage;
  campaigns: CampaignStorage;
  /** Admin keys, for a test that needs one without the admin token. */
  keys: KeyStorage;
  /** The app's routes, as the router lists them (for walks over every admin route). */
  routes: { method: string; path: string }[];
  secret: Buffer;
  /** The request log, one JSON line a request. */
  logs: string[];
  request: (path: string, init?: RequestInit) => Promise<Response>;
  admin: (path: string, init?: AdminInit) => Promise<Response>;
  /** POSTs a signature to the campaign (or `slug`). */
  sign: (body: unknown, headers?: Record<string, string>, slug?: string) => Promise<Response>;
  /** SQL with `?` placeholders; rows as objects, integers as numbers on both engines. */
  query: <Row = Record<string, unknown>>(sql: string, ...params: unknown[]) => Promise<Row[]>;
  /** Rows in the signatures table matching `where` (SQL both engines read alike). */
  count: (where?: string) => Promise<number>;
  /** `count` signatures made straight in the database (see engine-rows.ts), counter in step. */
  insertRows: (count: number, start?: number) => Promise<void>;
  close: () => Promise<void>;
}

const open = new Set<TestApp>();
afterEach(async () => {
  for (const app of [...open]) {
    // A PostgreSQL pool ends only when every client is back: say so rather than hang the file.
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error('the app did not close in 10 s: a response left unread?')),
        10_000,
      );
    });
    await Promise.race([app.close(), late]).finally(() => clearTimeout(timer));
  }
});

function adminOf(request: TestApp['request']): TestApp['admin'] {
  return (path, init = {}) => {
    const headers = new Headers(init.headers);
    if (!headers.has('authorization')) headers.set('authorization', `Bearer ${init.key ?? TOKEN}`);
    if (init.json !== undefined) headers.set('content-type', 'application/json');
    const body = init.json !== undefined ? JSON.stringify(init.json) : init.body;
    return request(`/api/admin${path}`, { ...init, headers, body });
  };
}

function signOf(request: TestApp['request'], slug: string): TestApp['sign'] {
  return (body, headers = {}, to = slug) =>
    request(`/api/campaigns/${to}/signatures`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
}

const base = (settings: Partial<Settings> = {}): Partial<Settings> => ({
  PETITION_ADMIN_TOKEN: TOKEN,
  PETITION_BOT_CHECKS: 'off',
  PETITION_RATE_LIMIT: 'off',
  ...settings,
});

type Parts = Omit<TestApp, 'engine' | 'admin' | 'sign' | 'count' | 'insertRows'> & {
  sync: (campaignId: number) => Promise<void>;
};

function finish(engine: StorageEngine, parts: Parts, shared = false): TestApp {
  const app: TestApp = {
    engine,
    ...parts,
    admin: adminOf(parts.request),
    sign: signOf(parts.request, parts.campaign.slug),
    count: async (where = '1 = 1') =>
      Number(
        (await parts.query<{ n: number }>(`SELECT count(*) AS n FROM signatures WHERE ${where}`))[0]
          .n,
      ),
    insertRows: async (count, start) => {
      await bulkRows(engine, parts.query, parts.campaign.id, count, start);
      await parts.sync(parts.campaign.id);
    },
    close: async () => {
      open.delete(app);
      await parts.close();
    },
  };
  if (!shared) open.add(app);
  return app;
}

function sqliteApp(options: OpenOptions): TestApp {
  const fixture = makeApp(base(options.settings), {
    file: options.location,
    campaign: options.campaign,
  });
  const { db, campaigns, storage } = fixture;
  return finish(
    'sqlite',
    {
      location: fixture.file,
      campaign: fixture.campaign,
      storage,
      campaigns: storage.campaigns,
      keys: storage.keys,
      routes: fixture.app.routes,
      secret: fixture.secret,
      logs: fixture.logs,
      request: async (path, init) => fixture.app.request(path, init),
      query: async <Row>(sql: string, ...params: unknown[]) => {
        const statement = db.prepare(sql);
        if (statement.reader) return statement.all(...params) as Row[];
        statement.run(...params);
        return [];
      },
      sync: async (id) => void campaigns.reload(id),
      close: () => storage.close(),
    },
    options.shared,
  );
}

// One database per test file, emptied for each app: a fresh database costs a checkpoint (up to
// 0.7 s on this shared machine), TRUNCATE a few milliseconds.
let fileDatabase: Promise<string> | undefined;

async function emptyDatabase(): Promise<string> {
  fileDatabase ??= freshPgDatabase().then(async (url) => {
    await (await openPgStorage(url)).close();
    // These tests are about answers, not disks (the crash and two-node tests keep commits durable).
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(
      `ALTER DATABASE ${new URL(url).pathname.slice(1)} SET synchronous_commit = off`,
    );
    await client.end();
    return url;
  });
  const url = await fileDatabase;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_version'",
    );
    await client.query(
      `TRUNCATE ${rows.map((row) => row.name).join(', ')} RESTART IDENTITY CASCADE`,
    );
  } finally {
    await client.end();
  }
  return url;
}

async function postgresApp(options: OpenOptions): Promise<TestApp> {
  const url = options.location ?? (await emptyDatabase());
  const settings = testSettings({ ...base(options.settings), DATABASE_URL: url });
  const secret = Buffer.from('test-secret-0123456789abcdef012345');
  const storage = await openPgStorage(url, { confirmation: confirmationPolicy(settings, secret) });
  const wanted = unverified(options.campaign);
  const campaign = storage.campaigns.get(wanted.slug) ?? (await storage.campaigns.create(wanted));
  const logs: string[] = [];
  const app = createApp({
    storage,
    settings,
    secret,
    assets: {},
    demo: { slug: campaign.slug, organisation: ORGANISATION },
    log: (line) => logs.push(JSON.stringify(line)),
    lifecycle: { draining: false },
  });
  return finish(
    'postgres',
    {
      location: url,
      campaign,
      storage,
      campaigns: storage.campaigns,
      keys: storage.keys,
      routes: app.routes,
      secret,
      logs,
      request: async (path, init) => app.request(path, init),
      query: async <Row>(sql: string, ...params: unknown[]) => {
        let n = 0;
        const text = sql.replace(/\?/g, () => `$${++n}`);
        return (await storage.pool.query(text, params)).rows as Row[];
      },
      sync: async (id) => void (await storage.campaigns.reload(id)),
      close: () => storage.close(),
    },
    options.shared,
  );
}

/** Opens the app on `engine`. */
export function openApp(engine: StorageEngine, options: OpenOptions = {}): Promise<TestApp> {
  return engine === 'sqlite' ? Promise.resolve(sqliteApp(options)) : postgresApp(options);
}

/** For each engine: its name, why it is skipped (or false), and how to open its app. */
export const EACH_ENGINE = ENGINES.map(({ engine, skip }) => ({
  engine,
  skip,
  open: (options?: OpenOptions) => openApp(engine, options),
}));

/** The whole server (runtime/server.ts) on `engine`, on a database of its own, on 127.0.0.1. */
export async function startServerOn(
  engine: StorageEngine,
  settings: Partial<Settings> = {},
): Promise<{ running: Running; count: (where?: string) => Promise<number> }> {
  const where =
    engine === 'sqlite'
      ? { DATABASE_PATH: path.join(tempDir(), 'server.db') }
      : {
          DATABASE_URL: await freshPgDatabase(),
          PETITION_SECRET: 'server-secret-0123456789abcdef',
        };
  // The demo without email verification, as the server's seed would make it but counting at once.
  if ((settings.PETITION_SEED ?? 'on') === 'on') await seedDemo(where);
  const running = await startServer(
    testSettings({ PORT: 0, PETITION_SEED: 'on', ...settings, ...where }),
  );
  const sql = (filter: string) => `SELECT count(*) AS n FROM signatures WHERE ${filter}`;
  const count = async (filter = '1 = 1') => {
    if (where.DATABASE_PATH) {
      const db = new Database(where.DATABASE_PATH, { readonly: true });
      try {
        return (db.prepare(sql(filter)).get() as { n: number }).n;
      } finally {
        db.close();
      }
    }
    const client = new pg.Client({ connectionString: where.DATABASE_URL });
    await client.connect();
    try {
      return Number((await client.query(sql(filter))).rows[0].n);
    } finally {
      await client.end();
    }
  };
  return { running, count };
}
