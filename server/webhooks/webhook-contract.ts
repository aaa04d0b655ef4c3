/**
 * Webhooks on the wire: the events, the body of POST /api/admin/webhooks, and the signature
 * header every delivery carries (`Petition-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>`).
 */
import { createHmac } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import * as z from 'zod';
import { ADMIN_LIMITS } from '../contract/admin-limits.ts';
import { safeEqual } from '../secrets/crypto.ts';

export const WEBHOOK_EVENTS = [
  'signature.created',
  'signature.erased',
  'campaign.updated',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/**
 * Addresses a hook may not name over https: this machine and private, link-local (cloud metadata)
 * and unique-local networks. A partner key can make hooks, and the server must not become its
 * way into the host's own network. (A name that resolves there is not caught: see server/README.md.)
 */
const INTERNAL = new BlockList();
const IPV4_INTERNAL = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const;
for (const [network, prefix] of IPV4_INTERNAL) INTERNAL.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 127],
  ['fc00::', 7],
  ['fe80::', 10],
] as const) {
  INTERNAL.addSubnet(network, prefix, 'ipv6');
}

function internal(hostname: string): boolean {
  const bare = hostname.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  if (family === 0) return bare === 'localhost' || bare.endsWith('.localhost');
  // IPv4-mapped IPv6 (::ffff:a.b.c.d) can name any IPv4 address: no receiver needs it.
  if (family === 6 && bare.toLowerCase().startsWith('::ffff:')) return true;
  return INTERNAL.check(bare, family === 4 ? 'ipv4' : 'ipv6');
}

/** Plain http only to this machine: for tests and a local receiver, never across a network. */
function deliverable(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol === 'https:') return !internal(url.hostname);
  return url.protocol === 'http:' && ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname);
}

/** POST /api/admin/webhooks. */
export const createWebhookSchema = z.strictObject({
  url: z
    .string()
    .max(ADMIN_LIMITS.url)
    .refine(deliverable, { message: 'an https URL (http only to 127.0.0.1)' }),
  events: z
    .array(z.enum(WEBHOOK_EVENTS))
    .min(1)
    .max(WEBHOOK_EVENTS.length)
    .refine((events) => new Set(events).size === events.length, { message: 'each event once' }),
});
export type CreateWebhookBody = z.infer<typeof createWebhookSchema>;

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
