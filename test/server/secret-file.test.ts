/**
 * The server secret (server/secrets/secret-file.ts, server/storage/sqlite/secret-rotation.ts): a generated secret
 * lives in its own 0600 file, never in the database or its backups; an older database's secret is
 * moved out and keeps working; another secret is refused at start; rotate-secret rehashes under a
 * new one; the database and its -wal are 0600; the demo is seeded by default on loopback only.
 * SQLite only: a file beside the database is SQLite's way to keep the secret. PostgreSQL nodes take
 * it from PETITION_SECRET, checked against its fingerprint (server-start.test.ts).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { main } from '../../server/cli/admin.ts';
import { openDatabase } from '../../server/storage/sqlite/open.ts';
import { rehashUnder } from '../../server/storage/sqlite/secret-rotation.ts';
import { parseSettings, testSettings } from '../../server/config/settings.ts';
import { secretFilePath } from '../../server/secrets/secret-file.ts';
import { keyedHash } from '../../server/secrets/crypto.ts';
import { startServer } from '../../server/runtime/server.ts';
import { elSalvador } from '../../demo/el-salvador.ts';
import { CampaignStore } from '../../server/storage/sqlite/campaigns.ts';
import type { Settings } from '../../server/config/settings.ts';
import { TOKEN } from './admin-helpers.ts';
import { silentIo, tempDir, validBody } from './helpers.ts';
import { seedDemo, UNVERIFIED_DEMO } from '../fixtures/api-server.ts';

const mode = (file: string) => fs.statSync(file).mode & 0o777;
const emailHash = (secret: Buffer | string, email: string) =>
  keyedHash(Buffer.isBuffer(secret) ? secret : Buffer.from(secret), 'email', email.toLowerCase());

/** Every byte of the database and its -wal, to look for what must not be there. */
function databaseBytes(file: string): Buffer {
  return Buffer.concat(
    [file, `${file}-wal`]
      .filter((name) => fs.existsSync(name))
      .map((name) => fs.readFileSync(name)),
  );
}

