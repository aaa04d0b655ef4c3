/**
 * The SQLite engine behind the storage interface: one file, the synchronous stores of this folder
 * on one connection wrapped in promises, and the signatures committed on a writer thread with its
 * own connection (signatures.ts). Hooks that must commit with a change (webhook events, the
 * statistics a change invalidates, a removed partner's hooks) are wired here, once, so no caller
 * has to know them.
 *
 * A few things are SQLite's own and stay outside the interface, as named extras of SqliteStorage:
 * the connection (the secret file beside it, backups), the synchronous campaign store and writer
 * (seeding, tests that write rows directly) and the webhook parts (the outbox, the hooks table).
 * Only runtime code and tests use them; the routes see a Storage.
 */
import type { Settings } from '../../config/settings.ts';
import { loadSecret } from './secret.ts';
import type { Storage } from '../storage.ts';
import type { GoalRow } from '../goal-history.ts';
import { GOAL_HISTORY_SQL, goalReached } from '../goal-history.ts';
import type { RetentionResult } from '../retention-storage.ts';
import type { RecentRow } from '../recent-signers.ts';
import { RECENT_SQL, recentSigner } from '../recent-signers.ts';
import { AuditLog } from './audit.ts';
import { Erasure, truncateWal } from './erasure.ts';
import { SqliteRetention } from './retention.ts';
import { FlagReview } from './flags.ts';
import { AdminKeyStore } from './keys.ts';
import { AdminSignatures } from './admin-signatures.ts';
import { AdminStats } from './stats.ts';
import type { NewCampaign } from '../../campaigns/campaign.ts';
import { CampaignStore, SqliteCampaigns } from './campaigns.ts';
import { rehashEmailIdentities } from './email-rehash.ts';
import { Exports } from './export.ts';
import type { Db } from './open.ts';
import { openDatabase } from './open.ts';
import { PartnerStore, SqlitePartners } from './partners.ts';
import { SignatureWriter } from './signatures.ts';
import { afterWriter } from './after-writer.ts';
import type { SqliteWebhooks } from './webhooks.ts';
import { openSqliteWebhooks } from './webhooks.ts';
import { resealWebhookSecrets } from './webhook-secrets.ts';
import { WebhookSecrets } from '../../webhooks/webhook-secrets.ts';
import { confirmationPolicy } from '../confirmation-plan.ts';
import { ConfirmationSweep } from './confirmation-sweep.ts';
import { ConfirmationWriter, SqliteConfirmations } from './confirmations.ts';
import { MailOutbox } from './mail-outbox.ts';
import { SqliteMails } from './mails.ts';

/** How to open it. */
export interface SqliteOptions {
  /** The secret (file beside the database, or PETITION_SECRET), batch size, webhook timings. */
  settings: Settings;
  /** Where background work reports (nothing by default). */
  log?: (line: Record<string, unknown>) => void;
  /** A campaign to create when it is missing (the demo). */
  seed?: NewCampaign;
}

/** SQLite's storage, with what only the runtime and tests may use. */
export interface SqliteStorage extends Storage {
  readonly engine: 'sqlite';
  /** The connection: backups, the secret's rotation. Never for routes. */
  readonly db: Db;
  /** The server secret, kept in a file beside the database (see secrets/secret-file.ts). */
  readonly secret: Buffer;
  /** The synchronous campaign store behind `campaigns` (the same in-memory mirror). */
  readonly campaignStore: CampaignStore;
  /** The group-commit writer behind `signatures` (flush, probe, its counters). */
  readonly writer: SignatureWriter;
  /** The hooks, deliveries and the worker's claims (the runtime starts the worker over them). */
  readonly webhooks: SqliteWebhooks['storage'];
  /** The outbox and the hooks table behind `webhooks`. */
  readonly webhookParts: SqliteWebhooks;
  /** The mail outbox's worker side (its wake-up, for tests that write rows directly). */
  readonly mails: SqliteMails;
}

