/**
 * Admin signature routes: keyset pages with filters, flag review, erasure, statistics and the two
 * CSV exports, over the storage interface. Mounted under the admin app, behind its key check.
 */
import { Hono } from 'hono';
import { counterOf } from '../../storage/sqlite/campaigns.ts';
import type { Storage } from '../../storage/storage.ts';
import { adminCampaignOr404 } from './admin-campaigns.ts';
import { adminErasureRoutes, adminExportRoutes, adminFlagRoutes } from './admin-data.ts';
import { adminSignaturePageRoutes } from './admin-signature-pages.ts';
import type { AdminEnv } from './admin-request.ts';

/** What the signature routes read from. */
export type SignatureStores = Pick<
  Storage,
  'campaigns' | 'signaturePages' | 'exports' | 'stats' | 'erase' | 'decideFlag'
>;

/**
 * The signature routes. `secret` hashes a searched email as signing hashes it. The statistics
 * route is mounted only when the storage has statistics.
 */
export function adminSignatureRoutes(storage: SignatureStores, secret: Buffer) {
  const { campaigns, stats } = storage;
  const app = new Hono<AdminEnv>();

  app.route('/', adminSignaturePageRoutes(campaigns, storage.signaturePages, secret));
  app.route('/', adminExportRoutes(campaigns, storage.exports));

  if (stats) {
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
  }

  app.route(
    '/',
    adminFlagRoutes(campaigns, {
      decide: (id, decision, actor) => storage.decideFlag(id, decision, actor),
    }),
  );
  app.route('/', adminErasureRoutes(campaigns, { erase: (id, actor) => storage.erase(id, actor) }));
  return app;
}
