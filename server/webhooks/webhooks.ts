/**
 * The webhook parts, made once per server over one database: the hooks (cached), the outbox the
 * writers fill, the delivery rows, and the worker that sends them (started by the server, not by
 * tests that only call the app).
 */
import type { CampaignStore } from '../storage/sqlite/campaigns.ts';
import type { Db } from '../storage/sqlite/open.ts';
import type { Settings } from '../runtime/env.ts';
import { WebhookDeliveries } from './webhook-deliveries.ts';
import { WebhookOutbox } from './webhook-outbox.ts';
import { WebhookStore } from './webhook-store.ts';
import { WebhookWorker } from './webhook-worker.ts';

export type Webhooks = ReturnType<typeof createWebhooks>;

/** Builds the parts; the worker is wired to wake when events are queued. */
export function createWebhooks(
  db: Db,
  campaigns: CampaignStore,
  settings: Settings,
  log: (line: Record<string, unknown>) => void,
) {
  const store = new WebhookStore(db);
  const outbox = new WebhookOutbox(db, store, campaigns);
  const deliveries = new WebhookDeliveries(db);
  const worker = new WebhookWorker(
    deliveries,
    store,
    {
      retryMs: settings.PETITION_WEBHOOK_RETRY_MS,
      retryMaxMs: settings.PETITION_WEBHOOK_RETRY_MAX_MS,
      giveUpMs: settings.PETITION_WEBHOOK_GIVE_UP_MS,
      timeoutMs: settings.PETITION_WEBHOOK_TIMEOUT_MS,
      pollMs: settings.PETITION_WEBHOOK_POLL_MS,
    },
    log,
  );
  outbox.onQueued = () => worker.wake();
  return { store, outbox, deliveries, worker };
}
