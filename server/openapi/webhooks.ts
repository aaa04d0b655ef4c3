/** The webhook routes as operations (admin: the bearer scheme and the 401 come with them). */
import * as z from 'zod';
import type { Operation } from './operations.ts';
import { adminOperation as op, answer, BODY_ERRORS } from './operations.ts';
import * as answers from './schemas.ts';
import { createWebhookSchema, WEBHOOK_EVENTS } from '../webhooks/webhook-contract.ts';
import type { DeliveryView } from '../storage/webhook-storage.ts';
import type { WebhookView } from '../webhooks/webhook-view.ts';

const HOOK = '/api/admin/webhooks/{id}';
const UNKNOWN_HOOK = { 404: 'No such webhook (or not one this key may see).' };
const instant = z.iso.datetime();

const webhookSchema = z.object({
  id: z.number().int(),
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENTS)),
  scope: z
    .object({ campaignId: z.number().int(), partner: z.string() })
    .nullable()
    .describe('A partner key’s hook: only that partner’s opted-in signatures; null: host-wide.'),
  createdAt: instant,
  disabledAt: instant.nullable(),
  disabledReason: z
    .string()
    .nullable()
    .describe('Why sending stopped (deliveries failing for 3 days).'),
}) satisfies z.ZodType<WebhookView>;

const deliverySchema = z.object({
  id: z.number().int(),
  eventId: z.string().describe('The same on every retry and resend: receivers drop repeats by it.'),
  event: z.string(),
  state: z.enum(['pending', 'delivered', 'failed', 'erased']),
  attempts: z.array(
    z.object({
      at: instant,
      status: z.number().int().nullable(),
      error: z.string().nullable(),
      ms: z.number().int(),
    }),
  ),
  nextAttemptAt: instant.nullable(),
  createdAt: instant,
  deliveredAt: instant.nullable(),
}) satisfies z.ZodType<DeliveryView>;

export const WEBHOOK_OPERATIONS: readonly Operation[] = [
  op('listWebhooks', 'get', '/api/admin/webhooks', 'Webhooks (a partner key: its own)', {
    responses: { 200: answer('Oldest first; never the secrets.', answers.listOf(webhookSchema)) },
  }),
  op(
    'createWebhook',
    'post',
    '/api/admin/webhooks',
    'Add a webhook: events POSTed, signed, at least once',
    {
      description:
        'https to a public address only: a name is checked each time a delivery connects, and one ' +
        'that resolves to loopback, private, link-local or other internal addresses is refused ' +
        '(plain http to loopback only for a host hook under a test setting). Each delivery is JSON ' +
        '{id, type, createdAt, data} with Petition-Signature: t=<unix seconds>,v1=<hex ' +
        'HMAC-SHA256(secret, "<t>.<raw body>")>. Retried with exponential backoff for up to 3 days, ' +
        'in order per hook. Made with a partner key, it receives only the signatures that partner ' +
        'brought that opted in to it. A partner key may have 5 hooks, an admin key 20.',
      body: createWebhookSchema,
      responses: {
        201: answer(
          'The hook, with its secret shown this once.',
          webhookSchema.extend({ secret: z.string() }),
        ),
      },
      errors: { ...BODY_ERRORS, 409: 'This key has as many webhooks as it may: remove one first.' },
    },
  ),
  op('rotateWebhookSecret', 'post', `${HOOK}/secret`, 'Give a webhook a new secret', {
    description:
      'The old secret stops signing at once: deliveries from now on are signed with the new one, ' +
      'shown in this answer only. Rotate when a secret (or a backup together with the server ' +
      'secret) may have leaked.',
    responses: {
      200: answer(
        'The hook, with its new secret shown this once.',
        webhookSchema.extend({ secret: z.string() }),
      ),
    },
    errors: UNKNOWN_HOOK,
  }),
  op('deleteWebhook', 'delete', HOOK, 'Remove a webhook and its delivery log', {
    responses: {
      200: answer('Removed.', z.object({ status: z.literal('deleted'), id: z.number().int() })),
    },
    errors: UNKNOWN_HOOK,
  }),
  op(
    'listDeliveries',
    'get',
    `${HOOK}/deliveries`,
    'Recent deliveries and their attempts (status, time, error)',
    {
      responses: {
        200: answer(
          'Newest first.',
          z.object({ webhook: webhookSchema, data: z.array(deliverySchema) }),
        ),
      },
      errors: UNKNOWN_HOOK,
    },
  ),
  op(
    'resendDelivery',
    'post',
    `${HOOK}/deliveries/{delivery}/resend`,
    'Send a failed delivery again now',
    {
      description: 'A disabled hook is enabled again: resending says the receiver is fixed.',
      responses: { 202: answer('Queued.', z.object({ status: z.literal('queued') })) },
      errors: {
        ...UNKNOWN_HOOK,
        409: 'Not a failed or waiting delivery, or the key that made the hook was revoked.',
      },
    },
  ),
];
