/**
 * GET a campaign's delivery pack as PDF (delivery/delivery-pack.ts), on either engine, in the
 * campaign's default language or the one `?lang=` names (when the campaign has texts in it). Not
 * for partner keys (partner-scope.ts lists what they may reach, and this is not there).
 *
 * Fonts are looked for once, when the routes are built: without the interface's scripts (Latin,
 * Arabic) no pack can be drawn, and the route says so (503, retryable once they are installed)
 * before writing a byte, rather than failing half-way through a file.
 */
import { Hono } from 'hono';
import { deliveryFacts } from '../../delivery/delivery-facts.ts';
import { deliveryPack } from '../../delivery/delivery-pack.ts';
import type { PackFonts } from '../../delivery/pack-fonts.ts';
import { fontWarning } from '../../delivery/pack-fonts.ts';
import { exportFileName } from '../../storage/export-columns.ts';
import type { Storage } from '../../storage/storage.ts';
import { ProblemError } from '../problem.ts';
import { adminCampaignOr404 } from './admin-campaigns.ts';
import type { AdminEnv } from './admin-request.ts';

/** The delivery pack route. */
export function adminDeliveryRoutes(
  storage: Pick<Storage, 'campaigns' | 'exports' | 'stats' | 'auditTrail'>,
  fonts: PackFonts,
) {
  const app = new Hono<AdminEnv>();
  app.get('/campaigns/:slug/delivery.pdf', async (c) => {
    const campaign = adminCampaignOr404(storage.campaigns, c.req.param('slug'));
    if (fonts.missingRequired.length) {
      throw new ProblemError(503, fontWarning(fonts)!, { headers: { 'Retry-After': '3600' } });
    }
    const facts = await deliveryFacts(storage, campaign, c.req.query('lang')?.slice(0, 35));
    const pack = deliveryPack(facts, storage.exports.deliveryRows(campaign.id), fonts);
    return c.body(pack, 200, {
      'Content-Type': 'application/pdf',
      'Content-Disposition': exportFileName(campaign.slug, 'delivery', 'pdf'),
      'Cache-Control': 'no-store',
    });
  });
  return app;
}