/** Opens (creating and migrating) the database at `file`, with its secret. */
export function openSqliteStorage(file: string, options: SqliteOptions): SqliteStorage {
  const { settings } = options;
  const db = openDatabase(file);
  try {
    // Test only, never documented: the fsync-before-acknowledge test shows it catches NORMAL.
    if (unsafeSynchronous()) {
      db.pragma('synchronous = NORMAL');
      console.error(
        'UNSAFE: synchronous=NORMAL (a test setting); acknowledged signatures may be lost.',
      );
    }
    const secret = loadSecret(db, { ...settings, DATABASE_PATH: file });
    // Before the store reads the counts a duplicate found here changes (../email-rehash.ts).
    const rehash = rehashEmailIdentities(db, secret);
    if (rehash.rehashed) options.log?.({ event: 'email_rehash', ...rehash });
    // What an older version kept in clear is sealed before anything reads it (webhook-secrets.ts).
    const sealed = resealWebhookSecrets(db, new WebhookSecrets(secret).sealLegacy, 'clear');
    if (sealed) options.log?.({ event: 'webhook_secrets_sealed', count: sealed });
    const store = new CampaignStore(db);
    if (options.seed && !store.get(options.seed.slug)) store.create(options.seed);
    // Opening may wait for another connection's lock; serving never sleeps in SQLite's busy
    // handler on the event loop: the writer thread waits for the lock, off it.
    db.pragma('busy_timeout = 0');
    return assemble(file, db, secret, store, options);
  } catch (error) {
    db.close();
    throw error;
  }
}

const unsafeSynchronous = () => process.env.PETITION_UNSAFE_SYNCHRONOUS === 'NORMAL';

