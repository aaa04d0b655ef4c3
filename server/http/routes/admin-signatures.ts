/**
 * Admin signature routes: keyset pages with filters, flag review, erasure, statistics and the two
 * CSV exports.
 * Mounted under the admin app, behind its key check.
 */
import { Hono } from 'hono';
import type { Erasure } from '../../storage/sqlite/admin-erasure.ts';
import type { FlagReview } from '../../storage/sqlite/admin-flags.ts';
import type { AdminSignatures } from '../../storage/sqlite/admin-signatures.ts';
import type { AdminStats } from '../../storage/sqlite/admin-stats.ts';
import { counterOf } from '../../storage/sqlite/campaigns.ts';
import type { CampaignStore } from '../../storage/sqlite/campaigns.ts';
import type { Exports } from '../../storage/sqlite/export.ts';
import { adminCampaignOr404 } from './admin-campaigns.ts';
import { adminErasureRoutes, adminExportRoutes, adminFlagRoutes } from './admin-data.ts';
import { adminSignaturePageRoutes } from './admin-signature-pages.ts';
import type { AdminEnv } from './admin-request.ts';

/** What the signature routes read from. */
export interface SignatureStores {
  campaigns: CampaignStore;
  signatures: AdminSignatures;
  erasure: Erasure;
  flags: FlagReview;
  stats: AdminStats;
  exports: Exports;
  /** The server secret: the email hash of a search is made as signing makes it. */
  secret: Buffer;
}

/** The signature routes. */
export function adminSignatureRoutes(stores: SignatureStores) {
  const { campaigns, signatures, erasure, flags, stats, exports, secret } = stores;
  const app = new Hono<AdminEnv>();

  app.route('/', adminSignaturePageRoutes(campaigns, signatures, secret));
  app.route('/', adminExportRoutes(campaigns, exports));

  app.get('/campaigns/:slug/stats', async (c) => {
    const campaign = adminCampaignOr404(campaigns, c.req.param('slug'));
    const scope = c.get('actor').scope;
    if (scope) {
      const counts = await stats.ofPartner(campaign.id, scope.partner);
      return c.json({ counter: counterOf(campaign), partner: scope.partner, ...counts });
    }
    const tallied = await stats.of(campaign.id);
    return c.json({ counter: counterOf(campaign), ...tallied });
  });

  app.route(
    '/',
    adminFlagRoutes(campaigns, flags, (campaignId) => stats.forget(campaignId)),
  );

  app.route(
    '/',
    adminErasureRoutes(campaigns, erasure, (campaignId) => stats.forget(campaignId)),
  );

  return app;
}
