/**
 * The admin API, mounted at `/api/admin`: every route behind a bearer key (see requireAdmin),
 * including paths that do not exist, so nothing answers differently to a caller without a key.
 * The stores are built here, once per app, so their statements are prepared once.
 */
import { Hono } from 'hono';
import type { AppDeps } from '../app.ts';
import { AuditLog } from '../../storage/sqlite/admin-audit.ts';
import { AdminKeyStore } from '../../storage/sqlite/admin-keys.ts';
import { limitPartnerKeys } from '../../partners/partner-scope.ts';
import { Erasure } from '../../storage/sqlite/admin-erasure.ts';
import { FlagReview } from '../../storage/sqlite/admin-flags.ts';
import { AdminSignatures } from '../../storage/sqlite/admin-signatures.ts';
import { AdminStats } from '../../storage/sqlite/admin-stats.ts';
import { Exports } from '../../storage/sqlite/export.ts';
import { SqliteCampaigns } from '../../storage/sqlite/campaign-storage.ts';
import { adminCampaignRoutes } from './admin-campaigns.ts';
import { adminKeyRoutes } from './admin-keys.ts';
import { adminPartnerRoutes } from './admin-partners.ts';
import { adminWebhookRoutes } from './admin-webhooks.ts';
import type { AdminEnv } from './admin-request.ts';
import { requireAdmin } from './admin-request.ts';
import { adminSignatureRoutes } from './admin-signatures.ts';

/** The admin routes, mounted at `/api/admin`. */
export function adminRoutes(
  deps: Pick<AppDeps, 'db' | 'campaigns' | 'settings' | 'secret' | 'partners' | 'webhooks'>,
) {
  const { db, campaigns } = deps;
  const keys = new AdminKeyStore(db);
  const audit = new AuditLog(db);
  const app = new Hono<AdminEnv>();

  app.use('*', requireAdmin(keys, deps.settings.PETITION_ADMIN_TOKEN));
  app.use('*', limitPartnerKeys(campaigns));
  // The CLI may have changed campaigns from its own connection: admins see its changes at once.
  app.use('*', async (_c, next) => {
    campaigns.syncExternalChanges();
    await next();
  });

  app.route('/', adminKeyRoutes(keys, campaigns, deps.partners));

  const { webhooks } = deps;
  app.route(
    '/',
    adminCampaignRoutes(
      new SqliteCampaigns(campaigns, audit, (after) => webhooks.outbox.campaignUpdated(after)),
      (id) => audit.list(id),
    ),
  );
  app.route('/', adminWebhookRoutes(webhooks.storage));
  app.route('/', adminPartnerRoutes(campaigns, deps.partners));
  app.route(
    '/',
    adminSignatureRoutes({
      campaigns,
      signatures: new AdminSignatures(db),
      erasure: new Erasure(db, campaigns, audit, (campaignId, ids) =>
        webhooks.outbox.signaturesErased(campaignId, ids),
      ),
      flags: new FlagReview(db, campaigns, audit, (id) => webhooks.outbox.signatureReleased(id)),
      stats: new AdminStats(db),
      exports: new Exports(db),
      secret: deps.secret,
    }),
  );
  return app;
}
