/**
 * How much of the sender one owner may take, so one partner cannot starve everyone's deliveries.
 *
 * An owner is who made a hook: a partner (one partner of one campaign, whichever of its keys made
 * it), or one admin key (the admin token counts as one). Every enabled hook adds a row to the
 * outbox in the transaction of every signature it wants, so hooks are capped per key; and every
 * delivery in flight holds one of the sender's few slots for up to the timeout, so an owner has
 * at most IN_FLIGHT_PER_OWNER of them at once, whatever its hooks' receivers do.
 */

/** Hooks a partner key may have: its CRM, a backup, a test receiver, with room to spare. */
export const HOOKS_PER_PARTNER_KEY = 5;

/**
 * Hooks an admin key (or the admin token) may have. Admins are trusted, but a script looping on
 * POST made 2,000 hooks in 14 s: each would be one more outbox row in every signature's commit.
 * A host's receivers (a CRM, a mailing tool, a data warehouse, chat) fit well within 20.
 */
export const HOOKS_PER_ADMIN_KEY = 20;

/** Deliveries of one owner in flight at once, over every node (the sender has 8 slots a node). */
export const IN_FLIGHT_PER_OWNER = 2;

/** The most hooks a key with this scope may have. */
export const hooksPerKey = (partnerKey: boolean) =>
  partnerKey ? HOOKS_PER_PARTNER_KEY : HOOKS_PER_ADMIN_KEY;

/** A key already has as many hooks as it may (storage answers this instead of a new hook). */
export class WebhookLimitReached extends Error {
  constructor(readonly limit: number) {
    super(`This key has ${limit} webhooks, the most it may have: remove one first.`);
  }
}
