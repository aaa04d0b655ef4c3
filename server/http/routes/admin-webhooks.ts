/**
 * Admin webhook routes, over the storage interface: hooks (host-wide, or scoped to the partner of
 * the partner key that made them), their recent deliveries with each attempt, the resend of a
 * failed delivery, and a new secret for a hook. A hook another actor may not see answers 404, as
 * one that does not exist. A secret is shown once, when made; storage only ever holds it sealed.
 */
import { Hono } from 'hono';
import { ProblemError } from '../problem.ts';
import { createWebhookSchemaFor } from '../../webhooks/webhook-contract.ts';
import { hooksPerKey, WebhookLimitReached } from '../../webhooks/webhook-limits.ts';
import type { WebhookSecrets } from '../../webhooks/webhook-secrets.ts';
import { newWebhookSecret } from '../../webhooks/webhook-secrets.ts';
import { partnerDeliveries, visibleTo, webhookView } from '../../webhooks/webhook-view.ts';
import type { Webhook, WebhookStorage } from '../../storage/webhook-storage.ts';
import { KEY_REVOKED } from '../../storage/webhook-storage.ts';
import type { AdminEnv } from './admin-request.ts';
import { adminBodyLimit, idParam, jsonBody } from './admin-request.ts';

/** What the webhook routes need besides storage. */
export interface WebhookRouteOptions {
  /** Seals a new secret under the server secret. */
  secrets: WebhookSecrets;
  /** PETITION_WEBHOOK_ALLOW_LOOPBACK (a test setting): a host hook may be http to loopback. */
  allowLoopback: boolean;
}

/** The webhook routes (a partner key's hook never reaches loopback). */
export function adminWebhookRoutes(webhooks: WebhookStorage, options: WebhookRouteOptions) {
  const app = new Hono<AdminEnv>();
  const { secrets, allowLoopback } = options;

  const hookOr404 = async (
    id: string,
    scope: AdminEnv['Variables']['actor']['scope'],
  ): Promise<Webhook> => {
    const hook = await webhooks.get(idParam(id));
    if (!hook || !visibleTo(hook, scope)) throw new ProblemError(404, 'No such webhook.');
    return hook;
  };

  app.get('/webhooks', async (c) => {
    const scope = c.get('actor').scope;
    const hooks = (await webhooks.list()).filter((hook) => visibleTo(hook, scope));
    return c.json({ data: hooks.map(webhookView) });
  });

  app.post('/webhooks', adminBodyLimit, async (c) => {
    const actor = c.get('actor');
    const policy = { loopback: allowLoopback && actor.scope === undefined };
    const body = await jsonBody(c, createWebhookSchemaFor(policy));
    const keyId = actor.kind === 'key' ? actor.keyId : null;
    const secret = newWebhookSecret();
    const made = { body, sealedSecret: secrets.seal(secret), scope: actor.scope ?? null, keyId };
    let hook: Webhook;
    try {
      hook = await webhooks.create(made, hooksPerKey(!!actor.scope));
    } catch (error) {
      if (error instanceof WebhookLimitReached) throw new ProblemError(409, error.message);
      throw error;
    }
    c.header('Location', `/api/admin/webhooks/${hook.id}`);
    // Shown this once: the receiver needs it to check each delivery.
    return c.json({ ...webhookView(hook), secret }, 201);
  });

  app.delete('/webhooks/:id', async (c) => {
    const hook = await hookOr404(c.req.param('id'), c.get('actor').scope);
    await webhooks.remove(hook.id);
    return c.json({ status: 'deleted', id: hook.id });
  });

  // A new secret (the old one leaked, or a backup holding it did with the server secret): the old
  // one stops signing at once; the new one is shown this once.
  app.post('/webhooks/:id/secret', async (c) => {
    const hook = await hookOr404(c.req.param('id'), c.get('actor').scope);
    const secret = newWebhookSecret();
    if (!(await webhooks.setSecret(hook.id, secrets.seal(secret)))) {
      throw new ProblemError(404, 'No such webhook.');
    }
    return c.json({ ...webhookView(hook), secret });
  });

  app.get('/webhooks/:id/deliveries', async (c) => {
    const scope = c.get('actor').scope;
    const hook = await hookOr404(c.req.param('id'), scope);
    const deliveries = await webhooks.deliveries(hook.id);
    // A partner reads the kind of each failure, not its code (webhook-view.ts says why).
    const data = scope ? partnerDeliveries(deliveries) : deliveries;
    return c.json({ webhook: webhookView(hook), data });
  });

  app.post('/webhooks/:id/deliveries/:delivery/resend', async (c) => {
    const hook = await hookOr404(c.req.param('id'), c.get('actor').scope);
    if (hook.disabledReason === KEY_REVOKED) {
      throw new ProblemError(409, 'The key that made this webhook was revoked: it stays stopped.');
    }
    // Resending is the admin saying the receiver is fixed: a disabled hook sends again.
    if (!(await webhooks.resend(hook.id, idParam(c.req.param('delivery'))))) {
      throw new ProblemError(409, 'Only a failed or waiting delivery can be resent.');
    }
    return c.json({ status: 'queued' }, 202);
  });

  return app;
}
