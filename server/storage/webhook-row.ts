/**
 * The rows of the webhook tables as both engines store them (the same columns on each): a hook
 * and the hook it makes, a delivery and the admin's view of it with its latest attempts.
 */
import type { DeliveryView, Webhook } from './webhook-storage.ts';

/** A row of webhooks. */
export interface WebhookRow {
  id: number;
  url: string;
  events: string;
  /** The signing secret, sealed (webhooks/webhook-secrets.ts; clear only from an older version). */
  secret_sealed: string;
  campaign_id: number | null;
  partner: string | null;
  key_id: number | null;
  created_at: number;
  disabled_at: number | null;
  disabled_reason: string | null;
}

/** A hook from its row (both engines' tables have the same columns). */
export function webhookFromRow(row: WebhookRow): Webhook {
  return {
    id: row.id,
    url: row.url,
    events: JSON.parse(row.events),
    sealedSecret: row.secret_sealed,
    scope:
      row.campaign_id !== null && row.partner !== null
        ? { campaignId: row.campaign_id, partner: row.partner }
        : null,
    keyId: row.key_id,
    createdAt: row.created_at,
    disabledAt: row.disabled_at,
    disabledReason: row.disabled_reason,
  };
}

/** A delivery row as both engines store it. */
export interface DeliveryRow {
  id: number;
  event_id: string;
  event: string;
  state: DeliveryView['state'];
  next_at: number;
  created_at: number;
  delivered_at: number | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** A delivery as the admin reads it, from its row and its latest attempts. */
export function deliveryView(
  row: DeliveryRow,
  attempts: { at: number; status: number | null; error: string | null; ms: number }[],
): DeliveryView {
  return {
    id: row.id,
    eventId: row.event_id,
    event: row.event,
    state: row.state,
    attempts: attempts.map((attempt) => ({ ...attempt, at: iso(attempt.at) })),
    nextAttemptAt: row.state === 'pending' ? iso(row.next_at) : null,
    createdAt: iso(row.created_at),
    deliveredAt: row.delivered_at === null ? null : iso(row.delivered_at),
  };
}
