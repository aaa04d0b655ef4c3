/**
 * The whole server (startServer, its webhook worker running) on either engine for webhook tests,
 * with fast retry timings, admin calls over HTTP, a signer, SQL on its database (`?`
 * placeholders on both engines, to read the outbox or write rows an older version allowed), and
 * receivers on 127.0.0.1. Everything is stopped when the test file ends.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { elSalvador } from '../../demo/el-salvador.ts';
import type { Settings } from '../../server/config/settings.ts';
import { testSettings } from '../../server/config/settings.ts';
import { startServer } from '../../server/runtime/server.ts';
import type { StorageEngine } from '../../server/storage/storage.ts';
import { tempDir, validBody } from './helpers.ts';
import { freshPgDatabase } from './storage-fixture.ts';
import { startReceiver as receiverOn } from './webhook-receiver.ts';
import { seedDemo } from '../fixtures/api-server.ts';

export const TOKEN = 'webhook-test-token-0123456789';
export const FAST: Partial<Settings> = {
  PETITION_WEBHOOK_RETRY_MS: 40,
  PETITION_WEBHOOK_RETRY_MAX_MS: 200,
  PETITION_WEBHOOK_POLL_MS: 25,
  PETITION_WEBHOOK_TIMEOUT_MS: 300,
  // The receivers are on 127.0.0.1: host hooks may reach them (a partner's hook never may).
  PETITION_WEBHOOK_ALLOW_LOOPBACK: '1',
};

const stops: (() => Promise<void>)[] = [];
after(async () => {
  for (const stop of stops.reverse()) await stop().catch(() => {});
});

/** A receiver closed when the file ends, even after a failed assertion left it open. */
export async function startReceiver() {
  const receiver = await receiverOn();
  stops.push(receiver.close);
  return receiver;
}

/** Where a server on this engine keeps its data. */
async function database(engine: StorageEngine): Promise<Partial<Settings>> {
  if (engine === 'sqlite') return { DATABASE_PATH: path.join(tempDir(), 'hooks.db') };
  return {
    DATABASE_URL: await freshPgDatabase(),
    PETITION_SECRET: 'webhook-test-secret-0123456789abcdef',
  };
}

/** SQL on the server's database, `?` placeholders on both engines. */
function sqlOn(settings: Settings) {
  if (!settings.DATABASE_URL) {
    return async <Row>(sql: string, ...params: unknown[]): Promise<Row[]> => {
      const db = new Database(settings.DATABASE_PATH);
      try {
        const statement = db.prepare(sql);
        if (statement.reader) return statement.all(...params) as Row[];
        statement.run(...params);
        return [];
      } finally {
        db.close();
      }
    };
  }
  // A connection per call, closed after it: none is left open to make rotate-secret (which
  // refuses while another session is connected) think a node still runs.
  return async <Row>(sql: string, ...params: unknown[]): Promise<Row[]> => {
    const client = new pg.Client({ connectionString: settings.DATABASE_URL });
    await client.connect();
    try {
      let n = 0;
      const text = sql.replace(/\?/g, () => `$${++n}`);
      return (await client.query(text, params)).rows as Row[];
    } finally {
      await client.end();
    }
  };
}

/** The server on `engine` with FAST timings, the admin token, and `overrides`. */
export async function webhookServer(engine: StorageEngine, overrides: Partial<Settings> = {}) {
  const where = await database(engine);
  // The demo without email verification: a signature counts (and is sent) at once.
  await seedDemo(where);
  const settings = testSettings({
    PORT: 0,
    ...where,
    PETITION_ADMIN_TOKEN: TOKEN,
    PETITION_BOT_CHECKS: 'off',
    PETITION_RATE_LIMIT: 'off',
    PETITION_SEED: 'on',
    ...FAST,
    ...overrides,
  });
  const running = await startServer(settings);
  stops.push(running.stop);
  const call = async (method: string, route: string, json?: unknown, key = TOKEN) => {
    const response = await fetch(running.url + route, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  const sign = async (extra: Record<string, unknown> = {}) => {
    const body = validBody(extra);
    const answer = await call('POST', `/api/campaigns/${elSalvador.slug}/signatures`, body);
    assert.equal(answer.status, 201);
    return body.email;
  };
  return { ...running, settings, call, sign, sql: sqlOn(settings) };
}

type Sql = ReturnType<typeof sqlOn>;

/**
 * Writes a hook row straight into the database, as an older version accepted it (a URL today's
 * API refuses); a partner's when `partner` is given (of campaign 1). Returns its id.
 */
export async function insertHook(
  sql: Sql,
  hook: { url: string; events: string[]; partner?: string; keyId?: number },
): Promise<number> {
  await sql(
    `INSERT INTO webhooks (url, events, secret_sealed, campaign_id, partner, key_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
    hook.url,
    JSON.stringify(hook.events),
    'whsec_an-older-version-kept-it-in-clear',
    hook.partner ? 1 : null,
    hook.partner ?? null,
    hook.keyId ?? null,
    Date.now(),
  );
  const [row] = await sql<{ id: number }>('SELECT max(id) AS id FROM webhooks');
  return Number(row.id);
}
