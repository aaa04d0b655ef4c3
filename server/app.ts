/**
 * The Hono application: middleware, routes and the one error handler. No listening here, so
 * tests call `app.request()` on a real database without a server.
 */
import { Hono } from 'hono';
import { AuditLog } from './db/admin-audit.ts';
import { PartnerStore } from './partners/partner-store.ts';
import type { Webhooks } from './webhooks/webhooks.ts';
import { renderDemoPage } from '../demo/page.ts';
import type { Asset } from './assets.ts';
import { serveAsset } from './assets.ts';
import type { CampaignStore } from './db/campaigns.ts';
import type { Db } from './db/open.ts';
import type { SignatureWriter } from './db/signatures.ts';
import type { Settings } from './env.ts';
import { API_CSP, SECURITY_HEADERS } from './counter.ts';
import { ProblemError, problemResponse } from './problem.ts';
import { RateLimiter } from './rate-limit.ts';
import { docsRoutes } from './openapi-page.ts';
import { adminRoutes } from './routes/admin.ts';
import type { ConsoleFiles } from './routes/console.ts';
import { consoleRoutes } from './routes/console.ts';
import { publicRoutes } from './routes/public.ts';
import type { Lifecycle } from './routes/health.ts';
import { healthRoutes } from './routes/health.ts';
import { isStorageFault, RETRY_AFTER_SECONDS, StorageUnavailable } from './db/faults.ts';

/** What the app is built from. */
export interface AppDeps {
  db: Db;
  settings: Settings;
  secret: Buffer;
  campaigns: CampaignStore;
  writer: SignatureWriter;
  signLimiter: RateLimiter;
  partners: PartnerStore;
  /** The outbox, hooks and delivery rows (the worker is started by server.ts). */
  webhooks: Webhooks;
  assets: { widget?: Asset; console?: ConsoleFiles };
  /** The campaign the demo page at `/` shows, when there is one. */
  demoSlug?: string;
  log: (line: Record<string, unknown>) => void;
  /** Set by shutdown: /readyz answers 503 while the server drains. */
  lifecycle: Lifecycle;
}

/** What it takes to call createApp; the rest gets defaults. */
export type AppInput = Omit<AppDeps, 'signLimiter' | 'log' | 'partners' | 'lifecycle'> &
  Partial<Pick<AppDeps, 'signLimiter' | 'log' | 'partners' | 'lifecycle'>>;

const PAGE_CSP =
  "default-src 'none'; script-src 'self'; connect-src 'self'; img-src 'self' data:; " +
  "style-src 'self' 'unsafe-inline'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

/** The request log: one JSON line a request on stdout, or nothing when PETITION_LOG=off. */
export function requestLog(settings: Settings): AppDeps['log'] {
  return settings.PETITION_LOG === 'on' ? (line) => process.stdout.write(JSON.stringify(line) + '\n') : () => {};
}

/** Builds the app. */
export function createApp(input: AppInput) {
  const deps: AppDeps = {
    signLimiter: new RateLimiter({
      burst: input.settings.PETITION_RATE_BURST,
      sustained: input.settings.PETITION_RATE_SUSTAINED,
      flood: input.settings.PETITION_RATE_FLOOD,
    }),
    log: requestLog(input.settings),
    lifecycle: { draining: false },
    ...input,
    partners: input.partners ?? new PartnerStore(input.db, new AuditLog(input.db)),
  };
  // A removed partner's hooks go in the same transaction.
  deps.partners.onRemove((partner) => deps.webhooks.store.removeForPartner(partner.campaignId, partner.slug));
  const app = new Hono();

  // One structured line a request: method, route pattern, status, time. Never a body, a query
  // string, a name, an email or an IP.
  app.use(async (c, next) => {
    const start = performance.now();
    await next();
    // Set on the response's own headers: c.header() after next() rebuilds a finished response
    // around a web ReadableStream at each call, which costs more than the counter read itself.
    const headers = c.res.headers;
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) headers.set(name, value);
    // A route that sets its own policy (the API reference page) keeps it.
    if (c.req.path.startsWith('/api/') && !headers.has('Content-Security-Policy')) {
      headers.set('Content-Security-Policy', API_CSP);
    }
    deps.log({
      time: new Date().toISOString(),
      method: c.req.method,
      route: c.req.routePath,
      status: c.res.status,
      ms: Math.round((performance.now() - start) * 100) / 100,
    });
  });

  // Public reads answer any origin (signing sets its own, per campaign).
  app.use('/api/campaigns/*', async (c, next) => {
    await next();
    if (c.req.method === 'GET' || c.req.method === 'HEAD') {
      c.res.headers.set('Access-Control-Allow-Origin', '*');
      c.res.headers.set('Access-Control-Expose-Headers', 'ETag');
    }
  });

  app.route('/api', publicRoutes(deps));
  app.route('/api/admin', adminRoutes(deps));
  app.route('/api', docsRoutes());
  app.route('/', consoleRoutes(deps.assets.console));

  app.route('/', healthRoutes(deps));

  app.get('/widget.js', (c) => {
    const widget = deps.assets.widget;
    if (!widget) throw new ProblemError(404, 'The widget is not built: run npm run build.');
    c.header('Access-Control-Allow-Origin', '*');
    // A versioned URL (?v=<hash>) never changes; the plain one may, so it is cached briefly.
    const versioned = c.req.query('v') === widget.hash;
    return serveAsset(c, widget, versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
  });

  app.get('/', (c) => {
    const campaign = deps.demoSlug ? deps.campaigns.get(deps.demoSlug) : undefined;
    if (!campaign) throw new ProblemError(404, 'No demo campaign here.');
    c.header('Content-Security-Policy', PAGE_CSP);
    c.header('Cache-Control', 'no-cache');
    return c.html(renderDemoPage(campaign));
  });

  app.notFound(() => problemResponse(404, 'No such resource.'));

  app.onError((error, c) => {
    if (error instanceof ProblemError) {
      return problemResponse(error.status, error.detail, error.errors, {
        ...error.headers,
        ...Object.fromEntries(c.res.headers),
      });
    }
    // The message may hold input; log only the error's kind.
    const code = (error as { code?: string }).code;
    deps.log({ time: new Date().toISOString(), level: 'error', route: c.req.routePath, error: error.name, code });
    if (error instanceof StorageUnavailable || isStorageFault(error)) {
      // Nothing was written: the widget retries with the same Idempotency-Key.
      return problemResponse(503, 'The server cannot store this right now; please try again shortly.', undefined, {
        ...Object.fromEntries(c.res.headers),
        'Retry-After': String(RETRY_AFTER_SECONDS),
        // A widget on a partner's page reads it across origins only when it is exposed.
        'Access-Control-Expose-Headers': 'Retry-After',
      });
    }
    return problemResponse(500, 'Something went wrong on our side; please try again.');
  });

  return app;
}