async function serve(file: string, extra: Partial<Settings> = {}) {
  // The demo without email verification, so a signature counts (and answers 201) at once.
  if (!fs.existsSync(file)) await seedDemo({ DATABASE_PATH: file });
  const running = await startServer(
    testSettings({
      PORT: 0,
      DATABASE_PATH: file,
      PETITION_SEED: 'on',
      PETITION_BOT_CHECKS: 'off',
      ...extra,
    }),
  );
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${running.url}/api/campaigns/el-salvador/signatures`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  return { running, post };
}

describe('the generated secret', () => {
  it('lives in its own 0600 file beside a 0600 database, never in the database or a backup', async () => {
    const file = path.join(tempDir(), 'fresh', 'petitions.db');
    const { running, post } = await serve(file);
    assert.equal((await post(validBody())).status, 201);
    const secretFile = secretFilePath(file);
    assert.equal(secretFile, path.join(path.dirname(file), 'petitions.secret'));
    assert.equal(mode(secretFile), 0o600);
    assert.equal(mode(file), 0o600);
    assert.equal(mode(`${file}-wal`), 0o600);
    const secret = fs.readFileSync(secretFile, 'utf8').trim();
    assert.equal(Buffer.from(secret, 'base64').length, 32);
    const backup = path.join(tempDir(), 'backup.db');
    const { io } = silentIo();
    assert.equal(await main(['backup', backup], { DATABASE_PATH: file }, io), 0);
    await running.stop();
    for (const bytes of [databaseBytes(file), fs.readFileSync(backup)]) {
      assert.equal(bytes.indexOf(secret), -1, 'the secret is not in the database');
      assert.equal(bytes.indexOf(Buffer.from(secret, 'base64')), -1);
    }
    const db = new Database(file, { readonly: true });
    const keys = db.prepare('SELECT key FROM settings').pluck().all();
    db.close();
    // The secret's fingerprint and the mark of email-identity hashes: never the secret itself.
    assert.deepEqual(keys.sort(), ['email_identity', 'secret_fingerprint']);
  });

  it('is moved out of a database an older version made, which keeps deduplicating and finding people', async () => {
    const file = path.join(tempDir(), 'old.db');
    const legacy = randomBytes(32);
    // As an older version left it: its generated secret in the settings table, a signature under it.
    const older = openDatabase(file);
    const campaign = new CampaignStore(older).create(UNVERIFIED_DEMO);
    older
      .prepare("INSERT INTO settings (key, value) VALUES ('secret', ?)")
      .run(legacy.toString('base64'));
    older
      .prepare(`INSERT INTO signatures (campaign_id, email_hash, first_name, last_name, email, city, opt_in, lang, consent_hash, created_at)
        VALUES (?, ?, 'Old', 'Timer', 'old.timer@example.org', 'Quito', 0, 'en', 'c', 1)`)
      .run(campaign.id, emailHash(legacy, 'old.timer@example.org'));
    older.close();

    const { running, post } = await serve(file, { PETITION_ADMIN_TOKEN: TOKEN });
    try {
      assert.equal(
        Buffer.from(fs.readFileSync(secretFilePath(file), 'utf8'), 'base64').compare(legacy),
        0,
      );
      assert.equal(mode(secretFilePath(file)), 0o600);
      const repeat = await post(validBody({ email: 'Old.Timer@example.org' }));
      assert.equal(repeat.status, 200);
      assert.equal((await repeat.json()).status, 'already_signed');
      const search = await fetch(
        `${running.url}/api/admin/campaigns/el-salvador/signatures/search`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'old.timer@example.org' }),
        },
      );
      assert.equal((await search.json()).data.length, 1);
    } finally {
      await running.stop();
    }
    assert.equal(
      databaseBytes(file).indexOf(legacy.toString('base64')),
      -1,
      'gone from the database and its WAL',
    );
  });
});

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

describe('a changed secret', () => {
  it('is refused at start with one line naming rotate-secret', async () => {
    const file = path.join(tempDir(), 'changed.db');
    const { running } = await serve(file, { PETITION_SECRET: A });
    await running.stop();
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { ...process.env, PORT: '0', DATABASE_PATH: file, PETITION_SECRET: B },
      encoding: 'utf8',
      // A server that wrongly starts is stopped rather than left to hang the test.
      timeout: 20_000,
    });
    assert.equal(run.status, 1);
    assert.equal(run.stderr.trim().split('\n').length, 1);
    assert.match(
      run.stderr,
      /PETITION_SECRET is not the secret this database was made with.*npm run admin -- rotate-secret/,
    );
    assert.ok(!run.stderr.includes(B), 'never the secret');
    // Without the variable, the (missing) file is not silently replaced by a new secret either.
    await assert.rejects(serve(file), /secret file .* is missing.*rotate-secret --new/);
  });

  it('rotate-secret rehashes emails and idempotency records in one go; dedupe, replay and erasure work after', async () => {
    const file = path.join(tempDir(), 'rotate.db');
    const first = await serve(file, {
      PETITION_SECRET: A,
      PETITION_RATE_LIMIT: 'on',
      PETITION_RATE_BURST: 1,
    });
    const person = validBody();
    const key = { 'idempotency-key': 'rotate-key-0001' };
    assert.equal((await first.post(person, key)).status, 201);
    assert.equal(
      (await first.post({ ...person, city: 'Again' })).status,
      201,
      'kept flagged (burst)',
    );
    assert.equal((await first.post(validBody())).status, 201);
    const { lines, io } = silentIo();
    // Not under a running server: it would go on hashing with the old secret.
    assert.equal(await main(['rotate-secret'], { DATABASE_PATH: file, PETITION_SECRET: B }, io), 1);
    assert.match(
      lines.at(-1)!,
      /rotate-secret failed: the database is in use \(is the server running\?\)/,
    );
    assert.equal((await first.post(validBody())).status, 201, 'the server was not disturbed');
    await first.running.stop();

    assert.equal(await main(['rotate-secret'], { DATABASE_PATH: file, PETITION_SECRET: B }, io), 0);
    assert.match(
      lines.at(-1)!,
      /Now under PETITION_SECRET: 4 email hashes and 1 idempotency records rehashed, 0 records .* 4 IP hashes cleared, 0 double/,
    );
    const db = new Database(file, { readonly: true });
    const rows = db.prepare('SELECT email, email_hash, ip_hash FROM signatures').all() as {
      email: string;
      email_hash: string;
      ip_hash: null;
    }[];
    for (const row of rows)
      assert.deepEqual([row.email_hash, row.ip_hash], [emailHash(B, row.email), null]);
    assert.deepEqual(db.prepare('SELECT email_hash FROM idempotency_keys').pluck().all(), [
      emailHash(B, person.email),
    ]);
    db.close();
    assert.equal(await main(['rotate-secret'], { DATABASE_PATH: file, PETITION_SECRET: B }, io), 0);
    assert.match(lines.at(-1)!, /already under this secret/);

    const after = await serve(file, { PETITION_SECRET: B, PETITION_ADMIN_TOKEN: TOKEN });
    try {
      const replay = await after.post(person, key);
      assert.equal(replay.status, 201, 'the retry replays its answer');
      const repeat = await after.post({ ...person, email: person.email.toUpperCase() });
      assert.equal((await repeat.json()).status, 'already_signed');
      const id = new Database(file, { readonly: true })
        .prepare('SELECT id FROM signatures WHERE email = ? LIMIT 1')
        .pluck()
        .get(person.email);
      const erased = await fetch(`${after.running.url}/api/admin/signatures/${id}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      assert.equal((await erased.json()).rows, 2);
    } finally {
      await after.running.stop();
    }
    const check = new Database(file, { readonly: true });
    assert.equal(
      check.prepare('SELECT COUNT(*) FROM idempotency_keys').pluck().get(),
      0,
      "the person's records went with them",
    );
    check.close();
  });

  it('rotate-secret --new replaces a generated secret file; with PETITION_SECRET it is refused', async () => {
    const file = path.join(tempDir(), 'renew.db');
    const first = await serve(file);
    const person = validBody();
    assert.equal((await first.post(person)).status, 201);
    await first.running.stop();
    const old = fs.readFileSync(secretFilePath(file), 'utf8');
    const { io } = silentIo();
    assert.equal(
      await main(['rotate-secret', '--new'], { DATABASE_PATH: file, PETITION_SECRET: A }, io),
      2,
    );
    assert.equal(await main(['rotate-secret', '--new'], { DATABASE_PATH: file }, io), 0);
    const fresh = fs.readFileSync(secretFilePath(file), 'utf8');
    assert.notEqual(fresh, old);
    assert.equal(mode(secretFilePath(file)), 0o600);
    const db = new Database(file, { readonly: true });
    assert.equal(
      db.prepare('SELECT email_hash FROM signatures').pluck().get(),
      emailHash(Buffer.from(fresh, 'base64'), person.email),
    );
    db.close();
    const again = await serve(file);
    assert.equal((await (await again.post(person)).json()).status, 'already_signed');
    await again.running.stop();
  });
});

