/**
 * Webhooks behind the storage interface: the hooks, their outbox of deliveries, and what the
 * worker (server/webhooks/webhook-worker.ts) needs to send them from one node or several.
 *
 * The outbox is not written through this interface: each engine writes a change's events itself,
 * inside the transaction of the change they report (a signature batch, an erasure, a flag
 * release, a campaign update), so the change and its events commit together or not at all, and a
 * crash between the commit and the send loses nothing (webhook-events.ts says who gets what).
 *
 * Sending, with one node or several on one database: the worker claims the head of each enabled
 * hook's queue (its oldest pending delivery) with a lease, so a delivery is sent by one node at a
 * time and a hook's next event waits for the one before. A node that dies mid-delivery leaves its
 * lease to expire, and another node (or this one, restarted) sends the delivery again: at least
 * once, a repeat under the same event id.
 *
 * Fair sending (a pattern another outbox can follow): a claim takes due heads in the order of
 * their next attempt time, not of their ids, so a delivery retried again and again goes behind
 * the others that came due meanwhile; and it takes at most `perOwner` in flight per owner (who
 * made the hook: HOOK_OWNER), counting the deliveries already leased, so an owner whose
 * receivers hang holds at most that many of the sender's slots (webhooks/webhook-limits.ts).
 */
import type { PartnerScope } from './actor.ts';
import type { CreateWebhookBody, WebhookEvent } from '../webhooks/webhook-contract.ts';

/** A hook as the server holds it (its secret sealed: the worker opens it to sign). */
export interface Webhook {
  id: number;
  url: string;
  events: WebhookEvent[];
  /** The signing secret, sealed under the server secret (webhooks/webhook-secrets.ts). */
  sealedSecret: string;
  /** A partner key's hook sees only that partner of that campaign; null: host-wide. */
  scope: PartnerScope | null;
  keyId: number | null;
  createdAt: number;
  disabledAt: number | null;
  disabledReason: string | null;
}

/** A hook to make: what was asked, its sealed secret, and who made it. */
export interface NewWebhook {
  body: CreateWebhookBody;
  sealedSecret: string;
  /** A partner key's scope; null for an admin key or the token. */
  scope: PartnerScope | null;
  keyId: number | null;
}

/** The head of one enabled hook's queue, due and claimed: what the worker sends next. */
export interface DueDelivery {
  id: number;
  webhookId: number;
  url: string;
  sealedSecret: string;
  /** A partner's hook (its slug): it never reaches loopback, and reads coarse errors. */
  partner: string | null;
  body: string;
  attempts: number;
  firstFailedAt: number | null;
}

/** One attempt as the admin reads it. */
export interface AttemptView {
  at: string;
  status: number | null;
  error: string | null;
  ms: number;
}

/** One delivery as the admin reads it. */
export interface DeliveryView {
  id: number;
  eventId: string;
  event: string;
  state: 'pending' | 'delivered' | 'failed' | 'erased';
  attempts: AttemptView[];
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

/** A claim: who holds the deliveries it returns, and until when (unix ms). */
export interface Lease {
  owner: string;
  until: number;
}

/** How an attempt ended: a 2xx, or a failure retried at `nextAt` (null: given up). */
export type AttemptOutcome =
  | { ok: true; status: number; ms: number }
  | { ok: false; status: number | null; error: string; ms: number; nextAt: number | null };

/**
 * Who a hook's deliveries count against (SQL over `webhooks w`, the same on both engines): a
 * partner's hooks are its partner's in its campaign, whichever key made them; others are their
 * key's, the admin token's (no key) counting as one.
 */
export const HOOK_OWNER = `CASE WHEN w.partner IS NOT NULL
  THEN 'partner:' || w.campaign_id || ':' || w.partner ELSE 'key:' || coalesce(w.key_id, 0) END`;

/** The reason a hook reads once the key that made it was revoked (it is never enabled again). */
export const KEY_REVOKED = 'key revoked';

/** How many deliveries the admin list shows, newest first, and attempts each. */
export const RECENT_DELIVERIES = 100;
export const ATTEMPTS_SHOWN = 10;

/** Webhooks on one engine. */
export interface WebhookStorage {
  /** Every hook, oldest first (the route keeps those the actor may see). */
  list(): Promise<Webhook[]>;
  get(id: number): Promise<Webhook | undefined>;
  /**
   * Makes a hook with its sealed secret. Rejects with WebhookLimitReached when `hook.keyId` (null:
   * the admin token) has `max` hooks.
   */
  create(hook: NewWebhook, max: number, now?: number): Promise<Webhook>;
  /** Gives a hook a new sealed secret (a rotation); false when there is no such hook. */
  setSecret(id: number, sealedSecret: string): Promise<boolean>;
  /** Deletes a hook with its deliveries and their attempts. */
  remove(id: number): Promise<void>;
  /** A hook's recent deliveries, newest first, with their latest attempts. */
  deliveries(webhookId: number): Promise<DeliveryView[]>;
  /**
   * Puts a failed (or waiting) delivery back at once and enables its hook (the admin says the
   * receiver is fixed), in one transaction; false when there is none to resend.
   */
  resend(webhookId: number, deliveryId: number, now?: number): Promise<boolean>;

  /**
   * Claims up to `limit` due deliveries, leased to `lease`: each the head of an enabled hook's
   * queue, not leased by a live claim (PostgreSQL: any node's; SQLite, one sender a file: this
   * worker's, so a restart sends at once what a crash left marked), earliest next attempt first,
   * and at most `perOwner` of one owner's in flight counting those already leased.
   */
  claim(now: number, limit: number, lease: Lease, perOwner: number): Promise<DueDelivery[]>;
  /** Records an attempt of a delivery this owner claimed, and lets go of its lease. */
  record(id: number, owner: string, outcome: AttemptOutcome, now?: number): Promise<void>;
  /** Stops sending to a hook; the reason is what the admin reads. */
  disable(webhookId: number, reason: string, now?: number): Promise<void>;
  /** Lets go of this owner's leases (a clean stop: other nodes need not wait for them). */
  release(owner: string): Promise<void>;
  /** Calls `listener` after this node queued events (its worker wakes). */
  onQueued(listener: () => void): void;
}
