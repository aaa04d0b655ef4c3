/**
 * GET a campaign's statistics over the storage interface (stats-storage.ts), on either engine.
 * A partner key sees only its partner's counts, never another partner's numbers.
 */
import { Hono } from 'hono';
import { counterOf } from '../../campaigns/campaign.ts';
import type { StatsStorage } from '../../storage/stats-storage.ts';
import type { CampaignStorage } from '../../storage/storage.ts';
import { adminCampaignOr404 } from './admin-campaigns.ts';
import type { AdminEnv } from './admin-request.ts';

/** The stats route. */
export function adminStatsRoutes(campaigns: Pick<CampaignStorage, 'get'>, stats: StatsStorage) {
  const app = new Hono<AdminEnv>();
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
  return app;
}
