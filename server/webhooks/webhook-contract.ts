/**
 * Webhooks on the wire: the events, the body of POST /api/admin/webhooks, and the signature
 * header every delivery carries (`Petition-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>`).
 */
import { createHmac } from 'node:crypto';
import * as z from 'zod';
import { refusedLiteral } from '../network/guarded-lookup.ts';
import type { AddressPolicy } from '../network/internal-address.ts';
import {
  GLOBAL_ONLY,
  ipLiteral,
  isLoopbackAddress,
  isLoopbackName,
} from '../network/internal-address.ts';
import { ADMIN_LIMITS } from '../contract/admin-limits.ts';
import { safeEqual } from '../secrets/crypto.ts';

export const WEBHOOK_EVENTS = [
  'signature.created',
  'signature.erased',
  'campaign.updated',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/**
 * Is this URL one a hook may have? https, without credentials, to a host that is not an internal
 * IP literal nor `localhost`; plain http only to loopback, and only where the policy allows it (a
 * host-wide hook under the test setting PETITION_WEBHOOK_ALLOW_LOOPBACK). A name is not resolved
 * here: what it resolves to is checked when each delivery connects (webhook-post.ts), which is
 * the check that holds; this one only refuses early what can never be delivered.
 */
function deliverable(value: string, policy: AddressPolicy): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  const literal = ipLiteral(url.hostname);
  const loopback = literal === null ? isLoopbackName(url.hostname) : isLoopbackAddress(literal);
  if (url.protocol === 'https:') {
    return refusedLiteral(url.hostname, policy) === null && (policy.loopback || !loopback);
  }
  return url.protocol === 'http:' && policy.loopback && loopback;
}

const bodyFor = (policy: AddressPolicy, message: string) =>
  z.strictObject({
    url: z
      .string()
      .max(ADMIN_LIMITS.url)
      .refine((url) => deliverable(url, policy), { message }),
    events: z
      .array(z.enum(WEBHOOK_EVENTS))
      .min(1)
      .max(WEBHOOK_EVENTS.length)
      .refine((events) => new Set(events).size === events.length, { message: 'each event once' }),
  });

/** POST /api/admin/webhooks, as a partner key (and any key without the test setting) may send it. */
export const createWebhookSchema = bodyFor(GLOBAL_ONLY, 'an https URL to a public address');
const withLoopback = bodyFor(
  { loopback: true },
  'an https URL to a public address (http only to loopback, a test setting)',
);
export type CreateWebhookBody = z.infer<typeof createWebhookSchema>;

/** The body schema for a hook made under this address policy. */
export const createWebhookSchemaFor = (policy: AddressPolicy) =>
  policy.loopback ? withLoopback : createWebhookSchema;

/** The header value for a body sent at `time` (unix seconds). */
export function signatureHeader(secret: string, time: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${time}.${body}`).digest('hex');
  return `t=${time},v1=${mac}`;
}

/**
 * What a receiver does: checks the header against the raw body, and refuses one older than
 * `toleranceSeconds` (a replay). server/README.md shows the same few lines.
 */
export function verifySignature(
  secret: string,
  header: string,
  body: string,
  now = Date.now() / 1000,
  toleranceSeconds = 300,
): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!match || Math.abs(now - Number(match[1])) > toleranceSeconds) return false;
  return safeEqual(signatureHeader(secret, Number(match[1]), body), header);
}
