/**
 * The admin API, mounted at `/api/admin`: every route behind a bearer key (see requireAdmin),
 * including paths that do not exist, so nothing answers differently to a caller without a key.
 * Every route is over the storage interface, so every engine serves all of them.
 */
import { Hono } from 'hono';
import { limitPartnerKeys } from '../partner-scope.ts';
import type { AppDeps } from '../app-deps.ts';
import { adminCampaignRoutes } from './admin-campaigns.ts';
import { adminKeyRoutes } from './admin-keys.ts';
import { adminLanguageRoutes } from './admin-languages.ts';
import { adminPartnerRoutes } from './admin-partners.ts';
import type { AdminEnv } from './admin-request.ts';
import { requireAdmin } from './admin-request.ts';
import { adminSignatureRoutes } from './admin-signatures.ts';
import { adminWebhookRoutes } from './admin-webhooks.ts';
import { WebhookSecrets } from '../../webhooks/webhook-secrets.ts';
import { adminMailRoutes } from './admin-mail.ts';
import { mailMode } from '../../mail/transport.ts';
import { findPackFonts } from '../../delivery/pack-fonts.ts';
import { adminDeliveryRoutes } from './admin-delivery.ts';

/** The admin routes, mounted at `/api/admin`. */
export function adminRoutes(deps: Pick<AppDeps, 'storage' | 'settings' | 'secret'>) {
  const { storage } = deps;
  const { campaigns } = storage;
  const app = new Hono<AdminEnv>();

  app.use('*', requireAdmin(storage.keys, deps.settings.PETITION_ADMIN_TOKEN));
  app.use('*', limitPartnerKeys(campaigns));
  // Another process (the CLI beside SQLite) may have changed campaigns: admins see it at once.
  app.use('*', async (_c, next) => {
    storage.refresh();
    await next();
  });

  app.route('/', adminKeyRoutes(storage.keys, campaigns, storage.partners));
  app.route('/', adminLanguageRoutes());
  app.route('/', adminCampaignRoutes(campaigns, storage, mailMode(deps.settings) !== 'none'));
  app.route(
    '/',
    adminWebhookRoutes(storage.webhooks, {
      secrets: new WebhookSecrets(deps.secret),
      allowLoopback: deps.settings.PETITION_WEBHOOK_ALLOW_LOOPBACK === '1',
    }),
  );
  app.route('/', adminMailRoutes(deps.settings));
  app.route('/', adminPartnerRoutes(campaigns, storage.partners));
  app.route('/', adminSignatureRoutes(storage, deps.secret));
  app.route('/', adminDeliveryRoutes(storage, findPackFonts(deps.settings.PETITION_FONT_DIR)));
  return app;
}
