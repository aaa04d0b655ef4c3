/**
 * The Hono application on PostgreSQL: the shell (app-shell.ts) with the public routes, health,
 * and the admin routes the storage interface carries so far: campaigns with their audit trail,
 * keys, signature pages and search, the CSV exports, erasure and flag review.
 * Every other admin route answers 501 with a problem that says so, rather than a wrong answer;
 * partner keys are refused here, because the partner-scope checks live with the routes not yet
 * ported. The public routes are the same code as on SQLite.
 */
import { Hono } from 'hono';
import type { Asset } from './assets.ts';
import { createShell } from './app-shell.ts';
import { RETRY_AFTER_SECONDS } from '../storage/sqlite/faults.ts';
import type { Settings } from '../runtime/env.ts';
import { problemResponse, ProblemError } from './problem.ts';
import { RateLimiter } from './rate-limit.ts';
import { adminCampaignRoutes } from './routes/admin-campaigns.ts';
import { adminErasureRoutes, adminExportRoutes, adminFlagRoutes } from './routes/admin-data.ts';
import { adminKeyRoutes } from './routes/admin-keys.ts';
import { adminSignaturePageRoutes } from './routes/admin-signature-pages.ts';
import type { AdminEnv } from './routes/admin-request.ts';
import { requireAdmin } from './routes/admin-request.ts';
import type { Lifecycle } from './routes/health.ts';
import { publicRoutes } from './routes/public.ts';
import type { PgStorage } from '../storage/postgres/index.ts';

export interface PgAppDeps {
  storage: PgStorage;
  settings: Settings;
  secret: Buffer;
  assets: { widget?: Asset };
  demoSlug?: string;
  log: (line: Record<string, unknown>) => void;
  lifecycle: Lifecycle;
}

/** Builds the app of one PostgreSQL node. */
export function createPgApp(deps: PgAppDeps) {
  const { storage, settings } = deps;
  const signLimiter = new RateLimiter({
    burst: settings.PETITION_RATE_BURST,
    sustained: settings.PETITION_RATE_SUSTAINED,
    flood: settings.PETITION_RATE_FLOOD,
  });
  const admin = new Hono<AdminEnv>();
  admin.use('*', requireAdmin(storage.keys, settings.PETITION_ADMIN_TOKEN));
  admin.use('*', async (c, next) => {
    if (c.get('actor').scope)
      throw new ProblemError(403, 'Partner keys are not served on PostgreSQL yet.');
    await next();
  });
  admin.route('/', adminCampaignRoutes(storage.campaigns, storage.auditTrail));
  admin.route('/', adminKeyRoutes(storage.keys, storage.campaigns, storage.partners));
  admin.route('/', adminExportRoutes(storage.campaigns, storage.exports));
  admin.route('/', adminErasureRoutes(storage.campaigns, storage));
  admin.route('/', adminFlagRoutes(storage.campaigns, { decide: storage.decideFlag }));
  admin.route(
    '/',
    adminSignaturePageRoutes(storage.campaigns, storage.signaturePages, deps.secret),
  );
  admin.all('*', () =>
    problemResponse(501, 'This admin route is not available on PostgreSQL yet; use SQLite for it.'),
  );

  const health = new Hono();
  health.get('/healthz', async (c) => {
    await storage.ping();
    return c.json({ status: 'ok' });
  });
  health.get('/readyz', async (c) => {
    const noStore = { 'Cache-Control': 'no-store' };
    if (deps.lifecycle.draining)
      return problemResponse(503, 'The server is shutting down.', undefined, noStore);
    try {
      await storage.ping();
    } catch {
      return problemResponse(503, 'The database does not answer.', undefined, {
        ...noStore,
        'Retry-After': String(RETRY_AFTER_SECONDS),
      });
    }
    c.header('Cache-Control', 'no-store');
    return c.json({ status: 'ready' });
  });

  return createShell({ ...deps, campaigns: storage.campaigns }, (app) => {
    app.route(
      '/api',
      publicRoutes({
        ...deps,
        campaigns: storage.campaigns,
        writer: storage.signatures,
        partners: storage.partners,
        signLimiter,
      }),
    );
    app.route('/api/admin', admin);
    app.route('/', health);
  });
}
