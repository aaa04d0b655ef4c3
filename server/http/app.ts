/**
 * The Hono application, one for both storage engines: the shell (app-shell.ts) with the public,
 * admin, console and health routes over the storage it is given. No listening here, so tests call
 * `app.request()` on a real database without a server.
 */
import type { AppDeps } from './app-deps.ts';
import { requestLog } from './app-deps.ts';
import { createShell } from './app-shell.ts';
import { RateLimiter } from './rate-limit.ts';
import { adminRoutes } from './routes/admin.ts';
import { confirmRoutes } from './routes/confirm.ts';
import { consoleRoutes } from './routes/console.ts';
import { embedRoutes } from './routes/embed.ts';
import { healthRoutes } from './routes/health.ts';
import { publicRoutes } from './routes/public.ts';
import { placesRoutes } from './routes/places.ts';

/** What it takes to call createApp; the rest gets defaults. */
export type AppInput = Omit<AppDeps, 'signLimiter' | 'log' | 'lifecycle'> &
  Partial<Pick<AppDeps, 'signLimiter' | 'log' | 'lifecycle'>>;

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
  };
  const { storage } = deps;
  return createShell(deps, (app) => {
    app.route(
      '/api',
      publicRoutes({
        ...deps,
        campaigns: storage.campaigns,
        writer: storage.signatures,
        partners: storage.partners,
        confirmations: storage.confirmations,
        recent: (campaignId, now) => storage.recent(campaignId, now),
      }),
    );
    app.route('/api', placesRoutes(storage, storage.stats));
    app.route('/api/admin', adminRoutes(deps));
    app.route(
      '/',
      embedRoutes({
        ...deps,
        campaigns: storage.campaigns,
        partners: storage.partners,
        widget: () => deps.assets.widget,
      }),
    );
    app.route('/', consoleRoutes(deps.assets.console));
    app.route('/', confirmRoutes(deps));
    app.route('/', healthRoutes(deps));
  });
}
