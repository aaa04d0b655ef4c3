/** Group commit: batches, one bad row failing alone, the counter in step with the rows. */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { elSalvador } from '../../demo/el-salvador.ts';
import { CampaignStore } from '../../server/storage/sqlite/campaigns.ts';
import { MIGRATIONS, migrate, openDatabase } from '../../server/storage/sqlite/open.ts';
import { SignatureWriter } from '../../server/storage/sqlite/signatures.ts';
import { tempDir } from './helpers.ts';
import { signatureRow } from './storage-fixture.ts';

function setup() {
  const file = path.join(tempDir(), 'writer.db');
  const db = openDatabase(file);
  const campaigns = new CampaignStore(db);
  const campaign = campaigns.create(elSalvador);
  const writer = new SignatureWriter(file, campaigns);
  return { db, campaigns, campaign, writer };
}

const row = signatureRow;

describe('SignatureWriter', () => {
  it('commits concurrent submissions in few transactions, answering each after the commit', async () => {
    const { db, campaign, campaigns, writer } = setup();
    const outcomes = await Promise.all(
      Array.from({ length: 300 }, (_, n) => writer.submit(row(campaign.id, n), null)),
    );
    assert.ok(outcomes.every((outcome) => outcome.kind === 'answer' && outcome.status === 201));
    assert.equal(writer.stats.rows, 300);
    assert.ok(writer.stats.batches <= 2, `${writer.stats.batches} batches`);
    assert.equal(campaigns.get('el-salvador')!.signatures, 300);
    const stored = db.prepare('SELECT signature_count FROM campaigns').get() as {
      signature_count: number;
    };
    assert.equal(stored.signature_count, 300);
    // Each answer carries the count as of its own row: 786 ... 1085, each once.
    const totals = outcomes.map(
      (outcome) => outcome.kind === 'answer' && JSON.parse(outcome.body).counter.total,
    );
    assert.deepEqual(
      [...totals].sort((a, b) => a - b),
      Array.from({ length: 300 }, (_, n) => 786 + n),
    );
  });

  it('fails one bad row alone and keeps the rest of its batch', async () => {
    const { db, campaign, campaigns, writer } = setup();
    const results = await Promise.allSettled([
      writer.submit(row(campaign.id, 1), null),
      writer.submit(row(campaign.id, 2, { optIn: 7 as 0 }), null),
      writer.submit(row(campaign.id, 3), null),
    ]);
    assert.deepEqual(
      results.map((result) => result.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    assert.equal((db.prepare('SELECT COUNT(*) AS n FROM signatures').get() as { n: number }).n, 2);
    assert.equal(campaigns.get('el-salvador')!.signatures, 2);
  });

  it('dedupes one person within one batch', async () => {
    const { campaign, campaigns, writer } = setup();
    const [first, second] = await Promise.all([
      writer.submit(row(campaign.id, 9), null),
      writer.submit(row(campaign.id, 9), null),
    ]);
    assert.equal(first.kind === 'answer' && first.status, 201);
    assert.equal(second.kind === 'answer' && second.status, 200);
    assert.equal(campaigns.get('el-salvador')!.signatures, 1);
  });

  it('answers a key replayed within one batch with the first answer', async () => {
    const { campaign, writer } = setup();
    const key = { key: 'same-key-1', requestHash: 'h' };
    const [first, second] = await Promise.all([
      writer.submit(row(campaign.id, 1), key),
      writer.submit(row(campaign.id, 1), key),
    ]);
    assert.equal(first.kind, 'answer');
    assert.equal(second.kind, 'replay');
    assert.equal(second.kind === 'replay' && second.body, first.kind === 'answer' && first.body);
  });

  it('forgets idempotency keys after 24 hours', async () => {
    const { campaign, writer } = setup();
    await writer.submit(row(campaign.id, 1, { createdAt: Date.now() - 25 * 3600 * 1000 }), {
      key: 'old-key-1',
      requestHash: 'h',
    });
    assert.equal(await writer.expireKeys(), 1);
  });
});

describe('migrations', () => {
  it('sets user_version, uses WAL and FULL sync, and refuses a newer database', () => {
    const { db } = setup();
    assert.equal(db.pragma('user_version', { simple: true }), MIGRATIONS.length);
    assert.equal(db.pragma('synchronous', { simple: true }), 2);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    assert.throws(() => migrate(db), /newer than this server knows/);
  });
});
