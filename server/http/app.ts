/**
 * The Hono application on SQLite: the shell (app-shell.ts) with the public, admin, console and
 * health routes. No listening here, so tests call `app.request()` on a real database without a server.
 */
import { AuditLog } from '../storage/sqlite/admin-audit.ts';
import { PartnerStore } from '../partners/partner-store.ts';
import type { SqliteWebhooks } from '../storage/sqlite/webhooks.ts';
import type { Asset } from './assets.ts';
import type { CampaignStore } from '../storage/sqlite/campaigns.ts';
import type { Db } from '../storage/sqlite/open.ts';
import type { SignatureWriter } from '../storage/sqlite/signatures.ts';
import type { Settings } from '../runtime/env.ts';
import { RateLimiter } from './rate-limit.ts';
import { createShell } from './app-shell.ts';
import { adminRoutes } from './routes/admin.ts';
import type { ConsoleFiles } from './routes/console.ts';
import { consoleRoutes } from './routes/console.ts';
import { publicRoutes } from './routes/public.ts';
import type { Lifecycle } from './routes/health.ts';
import { healthRoutes } from './routes/health.ts';

/** What the app is built from. */
export interface AppDeps {
  db: Db;
  settings: Settings;
  secret: Buffer;
  campaigns: CampaignStore;
  writer: SignatureWriter;
  signLimiter: RateLimiter;
  partners: PartnerStore;
  /** The hooks, the outbox and the storage of deliveries (the worker is started by server.ts). */
  webhooks: SqliteWebhooks;
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

/** The request log: one JSON line a request on stdout, or nothing when PETITION_LOG=off. */
export function requestLog(settings: Settings): AppDeps['log'] {
  return settings.PETITION_LOG === 'on'
    ? (line) => process.stdout.write(JSON.stringify(line) + '\n')
    : () => {};
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
  deps.partners.onRemove((partner) =>
    deps.webhooks.hooks.removeForPartner(partner.campaignId, partner.slug),
  );
  return createShell(deps, (app) => {
    app.route('/api', publicRoutes(deps));
    app.route('/api/admin', adminRoutes(deps));
    app.route('/', consoleRoutes(deps.assets.console));
    app.route('/', healthRoutes(deps));
  });
}
