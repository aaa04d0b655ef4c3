/**
 * The public API: what the widget and any page on the internet may call.
 *
 * Reads answer any origin and come from memory. Signing is its own module (signing.ts): named
 * steps, in order of cost; here it gets its CORS answer and its body limit.
 */
import { Hono } from 'hono';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { LIMITS } from '../../contract/public.ts';
import type { RecentAnswer } from '../../contract/public.ts';
import { counterOf } from '../../campaigns/campaign.ts';
import { publicCampaign } from '../../campaigns/public-campaign.ts';
import { COUNTER_CACHE_CONTROL, counterEtag, etagMatches } from '../counter-fast-path.ts';
import { ProblemError } from '../problem.ts';
import { issueFormToken } from '../../secrets/crypto.ts';
import type { PublicDeps } from './public-deps.ts';
import { campaignOr404, originAllowed } from './public-deps.ts';
import { resendHandler } from './resend.ts';
import { signHandler } from './signing.ts';

/** How long a `/recent` answer may be kept. */
export const RECENT_CACHE_CONTROL = 'public, max-age=10';

const tooLarge = () => {
  throw new ProblemError(413, `The body may be at most ${LIMITS.signatureBody} bytes.`);
};
const countBodyBytes = bodyLimit({ maxSize: LIMITS.signatureBody, onError: tooLarge });

/**
 * The body limit. A body with a Content-Length is judged by the header alone (Node's parser
 * never delivers more), so `c.req.text()` keeps @hono/node-server's direct read; bodyLimit reads
 * `req.raw.body`, which builds a web Request and stream for every signature. A chunked body is
 * counted by bodyLimit as it arrives.
 */
const limitSignatureBody: MiddlewareHandler = async (c, next) => {
  const length = c.req.header('content-length');
  if (length === undefined || c.req.header('transfer-encoding') !== undefined)
    return countBodyBytes(c, next);
  if (Number(length) > LIMITS.signatureBody) tooLarge();
  await next();
};

/** The public routes, mounted at `/api`. */
export function publicRoutes(deps: PublicDeps) {
  const app = new Hono();

  app.get('/campaigns/:slug', async (c) => {
    const campaign = campaignOr404(deps, c.req.param('slug'));
    const partnerSlug = c.req.query('partner');
    const partner = partnerSlug ? await deps.partners.get(campaign.id, partnerSlug) : undefined;
    const formToken = issueFormToken(deps.secret, campaign.id);
    const body = publicCampaign(campaign, c.req.query('lang'), formToken, partner);
    // The form token inside is fresh each time: this answer must not be cached.
    c.header('Cache-Control', 'no-store');
    return c.json(body);
  });

  app.get('/campaigns/:slug/counter', (c) => {
    const campaign = campaignOr404(deps, c.req.param('slug'));
    // The same answer as serveCounterFast (server/counter.ts), which serves most of these.
    const etag = counterEtag(campaign);
    c.header('ETag', etag);
    c.header('Cache-Control', COUNTER_CACHE_CONTROL);
    if (etagMatches(c.req.header('if-none-match'), etag)) return c.body(null, 304);
    return c.json(counterOf(campaign));
  });

  app.get('/campaigns/:slug/recent', async (c) => {
    const campaign = campaignOr404(deps, c.req.param('slug'));
    const answer: RecentAnswer = { recent: await deps.recent(campaign.id) };
    // Shared caches may keep it 10 s: the widget asks no more often, and an erased row is gone
    // from the next answer the server gives.
    c.header('Cache-Control', RECENT_CACHE_CONTROL);
    return c.json(answer);
  });

  /** Names an allowed origin in Access-Control-Allow-Origin; true when it did. */
  const allowOrigin = (c: Context): boolean => {
    c.header('Vary', 'Origin');
    const campaign = deps.campaigns.get(c.req.param('slug') ?? '');
    const origin = c.req.header('origin');
    if (!campaign || !origin || !originAllowed(campaign, origin)) return false;
    c.header('Access-Control-Allow-Origin', origin);
    return true;
  };

  app.options('/campaigns/:slug/signatures/resend', (c) => {
    if (allowOrigin(c)) {
      c.header('Access-Control-Allow-Methods', 'POST');
      c.header('Access-Control-Allow-Headers', 'Content-Type');
      c.header('Access-Control-Max-Age', '600');
    }
    return c.body(null, 204);
  });

  app.post(
    '/campaigns/:slug/signatures/resend',
    async (c, next) => {
      allowOrigin(c);
      await next();
    },
    limitSignatureBody,
    resendHandler(deps),
  );

  app.options('/campaigns/:slug/signatures', (c) => {
    if (allowOrigin(c)) {
      c.header('Access-Control-Allow-Methods', 'POST');
      c.header('Access-Control-Allow-Headers', 'Content-Type, Idempotency-Key');
      c.header('Access-Control-Max-Age', '600');
    }
    return c.body(null, 204);
  });

  app.post(
    '/campaigns/:slug/signatures',
    // First, so that every answer an allowed page gets (a 413 too) is readable by it.
    async (c, next) => {
      allowOrigin(c);
      await next();
    },
    limitSignatureBody,
    signHandler(deps),
  );

  return app;
}
