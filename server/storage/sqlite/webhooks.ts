/**
 * Webhooks on SQLite behind the storage interface (storage/webhook-storage.ts): the hooks table
 * with its in-memory list, the outbox the writers fill inside their transactions, and the
 * delivery rows the worker claims and records. Synchronous underneath, answered as promises.
 */
import type { CampaignStore } from './campaigns.ts';
import type { Db } from './open.ts';
import { WebhookDeliveries } from './webhook-deliveries.ts';
import { WebhookOutbox } from './webhook-outbox.ts';
import { WebhookStore } from './webhook-store.ts';
import type { WebhookStorage } from '../webhook-storage.ts';

/** The webhook parts over one connection. */
export type SqliteWebhooks = ReturnType<typeof openSqliteWebhooks>;

/** Builds the hooks, the outbox and the storage the routes and the worker use. */
export function openSqliteWebhooks(db: Db, campaigns: Pick<CampaignStore, 'byId'>) {
  const hooks = new WebhookStore(db);
  const outbox = new WebhookOutbox(db, hooks, campaigns);
  const deliveries = new WebhookDeliveries(db);
  const listeners: (() => void)[] = [];
  outbox.onQueued = () => {
    for (const listener of listeners) listener();
  };
  const storage: WebhookStorage = {
    list: async () => hooks.list(),
    get: async (id) => hooks.get(id),
    create: async (hook, max, now) => hooks.create(hook, max, now),
    setSecret: async (id, sealedSecret) => hooks.setSecret(id, sealedSecret),
    remove: async (id) => hooks.remove(id),
    deliveries: async (webhookId) => deliveries.recent(webhookId),
    async resend(webhookId, deliveryId, now) {
      const resent = deliveries.resend(webhookId, deliveryId, now);
      if (resent) {
        hooks.reload();
        outbox.onQueued();
      }
      return resent;
    },
    claim: async (now, limit, lease, perOwner) => deliveries.claim(now, limit, lease, perOwner),
    record: async (id, _owner, outcome, now) => deliveries.record(id, outcome, now),
    disable: async (webhookId, reason, now) => hooks.disable(webhookId, reason, now),
    release: async (owner) => deliveries.release(owner),
    onQueued: (listener) => void listeners.push(listener),
  };
  return { hooks, outbox, storage };
}
