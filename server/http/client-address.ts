/** Who is calling: the client's address, for rate limits (hashed before it goes anywhere). */
import type { Context } from 'hono';
import type { IncomingMessage } from 'node:http';
import { addressKey } from '../network/ip-address.ts';
import type { TrustProxy } from '../network/trust-proxy.ts';
import { pickClient } from '../network/trust-proxy.ts';

/** The client's rate-limit key (IPv4, or an IPv6 /64) under the PETITION_TRUST_PROXY setting. */
export function clientKey(c: Context, trust: TrustProxy): string {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  const socket = incoming?.socket?.remoteAddress ?? 'unknown';
  return addressKey(pickClient(trust, socket, c.req.header('x-forwarded-for')));
}
