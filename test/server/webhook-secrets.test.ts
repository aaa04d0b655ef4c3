/**
 * Webhook secrets are sealed at rest (issue 20, item 9): AES-256-GCM under a key derived from the
 * server secret (secrets/sealed-secret.ts). On both engines with the real server: the rows hold
 * no secret in clear, and neither does a backup (SQLite: the file, its WAL and the `backup`
 * command's copy; PostgreSQL: pg_dump), which opens only with the server secret; a clear secret
 * an older version left is sealed when the server opens the database and still signs; an admin
 * (or the partner that owns it) gives one hook a new secret; rotate-secret seals them again under
 * the new server secret, and refuses, changing nothing, when it cannot open them.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { isSealed, SealBroken, Sealer } from '../../server/secrets/sealed-secret.ts';
import { readSecretFile, secretFilePath } from '../../server/secrets/secret-file.ts';
import type { Settings } from '../../server/config/settings.ts';
import type { StorageEngine } from '../../server/storage/storage.ts';
import { verifySignature } from '../../server/webhooks/webhook-contract.ts';
import {
  openAll,
  resealPlan,
  WebhookSecrets,
  WebhookSecretsLocked,
} from '../../server/webhooks/webhook-secrets.ts';
import { findPostgres } from '../postgres.ts';
import { cli } from './cli-fixture.ts';
import { tempDir } from './helpers.ts';
import { OXFAM } from './partner-fixture.ts';
import { ENGINES } from './storage-fixture.ts';
import { waitFor } from '../wait-for.ts';
import { insertHook, startReceiver, webhookServer } from './webhook-server.ts';

const EVENTS = ['signature.created'];

describe('sealed secrets', () => {
  it('open only under the server secret and purpose they were sealed with, and show nothing of the secret', () => {
    const serverSecret = randomBytes(32);
    const secrets = new WebhookSecrets(serverSecret);
    const plain = `whsec_${randomBytes(32).toString('base64url')}`;
    const sealed = secrets.seal(plain);
    assert.ok(isSealed(sealed));
    assert.ok(!sealed.includes(plain.slice(6, 16)), 'no part of the secret');
    assert.notEqual(secrets.seal(plain), sealed, 'a fresh nonce each time');
    assert.equal(secrets.open(sealed), plain);
    assert.equal(new WebhookSecrets(Buffer.from(serverSecret)).open(sealed), plain);
    assert.throws(() => new WebhookSecrets(randomBytes(32)).open(sealed), SealBroken);
    assert.throws(() => new Sealer(serverSecret, 'another purpose').open(sealed), SealBroken);
    const bytes = Buffer.from(sealed.slice(3), 'base64url');
    for (const at of [0, 14, bytes.length - 1]) {
      const changed = Buffer.from(bytes);
      changed[at] ^= 1;
      assert.throws(
        () => secrets.open(`v1.${changed.toString('base64url')}`),
        SealBroken,
        `byte ${at}`,
      );
    }
    assert.throws(() => secrets.open('v1.short'), SealBroken);
    assert.equal(secrets.open('whsec_kept-in-clear'), 'whsec_kept-in-clear', 'an older clear one');
  });

  it('are opened for a rotation with whichever old secret opens them, or refused', () => {
    const [old, other, next] = [randomBytes(32), randomBytes(32), randomBytes(32)];
    const stored = [new WebhookSecrets(old).seal('whsec_a'), 'whsec_clear'];
    const plan = resealPlan(openAll(stored, [other, old], false), next);
    assert.deepEqual(
      stored.map((value) => new WebhookSecrets(next).open(plan.reseal(value))),
      ['whsec_a', 'whsec_clear'],
    );
    assert.equal(plan.reset, 0);
    assert.throws(() => openAll(stored, [other], false), WebhookSecretsLocked);
    const reset = resealPlan(openAll(stored, [other], true), next);
    assert.equal(reset.reset, 1);
    assert.match(new WebhookSecrets(next).open(reset.reseal(stored[0])), /^whsec_.{43}$/);
  });
});

/** Every byte the SQLite database keeps on disk: its file and its WAL. */
function sqliteBytes(file: string): Buffer {
  const parts = [file, `${file}-wal`].filter((name) => fs.existsSync(name));
  return Buffer.concat(parts.map((name) => fs.readFileSync(name)));
}

/** A backup of the database: the `backup` command's copy, or pg_dump's. */
async function backupOf(engine: StorageEngine, settings: Settings): Promise<Buffer> {
  if (engine === 'sqlite') {
    const copy = path.join(tempDir(), 'backup.db');
    const made = await cli({ DATABASE_PATH: settings.DATABASE_PATH }, 'backup', copy);
    assert.equal(made.code, 0, made.stderr);
    return fs.readFileSync(copy);
  }
  const dump = path.join(findPostgres()!, 'pg_dump');
  return execFileSync(dump, ['--dbname', settings.DATABASE_URL!], { maxBuffer: 64 << 20 });
}

