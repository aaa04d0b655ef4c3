/** What the admin API shows of a hook, and to whom. */
import type { PartnerScope } from '../storage/actor.ts';
import type { Webhook } from '../storage/webhook-storage.ts';

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
