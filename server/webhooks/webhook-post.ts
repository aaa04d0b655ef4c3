/**
 * One delivery on the wire: a POST over node:http or node:https whose sockets connect only where
 * the hook's address policy allows (network/guarded-lookup.ts). node:http rather than fetch: its
 * agents take a `lookup`, so the check runs on the address each socket really connects to;
 * fetch's undici would need an Agent from the undici package, which this project does not carry.
 *
 * A policy has agents of its own, so a kept-alive socket opened for a hook that may reach
 * loopback (a test receiver, PETITION_WEBHOOK_ALLOW_LOOPBACK) is never reused for one that may
 * not. Redirects are not followed (node:http never does): the receiver is the URL given.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressPolicy } from '../network/internal-address.ts';
import type { Resolve } from '../network/guarded-lookup.ts';
import { guardedLookup, refusedLiteral } from '../network/guarded-lookup.ts';

/** What one POST needs. */
export interface PostRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  policy: AddressPolicy;
  /** Aborts the request (the timeout, or the worker stopping). */
  signal: AbortSignal;
}

/** Sends POSTs; `close` ends its kept-alive sockets. */
export class WebhookPoster {
  readonly #agents = new Map<string, http.Agent>();
  readonly #resolve: Resolve | undefined;

  /** `resolve` stands in for DNS in tests; the address checks run on what it answers. */
  constructor(resolve?: Resolve) {
    this.#resolve = resolve;
  }

  #agent(protocol: 'http:' | 'https:', policy: AddressPolicy): http.Agent {
    const name = `${protocol}${policy.loopback ? 'loopback' : 'global'}`;
    let agent = this.#agents.get(name);
    if (!agent) {
      // Agent options go to every connection it makes, over the request's own.
      const options = { keepAlive: true, lookup: guardedLookup(policy, this.#resolve) };
      agent = protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
      this.#agents.set(name, agent);
    }
    return agent;
  }

  /** POSTs; resolves with the answer's status, rejects with the connection's error. */
  post(request: PostRequest): Promise<number> {
    const url = new URL(request.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return Promise.reject(new Error(`unsupported protocol ${url.protocol}`));
    }
    // net.connect does not ask `lookup` about an IP literal: it is checked here.
    const refused = refusedLiteral(url.hostname, request.policy);
    if (refused) return Promise.reject(refused);
    const client = url.protocol === 'https:' ? https : http;
    return new Promise<number>((resolve, reject) => {
      const outgoing = client.request(
        url,
        {
          method: 'POST',
          agent: this.#agent(url.protocol as 'http:' | 'https:', request.policy),
          headers: { ...request.headers, 'Content-Length': Buffer.byteLength(request.body) },
          signal: request.signal,
        },
        (response) => {
          // The status is the answer; the body is read and dropped (a body cut by the timeout
          // still leaves the status the receiver gave).
          const status = response.statusCode ?? 0;
          response.on('error', () => resolve(status));
          response.on('close', () => resolve(status));
          response.resume();
        },
      );
      outgoing.on('error', reject);
      outgoing.end(request.body);
    });
  }

  /** Ends every socket it keeps. */
  close(): void {
    for (const agent of this.#agents.values()) agent.destroy();
    this.#agents.clear();
  }
}
