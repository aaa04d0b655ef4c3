/**
 * Who gets which event, and what it says: one answer for both engines, which write the returned
 * deliveries into their outbox inside the transaction of the change (see storage/webhook-storage.ts).
 *
 * A host-wide hook gets every counted signature of every campaign; a partner's hook, only the
 * counted signatures its partner brought that opted in to it, in its campaign (the rows its key may
 * read). Flagged rows are suspect and are not sent. signature.erased goes to every hook that may
 * have received the signature, with its id only; campaign.updated to host hooks and that
 * campaign's partners. One event id per event, the same for every hook and every retry.
 */
import { randomUUID } from 'node:crypto';
import type { AdminSignature } from '../storage/admin-signature.ts';
import { toSignature } from '../storage/admin-signature.ts';
import type { Campaign } from '../campaigns/campaign.ts';
import type { SignatureRow } from '../storage/signature-row.ts';
import type { Webhook } from '../storage/webhook-storage.ts';
import type { WebhookEvent } from './webhook-contract.ts';

/** One delivery row to write: a hook, the event, and the body it will be sent. */
export interface QueuedDelivery {
  webhookId: number;
  eventId: string;
  event: WebhookEvent;
  /** signature.created and signature.erased: the signature, so an erasure finds what was sent. */
  signatureId: number | null;
  body: string;
  at: number;
}

/** What a signature.created event carries: the signature as its reader's key would list it. */
type SentSignature = Omit<
  AdminSignature,
  'origin' | 'referrer' | 'utm' | 'flagged' | 'reviewedAt' | 'pending'
>;

function sentSignature(row: SignatureRow, id: number): SentSignature {
  // What a host or partner hook is not sent: the page, the flag, the review; nor `pending`, false
  // for every row sent (a verified campaign's signature is sent once confirmed).
  const { origin, referrer, utm, flagged, reviewedAt, pending, ...sent } = toSignature({
    ...row,
    id,
  });
  return sent;
}

function deliveries(
  hooks: readonly Webhook[],
  event: WebhookEvent,
  data: unknown,
  signatureId: number | null,
  at: number,
): QueuedDelivery[] {
  if (!hooks.length) return [];
  const eventId = randomUUID();
  const body = JSON.stringify({
    id: eventId,
    type: event,
    createdAt: new Date(at).toISOString(),
    data,
  });
  return hooks.map((hook) => ({ webhookId: hook.id, eventId, event, signatureId, body, at }));
}

const wanting = (hooks: readonly Webhook[], event: WebhookEvent) =>
  hooks.filter((hook) => hook.disabledAt === null && hook.events.includes(event));

/** A counted signature was written (or a flagged one released into the count). */
export function signatureCreated(
  hooks: readonly Webhook[],
  row: SignatureRow,
  id: number,
  campaignSlug: string | null,
): QueuedDelivery[] {
  if (row.flagged !== null) return [];
  const to = wanting(hooks, 'signature.created').filter(
    (hook) =>
      hook.scope === null ||
      (hook.scope.campaignId === row.campaignId &&
        hook.scope.partner === row.partner &&
        row.partnerOptIn === 1),
  );
  if (!to.length) return [];
  const signature = sentSignature(row, id);
  return deliveries(
    to,
    'signature.created',
    { campaign: campaignSlug, signature },
    id,
    row.createdAt,
  );
}

/**
 * A signature was erased: `tried` are the hooks that may have received it (an attempt was made),
 * whose unsent deliveries of it the engine has already dropped and whose bodies it has blanked.
 */
export function signatureErased(
  tried: readonly Webhook[],
  campaignSlug: string | null,
  id: number,
  now: number,
): QueuedDelivery[] {
  return deliveries(
    wanting(tried, 'signature.erased'),
    'signature.erased',
    { campaign: campaignSlug, signature: { id } },
    id,
    now,
  );
}

/** A campaign changed. */
export function campaignUpdated(
  hooks: readonly Webhook[],
  campaign: Campaign,
  now: number,
): QueuedDelivery[] {
  const to = wanting(hooks, 'campaign.updated').filter(
    (hook) => hook.scope === null || hook.scope.campaignId === campaign.id,
  );
  const { slug, status, goal, goalMode, offset } = campaign;
  const updatedAt = new Date(campaign.updatedAt).toISOString();
  return deliveries(
    to,
    'campaign.updated',
    { campaign: { slug, status, goal, goalMode, offset, updatedAt } },
    null,
    now,
  );
}
