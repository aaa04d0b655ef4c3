/**
 * SQLite behind the storage interface (server/storage/sqlite/index.ts): opened on a real file with
 * its secret beside it and the demo seeded once; a signature through the interface is in the
 * counter; a campaign change queues its webhook event in the change's transaction; the
 * statistics follow an erasure; close writes what was queued.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { elSalvador } from '../../demo/el-salvador.ts';
import { testSettings } from '../../server/config/settings.ts';
import { secretFilePath } from '../../server/secrets/secret-file.ts';
import { openSqliteStorage } from '../../server/storage/sqlite/index.ts';
import { tempDir } from './helpers.ts';
import { signatureRow } from './storage-fixture.ts';
import { newWebhookSecret, WebhookSecrets } from '../../server/webhooks/webhook-secrets.ts';

const open = (file: string) =>
  openSqliteStorage(file, { settings: testSettings({ DATABASE_PATH: file }), seed: elSalvador });

describe('openSqliteStorage', () => {
  it('keeps the secret in a file beside the database and seeds the demo once', async () => {
    const file = path.join(tempDir(), 'a.db');
    const first = open(file);
    assert.equal(first.engine, 'sqlite');
    assert.ok(fs.existsSync(secretFilePath(file)));
    const campaign = first.campaigns.get(elSalvador.slug)!;
    await first.close();
    const again = open(file);
    assert.deepEqual(again.secret, first.secret);
    assert.equal(again.campaigns.list().length, 1);
    assert.equal(again.campaigns.get(elSalvador.slug)?.id, campaign.id);
    await again.close();
  });

  it('stores a signature through the interface, its statistics follow an erasure, and it is ready', async () => {
    const file = path.join(tempDir(), 'b.db');
    const storage = open(file);
    const campaign = storage.campaigns.get(elSalvador.slug)!;
    const outcome = await storage.signatures.submit(signatureRow(campaign.id, 1), null);
    assert.deepEqual(outcome.kind === 'answer' && outcome.status, 201);
    assert.equal(storage.campaigns.get(elSalvador.slug)?.signatures, 1);
    assert.equal((await storage.stats!.of(campaign.id)).signatures, 1);
    const id = storage.db.prepare('SELECT id FROM signatures').pluck().get() as number;
    assert.deepEqual(await storage.erase(id, { kind: 'token' }), {
      campaignId: campaign.id,
      rows: 1,
    });
    assert.equal((await storage.stats!.of(campaign.id)).signatures, 0);
    assert.equal(await storage.ready(), true);
    await storage.ping();
    await storage.close();
  });

  it('queues campaign.updated in the update, and close writes a queued signature', async () => {
    const file = path.join(tempDir(), 'c.db');
    const storage = open(file);
    const campaign = storage.campaigns.get(elSalvador.slug)!;
    storage.webhookParts.hooks.create({
      body: { url: 'https://example.org/hook', events: ['campaign.updated'] },
      sealedSecret: new WebhookSecrets(storage.secret).seal(newWebhookSecret()),
      scope: null,
      keyId: null,
    });
    await storage.campaigns.update(campaign.id, { goal: 5000 });
    const queued = storage.db.prepare('SELECT count(*) FROM webhook_deliveries').pluck().get();
    assert.equal(queued, 1);
    // Not awaited: close must write it before the connection goes.
    const pending = storage.signatures.submit(signatureRow(campaign.id, 2), null);
    await storage.close();
    const written = await pending;
    assert.equal(written.kind === 'answer' && written.status, 201);
    const reopened = open(file);
    assert.equal(reopened.campaigns.get(elSalvador.slug)?.signatures, 1);
    await reopened.close();
  });
});
