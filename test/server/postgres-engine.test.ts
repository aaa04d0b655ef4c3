/**
 * The PostgreSQL engine on a real PostgreSQL: group commit, dedupe and idempotency decided by the
 * database, the count kept in step, exports through a cursor, keys, audit, offset, erasure, and
 * two engines on one database (two nodes) hearing each other's commits.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { elSalvador } from '../../demo/el-salvador.ts';
import type { Outcome } from '../../server/storage/signature-row.ts';
import { openPgStorage } from '../../server/storage/postgres/index.ts';
import type { PgStorage } from '../../server/storage/postgres/index.ts';
import { migratePostgres, PG_MIGRATIONS } from '../../server/storage/postgres/open.ts';
import { CampaignTaken } from '../../server/storage/storage.ts';
import { waitFor } from '../wait-for.ts';
import { freshPgDatabase, pgSkip, signatureRow as row } from './storage-fixture.ts';

const CLI = { kind: 'cli' } as const;

async function setup(nodes = 1) {
  const url = await freshPgDatabase();
  const storages: PgStorage[] = [];
  for (let n = 0; n < nodes; n++) storages.push(await openPgStorage(url));
  const campaign = await storages[0].campaigns.create({ ...elSalvador, offset: 0 });
  const stop = () => Promise.all(storages.map((storage) => storage.close()));
  return { url, storages, storage: storages[0], campaign, stop };
}

const status = (outcome: Outcome) =>
  outcome.kind === 'answer' || outcome.kind === 'replay' ? outcome.status : 0;

describe('PostgreSQL engine', { skip: pgSkip }, () => {
  it('migrates once, even when two nodes start together, and refuses a newer database', async () => {
    const { url, storages, stop } = await setup(2);
    const pool = storages[0].pool;
    assert.equal(await migratePostgres(pool), PG_MIGRATIONS.length);
    await pool.query('UPDATE schema_version SET version = version + 1');
    await assert.rejects(openPgStorage(url), /newer than this server knows/);
    await stop();
  });

  it('commits concurrent submissions in few transactions; the count is the rows', async () => {
    const { storage, campaign, stop } = await setup();
    const outcomes = await Promise.all(
      Array.from({ length: 300 }, (_, n) => storage.signatures.submit(row(campaign.id, n), null)),
    );
    assert.ok(outcomes.every((outcome) => status(outcome) === 201));
    assert.ok(storage.signatures.stats.batches <= 3, `${storage.signatures.stats.batches} batches`);
    const totals = outcomes.map(
      (outcome) => outcome.kind === 'answer' && JSON.parse(outcome.body).counter.total,
    );
    assert.deepEqual(
      [...totals].sort((a, b) => a - b),
      Array.from({ length: 300 }, (_, n) => n + 1),
    );
    const { rows } = await storage.pool.query(
      'SELECT signature_count, (SELECT count(*) FROM signatures) AS n FROM campaigns',
    );
    assert.deepEqual(rows[0], { signature_count: 300, n: 300 });
    await waitFor(
      () => storage.campaigns.get(elSalvador.slug)!.signatures === 300,
      'the other node to hear of it',
      1000,
    );
    await stop();
  });

  it('dedupes by email through the unique index, also across two nodes at once; flagged rows are kept, not counted', async () => {
    const { storages, campaign, stop } = await setup(2);
    const [a, b] = storages;
    const people = Array.from({ length: 200 }, (_, n) => n % 50);
    const outcomes = await Promise.all(
      people.map((n, i) => (i % 2 ? a : b).signatures.submit(row(campaign.id, n), null)),
    );
    assert.equal(outcomes.filter((outcome) => status(outcome) === 201).length, 50);
    assert.equal(outcomes.filter((outcome) => status(outcome) === 200).length, 150);
    const flagged = await a.signatures.submit(row(campaign.id, 1, { flagged: 'rate_burst' }), null);
    assert.equal(status(flagged), 201);
    const { rows } = await a.pool.query(
      'SELECT signature_count, (SELECT count(*) FROM signatures) AS n FROM campaigns',
    );
    assert.deepEqual(rows[0], { signature_count: 50, n: 51 });
    await waitFor(
      () =>
        a.campaigns.get(elSalvador.slug)?.signatures === 50 &&
        b.campaigns.get(elSalvador.slug)?.signatures === 50,
      'the other node to hear of it',
      1000,
    );
    await stop();
  });

  it('gives one row and one answer to one Idempotency-Key sent to node A then node B, or to both at once', async () => {
    const { storages, campaign, stop } = await setup(2);
    const [a, b] = storages;
    const key = { key: 'k-1', requestHash: 'h-1' };
    const first = await a.signatures.submit(row(campaign.id, 1), key);
    const again = await b.signatures.submit(row(campaign.id, 1), key);
    assert.equal(first.kind, 'answer');
    assert.equal(again.kind, 'replay');
    assert.equal(again.kind === 'replay' && again.body, first.kind === 'answer' && first.body);
    assert.equal(
      (await b.signatures.submit(row(campaign.id, 2), { key: 'k-1', requestHash: 'other' })).kind,
      'key_reused',
    );
    const racing = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        (n % 2 ? a : b).signatures.submit(row(campaign.id, 7), { key: 'k-2', requestHash: 'h-2' }),
      ),
    );
    const bodies = new Set(
      racing.map((outcome) => (outcome.kind === 'key_reused' ? 'reused' : outcome.body)),
    );
    assert.equal(bodies.size, 1);
    const { rows } = await a.pool.query('SELECT count(*) AS n FROM signatures');
    assert.equal(rows[0].n, 2);
    await stop();
  });

  it('fails a bad row alone and keeps the rest of its batch', async () => {
    const { storage, campaign, stop } = await setup();
    const outcomes = await Promise.allSettled([
      storage.signatures.submit(row(campaign.id, 1), null),
      storage.signatures.submit(row(campaign.id, 2, { optIn: 7 as 0 }), null),
      storage.signatures.submit(row(campaign.id, 3), null),
    ]);
    assert.deepEqual(
      outcomes.map((outcome) => outcome.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    const { rows } = await storage.pool.query('SELECT signature_count FROM campaigns');
    assert.equal(rows[0].signature_count, 2);
    await stop();
  });

  it('serves a campaign changed on node A from node B within a second; the offset change is audited', async () => {
    const { storages, campaign, stop } = await setup(2);
    const [a, b] = storages;
    await a.campaigns.update(campaign.id, { offset: 500, status: 'closed' }, (before, after) => ({
      campaignId: campaign.id,
      action: 'offset',
      actor: CLI,
      oldValue: before.offset,
      newValue: after.offset,
      reason: 'paper',
    }));
    await waitFor(
      () => b.campaigns.get(elSalvador.slug)?.offset === 500,
      'the other node to hear of it',
      1000,
    );
    assert.equal(b.campaigns.get(elSalvador.slug)!.status, 'closed');
    const trail = await b.auditTrail(campaign.id);
    assert.deepEqual(
      trail.map(({ action, oldValue, newValue, reason }) => ({
        action,
        oldValue,
        newValue,
        reason,
      })),
      [{ action: 'offset', oldValue: 0, newValue: 500, reason: 'paper' }],
    );
    await assert.rejects(b.campaigns.create(elSalvador), CampaignTaken);
    await stop();
  });

  it('makes, verifies and revokes keys stored only as hashes', async () => {
    const { storage, campaign, stop } = await setup();
    const made = await storage.keys.create('ops');
    const partner = await storage.keys.create('p', { campaignId: campaign.id, partner: 'acme' });
    assert.deepEqual(await storage.keys.verify(made.key, undefined), {
      kind: 'key',
      keyId: made.id,
    });
    assert.deepEqual(await storage.keys.verify(partner.key, undefined), {
      kind: 'key',
      keyId: partner.id,
      scope: { campaignId: campaign.id, partner: 'acme' },
    });
    const { rows } = await storage.pool.query('SELECT key_hash FROM admin_keys');
    assert.ok(rows.every((r) => !r.key_hash.includes(made.key.slice(3))));
    assert.equal((await storage.keys.revoke(made.id)).outcome, 'revoked');
    assert.equal((await storage.keys.revoke(made.id)).outcome, 'already');
    assert.equal((await storage.keys.revoke(999)).outcome, 'unknown');
    assert.equal(await storage.keys.verify(made.key, undefined), null);
    assert.ok((await storage.keys.list())[0].lastUsedAt);
    await stop();
  });

  it('erases a person (counted and flagged rows, idempotency records), uncounts them on every node, audits without personal data', async () => {
    const { storages, campaign, stop } = await setup(2);
    const [a, b] = storages;
    await a.signatures.submit(row(campaign.id, 1), { key: 'e-1', requestHash: 'x' });
    await a.signatures.submit(row(campaign.id, 1, { flagged: 'rate_burst' }), null);
    await a.signatures.submit(row(campaign.id, 2), null);
    const { rows } = await a.pool.query(
      "SELECT id FROM signatures WHERE email_hash = 'hash-1' LIMIT 1",
    );
    assert.deepEqual(await a.erase(rows[0].id, CLI), { campaignId: campaign.id, rows: 2 });
    assert.equal(await a.erase(rows[0].id, CLI), null);
    const left = await a.pool.query(
      "SELECT (SELECT count(*) FROM signatures WHERE email_hash = 'hash-1') AS rows, (SELECT count(*) FROM idempotency_keys) AS keys, signature_count FROM campaigns",
    );
    assert.deepEqual(left.rows[0], { rows: 0, keys: 0, signature_count: 1 });
    await waitFor(
      () => b.campaigns.get(elSalvador.slug)!.signatures === 1,
      'the other node to hear of it',
      1000,
    );
    const trail = await a.auditTrail(campaign.id);
    assert.equal(trail.at(-1)!.action, 'erasure');
    assert.doesNotMatch(JSON.stringify(trail), /hash-1|p1@/);
    await stop();
  });

  it('streams both exports through a cursor, one chunk at a time, and frees the connection', async () => {
    const { storage, campaign, stop } = await setup();
    await storage.pool.query(
      `INSERT INTO signatures (campaign_id, email_hash, first_name, last_name, email, city, opt_in, lang,
         consent_hash, created_at, flagged)
       SELECT $1, 'h' || n, '=cmd', 'L' || n, 'e' || n || '@x.org', 'City', 0, 'en', 'c', 0,
         CASE WHEN n % 10 = 0 THEN 'manual' END
       FROM generate_series(1, 2500) AS n`,
      [campaign.id],
    );
    assert.equal(await storage.exports.count('signatures', campaign.id), 2500);
    assert.equal(await storage.exports.count('delivery', campaign.id), 2250);
    const chunks: number[] = [];
    const text = await new Response(
      storage.exports.stream('signatures', campaign.id, (n) => chunks.push(n)),
    ).text();
    assert.deepEqual(chunks, [1000, 1000, 500]);
    const lines = text.trimEnd().split('\r\n');
    assert.equal(lines.length, 2501);
    assert.match(
      lines[1],
      /^"1","1970-01-01T00:00:00.000Z","'=cmd","L1","e1@x.org","City",,,"no",/,
    );
    const delivery = await new Response(storage.exports.stream('delivery', campaign.id)).text();
    assert.equal(delivery.trimEnd().split('\r\n').length, 2251);
    // A reader that stops early gives its connection back.
    const reader = storage.exports.stream('signatures', campaign.id).getReader();
    await reader.read();
    await reader.cancel();
    assert.equal(storage.pool.totalCount - storage.pool.idleCount, 0);
    await stop();
  });

  it('keeps counting on a node whose listening connection was cut', async () => {
    const { storages, campaign, stop } = await setup(2);
    const [a, b] = storages;
    const cut = await a.pool.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN petition_campaigns' AND datname = current_database()`,
    );
    assert.equal(cut.rowCount, 2);
    await a.signatures.submit(row(campaign.id, 1), null);
    await waitFor(
      () =>
        a.campaigns.get(elSalvador.slug)?.signatures === 1 &&
        b.campaigns.get(elSalvador.slug)?.signatures === 1,
      'the other node to hear of it',
      3000,
    );
    await stop();
  });
});
