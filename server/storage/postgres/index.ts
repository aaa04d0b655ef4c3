/**
 * The PostgreSQL engine: a pool, the stores over it, and one listening connection that keeps this
 * node's campaigns current with every other node's commits (campaigns.ts) and wakes its webhook
 * worker when any node's deliveries commit (webhook-outbox.ts). If that connection drops, it
 * reconnects and reloads every campaign, so nothing missed meanwhile stays wrong (a missed wake
 * costs at most one poll of the worker).
 */
import pg from 'pg';
import type { Storage } from '../storage.ts';
import type { GoalRow } from '../goal-history.ts';
import { GOAL_HISTORY_SQL, goalReached } from '../goal-history.ts';
import type { RecentRow } from '../recent-signers.ts';
import { RECENT_SQL, recentSigner } from '../recent-signers.ts';

const GOAL_HISTORY = { name: 'goal-history', text: GOAL_HISTORY_SQL.replace('?', '$1') };
const RECENT = { name: 'recent-signers', text: RECENT_SQL.replace('?', '$1') };
import { signaturePage, signaturesOfPerson } from './admin-signatures.ts';
import { auditTrail } from './audit.ts';
import { CHANNEL, PgCampaignStore } from './campaigns.ts';
import { erasePerson } from './erasure.ts';
import { PgExports } from './export.ts';
import { decideFlag, releaseFlagged } from './flags.ts';
import { PgKeyStore } from './keys.ts';
import { openPostgres } from './open.ts';
import { PgPartners } from './partners.ts';
import { PgSignatureWriter } from './signatures.ts';
import { PgStats } from './stats.ts';
import { PgWebhookOutbox, WEBHOOK_CHANNEL } from './webhook-outbox.ts';
import { PgWebhooks, removePartnerHooks } from './webhooks.ts';
import type { ConfirmationPolicy } from '../confirmation-plan.ts';
import { sweepConfirmations } from './confirmation-sweep.ts';
import { PgConfirmations } from './confirmations.ts';
import { MAIL_CHANNEL } from './mail-outbox.ts';
import { PgMails } from './mails.ts';
import { sweepRetention } from './retention.ts';

/** How long to wait before listening again after the connection dropped. */
const RELISTEN_MS = 500;

export interface PgStorage extends Storage {
  readonly pool: pg.Pool;
  readonly campaigns: PgCampaignStore;
  readonly signatures: PgSignatureWriter;
  readonly partners: PgPartners;
  readonly webhooks: PgWebhooks;
  readonly mails: PgMails;
}

/** Opens PostgreSQL at `url`, migrates it, loads the campaigns and starts listening. */
export async function openPgStorage(
  url: string,
  options: {
    maxBatch?: number;
    poolSize?: number;
    /** Tokens and mails of verified campaigns (no mail is written without it). */
    confirmation?: ConfirmationPolicy;
  } = {},
): Promise<PgStorage> {
  const pool = await openPostgres(url, { max: options.poolSize });
  const outbox = new PgWebhookOutbox((id) => campaigns.byId(id)?.slug ?? null);
  const campaigns = new PgCampaignStore(pool, (client, after) =>
    outbox.campaignUpdated(client, after),
  );
  const signatures = new PgSignatureWriter(pool, campaigns, {
    maxBatch: options.maxBatch,
    outbox,
    confirmation: options.confirmation,
  });
  const webhooks = new PgWebhooks(pool);
  const mails = new PgMails(pool);
  const confirmations = new PgConfirmations(pool, campaigns, outbox, options.confirmation);
  const partners = new PgPartners(pool);
  // A removed partner's hooks go in the same transaction.
  partners.onRemove(async (client, partner) => {
    await removePartnerHooks(client, partner.campaignId, partner.slug);
  });
  let closed = false;
  let listener: pg.Client | null = null;
  let retry: NodeJS.Timeout | undefined;

  const relisten = () => {
    if (!closed) retry = setTimeout(() => void listen().catch(relisten), RELISTEN_MS);
  };
  const listen = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: url });
    client.on('notification', (message) => {
      if (message.channel === WEBHOOK_CHANNEL) webhooks.notified();
      else if (message.channel === MAIL_CHANNEL) mails.notified();
      else if (message.payload) void campaigns.onNotification(message.payload).catch(() => {});
    });
    client.on('error', () => {
      // The server went away: try again shortly, and reload what may have been missed.
      if (closed || listener !== client) return;
      listener = null;
      relisten();
    });
    listener = client;
    await client.connect();
    await client.query(`LISTEN ${WEBHOOK_CHANNEL}`);
    await client.query(`LISTEN ${MAIL_CHANNEL}`);
    await client.query(`LISTEN ${CHANNEL}`);
    // Loaded after LISTEN: a commit in between is both in the load and notified, never in neither.
    await campaigns.loadAll();
  };
  try {
    await listen();
  } catch (error) {
    await pool.end();
    throw error;
  }

  return {
    engine: 'postgres',
    pool,
    campaigns,
    signatures,
    webhooks,
    mails,
    confirmations: {
      lookup: (hash, now) => confirmations.lookup(hash, now),
      confirm: (hash, now) => confirmations.confirm(hash, now),
      resend: (...args) => confirmations.resend(...args),
      sweep: (times, now = Date.now()) =>
        sweepConfirmations(pool, times, confirmations.policy(), now),
    },
    retention: { sweep: (now = Date.now()) => sweepRetention(pool, campaigns, now) },
    keys: new PgKeyStore(pool),
    signaturePages: {
      page: (campaignId, query, after) => signaturePage(pool, campaignId, query, after),
      ofPerson: (campaignId, emailHash) => signaturesOfPerson(pool, campaignId, emailHash),
    },
    partners,
    exports: new PgExports(pool),
    stats: new PgStats(pool),
    auditTrail: (campaignId) => auditTrail(pool, campaignId),
    goalHistory: async (campaignId) => {
      const { rows } = await pool.query<GoalRow>({ ...GOAL_HISTORY, values: [campaignId] });
      return rows.map(goalReached);
    },
    recent: async (campaignId, now = Date.now()) => {
      const { rows } = await pool.query<RecentRow>({ ...RECENT, values: [campaignId] });
      return rows.map(recentSigner(now));
    },
    erase: (id, actor) => erasePerson(pool, campaigns, id, actor, outbox),
    decideFlag: (id, decision, actor) => decideFlag(pool, campaigns, id, decision, actor, outbox),
    releaseFlagged: (campaignId, release, actor) =>
      releaseFlagged(pool, campaigns, campaignId, release, actor, outbox),
    // Every node hears the others' campaign changes (LISTEN above): nothing to look for.
    refresh() {},
    async ready() {
      try {
        await pool.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    async ping() {
      await pool.query('SELECT 1');
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      await signatures.flush();
      await listener?.end().catch(() => {});
      await pool.end();
    },
  };
}
