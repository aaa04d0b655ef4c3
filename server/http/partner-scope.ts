/**
 * What a partner key may do: read its campaign's details, its own statistics, and the signatures
 * it brought that opted in to it (list and CSV), and manage its own webhooks. Nothing else: every
 * other admin route answers 403 before its handler runs, and so does any campaign but its own.
 *
 * An allow-list, not a deny-list: a route added later is closed to partner keys until it is
 * listed here (the security test walks every admin route with a partner key).
 */
import type { MiddlewareHandler } from 'hono';
import type { CampaignStorage } from '../storage/storage.ts';
import { ProblemError } from './problem.ts';
import type { AdminEnv } from './routes/admin-request.ts';

/** Method and path (under /api/admin) a partner key may call; `slug` must be its campaign. */
const ALLOWED: readonly { method: string; path: RegExp }[] = [
  { method: 'GET', path: /^\/me$/ },
  { method: 'GET', path: /^\/campaigns\/(?<slug>[^/]+)$/ },
  { method: 'GET', path: /^\/campaigns\/(?<slug>[^/]+)\/stats$/ },
  { method: 'GET', path: /^\/campaigns\/(?<slug>[^/]+)\/signatures$/ },
  { method: 'GET', path: /^\/campaigns\/(?<slug>[^/]+)\/signatures\.csv$/ },
  { method: 'GET', path: /^\/webhooks$/ },
  { method: 'POST', path: /^\/webhooks$/ },
  { method: 'DELETE', path: /^\/webhooks\/\d+$/ },
  { method: 'POST', path: /^\/webhooks\/\d+\/secret$/ },
  { method: 'GET', path: /^\/webhooks\/\d+\/deliveries$/ },
  { method: 'POST', path: /^\/webhooks\/\d+\/deliveries\/\d+\/resend$/ },
];

const forbidden = () => new ProblemError(403, 'A partner key may not do this.');

/** Lets a partner key through only to the routes above, for its own campaign. */
export function limitPartnerKeys(
  campaigns: Pick<CampaignStorage, 'get'>,
): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    const scope = c.get('actor').scope;
    if (scope) {
      const path = c.req.path.replace(/^\/api\/admin/, '');
      const method = c.req.method === 'HEAD' ? 'GET' : c.req.method;
      const allowed = ALLOWED.find((route) => route.method === method && route.path.test(path));
      if (!allowed) throw forbidden();
      const slug = allowed.path.exec(path)?.groups?.slug;
      if (slug !== undefined && campaigns.get(slug)?.id !== scope.campaignId) throw forbidden();
    }
    await next();
  };
}
