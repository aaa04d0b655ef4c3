/**
 * Opening the engine the settings choose, with the server secret as that engine keeps it:
 * DATABASE_URL selects PostgreSQL, else the SQLite file at DATABASE_PATH (the default, which
 * needs no database server). Only the runtime calls this; the app gets the Storage it returns.
 *
 * On SQLite the secret is PETITION_SECRET or a file beside the database (secrets/secret-file.ts).
 * On PostgreSQL it must be PETITION_SECRET, the same on every node: there is no file beside a
 * database there. Its fingerprint is kept in the database, so a node started with another secret
 * refuses to start instead of silently breaking dedupe.
 */
import type { NewCampaign } from '../campaigns/campaign.ts';
import type { Log } from '../http/app-deps.ts';
import { rehashPgEmailIdentities } from '../storage/postgres/email-rehash.ts';
import { openPgStorage } from '../storage/postgres/index.ts';
import { checkSecret } from '../storage/postgres/secret.ts';
import { sealClearPgWebhookSecrets } from '../storage/postgres/webhook-secrets.ts';
import { WebhookSecrets } from '../webhooks/webhook-secrets.ts';
import { openSqliteStorage } from '../storage/sqlite/index.ts';
import type { Storage } from '../storage/storage.ts';
import { CampaignTaken } from '../storage/storage.ts';
import { confirmationPolicy } from '../storage/confirmation-plan.ts';
import type { Settings } from '../config/settings.ts';

/** An open engine and the secret the server hashes with. */
export interface Opened {
  storage: Storage;
  secret: Buffer;
}

/**
 * Opens (and migrates) the database the settings name; `seed` (the demo campaign) is created
 * when PETITION_SEED is on and it is missing.
 */
export async function openServerStorage(
  settings: Settings,
  log: Log,
  seed?: NewCampaign,
): Promise<Opened> {
  const seeding = settings.PETITION_SEED === 'on' ? seed : undefined;
  if (!settings.DATABASE_URL) {
    const storage = openSqliteStorage(settings.DATABASE_PATH, {
      settings,
      log,
      seed: seeding,
    });
    // A server signs: its writer thread starts now rather than with the first signature.
    storage.writer.start();
    return { storage, secret: storage.secret };
  }
  if (!settings.PETITION_SECRET) {
    throw new Error(
      'PETITION_SECRET is required with DATABASE_URL: every node must hash with the same secret.',
    );
  }
  const secret = Buffer.from(settings.PETITION_SECRET, 'utf8');
  const storage = await openPgStorage(settings.DATABASE_URL, {
    maxBatch: settings.PETITION_MAX_BATCH,
    confirmation: confirmationPolicy(settings, secret),
  });
  try {
    await checkSecret(storage.pool, secret);
    const rehash = await rehashPgEmailIdentities(storage.pool, secret);
    if (rehash.rehashed) log({ event: 'email_rehash', ...rehash });
    const sealed = await sealClearPgWebhookSecrets(
      storage.pool,
      new WebhookSecrets(secret).sealLegacy,
    );
    if (sealed) log({ event: 'webhook_secrets_sealed', count: sealed });
    if (seeding && !storage.campaigns.get(seeding.slug)) {
      // Two nodes starting together may both try: the unique slug lets one win.
      await storage.campaigns.create(seeding).catch((error) => {
        if (!(error instanceof CampaignTaken)) throw error;
      });
    }
  } catch (error) {
    await storage.close();
    throw error;
  }
  return { storage, secret };
}