function assemble(
  file: string,
  db: Db,
  secret: Buffer,
  store: CampaignStore,
  options: SqliteOptions,
): SqliteStorage {
  const webhooks = openSqliteWebhooks(db, store);
  const { outbox } = webhooks;
  const audit = new AuditLog(db);
  const policy = confirmationPolicy(options.settings, secret);
  const mails = new SqliteMails(db);
  const mailOutbox = new MailOutbox(db);
  mailOutbox.onQueued = () => mails.notified();
  // Signatures commit on the writer's own thread and connection; their webhook events and
  // confirmation mails with them.
  const writer = new SignatureWriter(file, store, {
    confirmation: policy,
    maxBatch: options.settings.PETITION_MAX_BATCH,
    synchronous: unsafeSynchronous() ? 'NORMAL' : 'FULL',
    onWebhooks: () => outbox.onQueued(),
    onMails: () => mails.notified(),
  });
  const keys = new AdminKeyStore(db);
  const exports = new Exports(db);
  const pages = new AdminSignatures(db);
  const stats = new AdminStats(db);
  const partners = new PartnerStore(db, audit);
  // A removed partner's hooks go in the same transaction.
  partners.onRemove((partner) => webhooks.hooks.removeForPartner(partner.campaignId, partner.slug));
  // A revoked key's hooks stop in the same transaction.
  keys.onRevoke((id, now) => webhooks.hooks.disableForKey(id, now));
  const erasure = new Erasure(db, store, audit, (campaignId, ids) =>
    outbox.signaturesErased(campaignId, ids),
  );
  const flags = new FlagReview(db, store, audit, (id) => outbox.signatureReleased(id));
  const confirmations = new SqliteConfirmations(db, store, mailOutbox, policy, (id) =>
    outbox.signatureReleased(id),
  );
  const sweep = new ConfirmationSweep(
    db,
    new ConfirmationWriter(db, mailOutbox, policy),
    mailOutbox,
    audit,
    policy,
  );
  const retention = new SqliteRetention(db, store, audit);
  const ping = db.prepare('SELECT 1');
  const goals = db.prepare<[number], GoalRow>(GOAL_HISTORY_SQL);
  const recent = db.prepare<[number], RecentRow>(RECENT_SQL);
  // Writes on this connection wait until the writer thread holds no transaction (after-writer.ts).
  const idle = () => writer.idle();

  return {
    engine: 'sqlite',
    db,
    secret,
    campaignStore: store,
    writer,
    webhooks: afterWriter(idle, webhooks.storage, [
      'create',
      'remove',
      'resend',
      'record',
      'disable',
      'claim',
      'release',
    ]),
    webhookParts: webhooks,
    campaigns: afterWriter(
      idle,
      new SqliteCampaigns(store, audit, (after) => outbox.campaignUpdated(after)),
      ['create', 'update'],
    ),
    signatures: {
      submit: (row, idempotency) => writer.submit(row, idempotency),
      expireKeys: async (now) => writer.expireKeys(now),
    },
    signaturePages: pages,
    confirmations: afterWriter(
      idle,
      {
        lookup: (hash, now) => confirmations.lookup(hash, now),
        confirm: (hash, now) => confirmations.confirm(hash, now),
        resend: (...args) => confirmations.resend(...args),
        async sweep(times, now = Date.now()) {
          const result = sweep.sweep(times, now);
          for (const campaignId of result.deleted.keys()) stats.forget(campaignId);
          return result;
        },
      } satisfies Storage['confirmations'],
      ['confirm', 'resend', 'sweep'],
    ),
    mails: afterWriter(idle, mails, ['claim', 'record', 'release']),
    retention: {
      async sweep(now = Date.now()) {
        const result: RetentionResult = new Map();
        for (const campaignId of retention.due(now)) {
          for (;;) {
            // A step at a time, each when the writer is idle: signing goes on between them.
            await idle();
            const step = retention.step(campaignId, now);
            if ('erased' in step) continue;
            if ('finished' in step) result.set(campaignId, step.finished);
            break;
          }
          stats.forget(campaignId);
        }
        if (result.size) truncateWal(db);
        return result;
      },
    },
    partners: afterWriter(idle, new SqlitePartners(partners), ['create', 'patch', 'remove']),
    keys: afterWriter(
      idle,
      {
        create: async (label, scope, now) => keys.create(label, scope, now),
        list: async () => keys.list(),
        revoke: async (id, now) => keys.revoke(id, now),
        // It records when a key was last used.
        verify: async (key, token, now) => keys.verify(key, token, now),
      } satisfies Storage['keys'],
      ['create', 'revoke', 'verify'],
    ),
    exports: {
      count: async (kind, campaignId) => exports.count(kind, campaignId),
      stream: (kind, campaignId, onRows, partner) =>
        exports.stream(kind, campaignId, onRows, partner),
      deliveryRows: (campaignId) => exports.deliveryRows(campaignId),
    },
    stats,
    auditTrail: async (campaignId) => audit.list(campaignId),
    goalHistory: async (campaignId) => goals.all(campaignId).map(goalReached),
    recent: async (campaignId, now = Date.now()) => recent.all(campaignId).map(recentSigner(now)),
    async erase(id, actor) {
      await idle();
      const erased = erasure.erase(id, actor);
      // A counted row is gone: a tally that counted it is not kept.
      if (erased) stats.forget(erased.campaignId);
      return erased;
    },
    async decideFlag(id, decision, actor) {
      await idle();
      const outcome = flags.decide(id, decision, actor);
      if (outcome.kind === 'done' && outcome.changed) stats.forget(outcome.campaignId);
      return outcome;
    },
    async releaseFlagged(campaignId, release, actor) {
      const released = await flags.release(campaignId, release, actor, idle);
      if (released.released) stats.forget(campaignId);
      return released;
    },
    refresh: () => void store.syncExternalChanges(),
    ready: () => writer.probe(),
    async ping() {
      ping.get();
    },
    async close() {
      // The last batch commits on the writer's thread before it ends; then this connection closes.
      await writer.close();
      db.close();
    },
  };
}
