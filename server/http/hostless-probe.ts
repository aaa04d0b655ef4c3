/**
 * Health probes that send no Host header.
 *
 * A load balancer's health check is often HTTP/1.0 with no Host (HAProxy's `option httpchk GET
 * /readyz` is), and @hono/node-server needs a Host to build the request's URL, so it answers them
 * 400 and the balancer marks every node down. Only `/healthz` and `/readyz` get a stand-in host:
 * every other route still needs a real one (its pages and links are built from the URL).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';

const PROBE_PATH = /^\/(?:healthz|readyz)(?:\?|$)/;

/** The host a Host-less probe's URL gets: reserved, so it names no real site. */
export const PROBE_HOST = 'health-check.invalid';

/** Answers a Host-less probe through `fetch`; false when the request is not one. */
export function hostlessProbes(
  fetch: (request: Request) => Response | Promise<Response>,
): (request: IncomingMessage, response: ServerResponse) => boolean {
  const listener = getRequestListener(fetch, { hostname: PROBE_HOST });
  return (request, response) => {
    if (request.headers.host || !PROBE_PATH.test(request.url ?? '')) return false;
    void listener(request, response);
    return true;
  };
}
