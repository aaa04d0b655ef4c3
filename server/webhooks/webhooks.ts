/**
 * The webhook worker of one server (either engine), with its timings from the settings; the
 * server starts it once listening and stops it first when stopping. Tests that only call the app
 * do not start it.
 */
import type { Settings } from '../config/settings.ts';
import type { WebhookStorage } from '../storage/webhook-storage.ts';
import { WebhookSecrets } from './webhook-secrets.ts';
import { WebhookWorker } from './webhook-worker.ts';

/** Builds the worker over an engine's webhooks; it wakes when this node queues events. */
export function createWebhookWorker(
  storage: WebhookStorage,
  settings: Settings,
  log: (line: Record<string, unknown>) => void,
  serverSecret: Buffer,
): WebhookWorker {
  return new WebhookWorker(
    storage,
    {
      retryMs: settings.PETITION_WEBHOOK_RETRY_MS,
      retryMaxMs: settings.PETITION_WEBHOOK_RETRY_MAX_MS,
      giveUpMs: settings.PETITION_WEBHOOK_GIVE_UP_MS,
      timeoutMs: settings.PETITION_WEBHOOK_TIMEOUT_MS,
      pollMs: settings.PETITION_WEBHOOK_POLL_MS,
    },
    log,
    {
      secrets: new WebhookSecrets(serverSecret),
      allowLoopback: settings.PETITION_WEBHOOK_ALLOW_LOOPBACK === '1',
    },
  );
}
