/** What the admin API shows of a hook, and to whom. */
import type { PartnerScope } from '../storage/actor.ts';
import type { DeliveryView, Webhook } from '../storage/webhook-storage.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A hook as the API shows it: never the secret (it is shown once, when made). */
export function webhookView(hook: Webhook) {
  return {
    id: hook.id,
    url: hook.url,
    events: hook.events,
    scope: hook.scope,
    createdAt: iso(hook.createdAt)!,
    disabledAt: iso(hook.disabledAt),
    disabledReason: hook.disabledReason,
  };
}
export type WebhookView = ReturnType<typeof webhookView>;

/** May an actor with this scope (undefined: a full admin) see this hook? */
export const visibleTo = (hook: Webhook, scope: PartnerScope | undefined) =>
  scope === undefined ||
  (hook.scope?.campaignId === scope.campaignId && hook.scope.partner === scope.partner);

/**
 * An attempt's error as a partner reads it: the kind only (a timeout, a failed connection, the
 * class of an HTTP status). The exact code (ECONNREFUSED against a TLS error, 302 against 404)
 * would tell a hostile partner which ports answer where its hook points. Admins read the code:
 * they run the server and its network, and need it to fix a receiver.
 */
export function coarseError(error: string | null): string | null {
  if (error === null || error === 'timeout') return error;
  const http = /^HTTP (\d)\d\d$/.exec(error);
  return http ? `HTTP ${http[1]}xx` : 'connection failed';
}

/** Deliveries as a partner key reads them: coarse errors, and a status only for a success. */
export function partnerDeliveries(deliveries: DeliveryView[]): DeliveryView[] {
  return deliveries.map((delivery) => ({
    ...delivery,
    attempts: delivery.attempts.map((attempt) => ({
      ...attempt,
      status: attempt.error === null ? attempt.status : null,
      error: coarseError(attempt.error),
    })),
  }));
}