describe('rehashUnder', () => {
  it('finds a person counted twice under inconsistent old hashes: the later row is flagged duplicate, uncounted, audited', () => {
    const db = openDatabase(path.join(tempDir(), 'mixed.db'));
    const campaign = new CampaignStore(db).create(elSalvador);
    const insert =
      db.prepare(`INSERT INTO signatures (campaign_id, email_hash, first_name, last_name, email, city, opt_in, lang, consent_hash, ip_hash, created_at)
      VALUES (?, ?, 'Twice', 'Counted', 'twice@example.org', 'Lima', 0, 'en', 'c', 'ip', 1)`);
    insert.run(campaign.id, emailHash('x'.repeat(32), 'twice@example.org'));
    insert.run(campaign.id, emailHash('y'.repeat(32), 'twice@example.org'));
    db.prepare('UPDATE campaigns SET signature_count = 2').run();
    const rotation = rehashUnder(db, Buffer.from(B), () => {});
    assert.deepEqual(rotation, {
      signatures: 2,
      idempotencyRecords: 0,
      droppedRecords: 0,
      ipHashesCleared: 2,
      duplicates: 1,
    });
    assert.deepEqual(db.prepare('SELECT flagged FROM signatures ORDER BY id').pluck().all(), [
      null,
      'duplicate',
    ]);
    assert.equal(db.prepare('SELECT signature_count FROM campaigns').pluck().get(), 1);
    const audit = db
      .prepare('SELECT action, actor, signature_id, flag FROM audit_log WHERE action = ?')
      .get('flag');
    assert.deepEqual(audit, { action: 'flag', actor: 'cli', signature_id: 2, flag: 'duplicate' });
    db.close();
  });
});

describe('PETITION_SEED', () => {
  it('seeds the demo by default only when HOST is loopback; an explicit value wins', () => {
    const seed = (env: Record<string, string>) =>
      (parseSettings(env) as { PETITION_SEED: string }).PETITION_SEED;
    assert.equal(seed({}), 'on');
    assert.equal(seed({ HOST: '::1' }), 'on');
    assert.equal(seed({ HOST: 'localhost' }), 'on');
    assert.equal(seed({ HOST: '0.0.0.0' }), 'off');
    assert.equal(seed({ HOST: '::' }), 'off');
    assert.equal(seed({ HOST: '192.0.2.10' }), 'off');
    assert.equal(seed({ HOST: '0.0.0.0', PETITION_SEED: 'on' }), 'on');
    assert.equal(seed({ HOST: '127.0.0.1', PETITION_SEED: 'off' }), 'off');
  });
});
