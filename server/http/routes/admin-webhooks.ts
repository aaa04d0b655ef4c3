/**
 * Admin webhook routes: hooks (host-wide, or scoped to the partner of the partner key that made
 * them), their recent deliveries with each attempt, and the resend of a failed delivery. A hook
 * another actor may not see answers 404, as one that does not exist.
 */
import { Hono } from 'hono';
import { ProblemError } from '../problem.ts';
import { createWebhookSchema } from '../../webhooks/webhook-contract.ts';
import type { Webhook } from '../../webhooks/webhook-store.ts';
import { webhookView } from '../../webhooks/webhook-store.ts';
import type { Webhooks } from '../../webhooks/webhooks.ts';
import type { AdminEnv } from './admin-request.ts';
import { adminBodyLimit, idParam, jsonBody } from './admin-request.ts';

/** The webhook routes. */
export function adminWebhookRoutes(webhooks: Pick<Webhooks, 'store' | 'deliveries' | 'outbox'>) {
  const { store, deliveries } = webhooks;
  const app = new Hono<AdminEnv>();

  const hookOr404 = (id: string, scope: AdminEnv['Variables']['actor']['scope']): Webhook => {
    const hook = store.get(idParam(id), scope);
    if (!hook) throw new ProblemError(404, 'No such webhook.');
    return hook;
  };

  app.get('/webhooks', (c) => c.json({ data: store.list(c.get('actor').scope).map(webhookView) }));

  app.post('/webhooks', adminBodyLimit, async (c) => {
    const body = await jsonBody(c, createWebhookSchema);
    const actor = c.get('actor');
    const hook = store.create(body, actor.scope ?? null, actor.kind === 'key' ? actor.keyId : null);
    c.header('Location', `/api/admin/webhooks/${hook.id}`);
    // The only time the secret is shown: the receiver needs it to check each delivery.
    return c.json({ ...webhookView(hook), secret: hook.secret }, 201);
  });

  app.delete('/webhooks/:id', (c) => {
    const hook = hookOr404(c.req.param('id'), c.get('actor').scope);
    store.remove(hook.id);
    return c.json({ status: 'deleted', id: hook.id });
  });

  app.get('/webhooks/:id/deliveries', (c) => {
    const hook = hookOr404(c.req.param('id'), c.get('actor').scope);
    return c.json({ webhook: webhookView(hook), data: deliveries.recent(hook.id) });
  });

  app.post('/webhooks/:id/deliveries/:delivery/resend', (c) => {
    const hook = hookOr404(c.req.param('id'), c.get('actor').scope);
    if (!deliveries.resend(hook.id, idParam(c.req.param('delivery')))) {
      throw new ProblemError(409, 'Only a failed or waiting delivery can be resent.');
    }
    // Resending is the admin saying the receiver is fixed: a disabled hook sends again.
    if (hook.disabledAt !== null) store.enable(hook.id);
    webhooks.outbox.onQueued();
    return c.json({ status: 'queued' }, 202);
  });

  return app;
}