for (const { engine, skip } of ENGINES) {
  describe(`webhook secrets on ${engine}`, { skip }, () => {
    it('keep no secret in clear in the rows or a backup, and a backup opens only with the server secret', async () => {
      const { call, sign, sql, settings } = await webhookServer(engine);
      const receiver = await startReceiver();
      const made = await call('POST', '/api/admin/webhooks', { url: receiver.url, events: EVENTS });
      assert.equal(made.status, 201);
      const secret: string = made.body.secret;
      await sign();
      await waitFor(() => receiver.received.length === 1, 'a delivery');
      const [delivery] = receiver.received;
      assert.ok(verifySignature(secret, delivery.signature, delivery.body), 'signed with it');

      const [row] = await sql<{ secret_sealed: string }>('SELECT secret_sealed FROM webhooks');
      assert.ok(isSealed(row.secret_sealed), 'sealed');
      const random = secret.slice('whsec_'.length);
      assert.ok(!row.secret_sealed.includes(random));
      const backup = await backupOf(engine, settings);
      assert.ok(backup.length > 0);
      assert.ok(!backup.includes(random), 'not in the backup');
      assert.ok(!backup.includes('whsec_'), 'no secret in clear at all');
      assert.ok(backup.includes(row.secret_sealed), 'the backup holds the sealed value');
      if (engine === 'sqlite') {
        assert.ok(!sqliteBytes(settings.DATABASE_PATH).includes(random), 'nor the file or its WAL');
      }
      // Without the server secret the backup's value opens to nothing; with it, to the secret.
      assert.throws(() => new WebhookSecrets(randomBytes(32)).open(row.secret_sealed), SealBroken);
      const serverSecret =
        engine === 'sqlite'
          ? readSecretFile(secretFilePath(settings.DATABASE_PATH))
          : Buffer.from(settings.PETITION_SECRET!);
      assert.equal(new WebhookSecrets(serverSecret).open(row.secret_sealed), secret);
    });

    it('seal a secret an older version kept in clear when the server opens the database; it still signs', async () => {
      const first = await webhookServer(engine);
      const receiver = await startReceiver();
      const legacy = `whsec_${randomBytes(32).toString('base64url')}`;
      await first.stop();
      // As an older version left it: the secret in clear.
      const id = await insertHook(first.sql, { url: receiver.url, events: EVENTS });
      await first.sql('UPDATE webhooks SET secret_sealed = ? WHERE id = ?', legacy, id);
      const random = legacy.slice('whsec_'.length);
      if (engine === 'sqlite')
        assert.ok(sqliteBytes(first.settings.DATABASE_PATH).includes(random));

      const where =
        engine === 'sqlite'
          ? { DATABASE_PATH: first.settings.DATABASE_PATH }
          : {
              DATABASE_URL: first.settings.DATABASE_URL,
              PETITION_SECRET: first.settings.PETITION_SECRET,
            };
      const again = await webhookServer(engine, where);
      const [row] = await again.sql<{ secret_sealed: string }>(
        'SELECT secret_sealed FROM webhooks',
      );
      assert.ok(isSealed(row.secret_sealed), 'sealed on opening');
      if (engine === 'sqlite') {
        assert.ok(
          !sqliteBytes(again.settings.DATABASE_PATH).includes(random),
          'wiped from the file',
        );
      }
      await again.sign();
      await waitFor(() => receiver.received.length === 1, 'a delivery');
      const [delivery] = receiver.received;
      assert.ok(
        verifySignature(legacy, delivery.signature, delivery.body),
        'the receiver needs no change',
      );
    });

    it('give one hook a new secret, shown once: the old one stops signing at once', async () => {
      const { call, sign } = await webhookServer(engine);
      assert.equal(
        (await call('POST', '/api/admin/campaigns/el-salvador/partners', OXFAM)).status,
        201,
      );
      const partnerKey = (
        await call('POST', '/api/admin/keys', {
          label: 'o',
          partner: 'oxfam',
          campaign: 'el-salvador',
        })
      ).body.key;
      const receiver = await startReceiver();
      const made = (
        await call('POST', '/api/admin/webhooks', { url: receiver.url, events: EVENTS })
      ).body;
      const renewed = await call('POST', `/api/admin/webhooks/${made.id}/secret`);
      assert.equal(renewed.status, 200);
      assert.equal(renewed.body.id, made.id);
      assert.match(renewed.body.secret, /^whsec_.{43}$/);
      assert.notEqual(renewed.body.secret, made.secret);
      assert.equal((await call('GET', '/api/admin/webhooks')).body.data[0].secret, undefined);
      await sign();
      await waitFor(() => receiver.received.length === 1, 'a delivery');
      const [delivery] = receiver.received;
      assert.ok(verifySignature(renewed.body.secret, delivery.signature, delivery.body));
      assert.ok(
        !verifySignature(made.secret, delivery.signature, delivery.body),
        'not the old one',
      );

      // A partner key renews its own hook's secret, and finds no other's.
      const own = (
        await call(
          'POST',
          '/api/admin/webhooks',
          { url: 'https://crm.oxfam.invalid/hook', events: EVENTS },
          partnerKey,
        )
      ).body;
      const ownRenewed = await call(
        'POST',
        `/api/admin/webhooks/${own.id}/secret`,
        undefined,
        partnerKey,
      );
      assert.equal(ownRenewed.status, 200);
      assert.notEqual(ownRenewed.body.secret, own.secret);
      assert.equal(
        (await call('POST', `/api/admin/webhooks/${made.id}/secret`, undefined, partnerKey)).status,
        404,
      );
      assert.equal((await call('POST', '/api/admin/webhooks/999/secret')).status, 404);
    });

    it('are sealed again by rotate-secret under the new server secret; without the old one it changes nothing', async () => {
      const NEW = 'rotated-webhook-secret-0123456789abcdef';
      const first = await webhookServer(engine);
      const receiver = await startReceiver();
      const made = (
        await first.call('POST', '/api/admin/webhooks', { url: receiver.url, events: EVENTS })
      ).body;
      await first.stop();
      const rows = () => first.sql<{ secret_sealed: string }>('SELECT secret_sealed FROM webhooks');
      const [before] = await rows();
      const database =
        engine === 'sqlite'
          ? { DATABASE_PATH: first.settings.DATABASE_PATH }
          : { DATABASE_URL: first.settings.DATABASE_URL! };

      // Without the secret the hooks were sealed under (PostgreSQL: a new PETITION_SECRET only;
      // SQLite: the secret file gone), nothing changes, and it says what to do.
      if (engine === 'sqlite')
        fs.renameSync(secretFilePath(database.DATABASE_PATH!), `${database.DATABASE_PATH}.lost`);
      const refused = await cli(
        engine === 'sqlite' ? database : { ...database, PETITION_SECRET: NEW },
        'rotate-secret',
        ...(engine === 'sqlite' ? ['--new'] : []),
      );
      assert.equal(refused.code, 2, refused.stderr);
      assert.match(
        refused.stderr,
        /1 webhook secret\(s\) are sealed under a server secret .*PETITION_OLD_SECRET.*--reset-webhook-secrets/,
      );
      assert.deepEqual(await rows(), [before], 'nothing changed');
      if (engine === 'sqlite') {
        assert.ok(
          !fs.existsSync(secretFilePath(database.DATABASE_PATH!)),
          'no new secret file written',
        );
      }

      const oldSecret =
        engine === 'sqlite'
          ? fs.readFileSync(`${database.DATABASE_PATH}.lost`, 'utf8').trim()
          : first.settings.PETITION_SECRET!;
      // With it: SQLite's old file back (a new one is made with --new), PostgreSQL's as PETITION_OLD_SECRET.
      if (engine === 'sqlite')
        fs.renameSync(`${database.DATABASE_PATH}.lost`, secretFilePath(database.DATABASE_PATH!));
      const rotated = await cli(
        engine === 'sqlite'
          ? database
          : { ...database, PETITION_SECRET: NEW, PETITION_OLD_SECRET: oldSecret },
        'rotate-secret',
        ...(engine === 'sqlite' ? ['--new'] : []),
      );
      assert.equal(rotated.code, 0, rotated.stderr);
      assert.match(rotated.stdout, /, 1 webhook secrets sealed again\.$/m);
      const [after] = await rows();
      assert.notEqual(after.secret_sealed, before.secret_sealed);
      const newSecret =
        engine === 'sqlite'
          ? readSecretFile(secretFilePath(database.DATABASE_PATH!))
          : Buffer.from(NEW);
      assert.equal(new WebhookSecrets(newSecret).open(after.secret_sealed), made.secret);
      assert.throws(
        () =>
          new WebhookSecrets(
            engine === 'sqlite' ? Buffer.from(oldSecret, 'base64') : Buffer.from(oldSecret),
          ).open(after.secret_sealed),
        SealBroken,
        'the old server secret opens it no more',
      );

      // The server under the new secret signs with the hook's same secret.
      const again = await webhookServer(
        engine,
        engine === 'sqlite' ? database : { ...database, PETITION_SECRET: NEW },
      );
      await again.sign();
      await waitFor(() => receiver.received.length === 1, 'a delivery');
      const [delivery] = receiver.received;
      assert.ok(verifySignature(made.secret, delivery.signature, delivery.body));
    });
  });
}
