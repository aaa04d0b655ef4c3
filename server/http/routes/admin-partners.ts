/**
 * Admin partner routes: a campaign's partners, each with its own opt-in text and privacy link.
 * Every change is audited (see PartnerStore). Mounted under the admin app, behind its key check.
 */
import { Hono } from 'hono';
import type { CampaignStorage } from '../../storage/storage.ts';
import type { Partner } from '../../partners/partner-opt-in.ts';
import { partnerView } from '../../partners/partner-opt-in.ts';
import { createPartnerSchema, patchPartnerSchema } from '../../partners/partner-contract.ts';
import type { PartnerStore } from '../../partners/partner-store.ts';
import { PartnerConflict } from '../../partners/partner-store.ts';
import { ProblemError } from '../problem.ts';
import { adminCampaignOr404 } from './admin-campaigns.ts';
import type { AdminEnv } from './admin-request.ts';
import { adminBodyLimit, jsonBody } from './admin-request.ts';

/** The partner routes. */
export function adminPartnerRoutes(
  campaigns: Pick<CampaignStorage, 'get'>,
  partners: PartnerStore,
) {
  const app = new Hono<AdminEnv>();

  const partnerOr404 = (slug: string, partnerSlug: string): Partner => {
    const campaign = adminCampaignOr404(campaigns, slug);
    const partner = partners.get(campaign.id, partnerSlug);
    if (!partner) throw new ProblemError(404, 'No such partner.');
    return partner;
  };

  app.get('/campaigns/:slug/partners', (c) => {
    const campaign = adminCampaignOr404(campaigns, c.req.param('slug'));
    return c.json({ data: partners.list(campaign.id).map(partnerView) });
  });

  app.post('/campaigns/:slug/partners', adminBodyLimit, async (c) => {
    const campaign = adminCampaignOr404(campaigns, c.req.param('slug'));
    const body = await jsonBody(c, createPartnerSchema);
    let created: Partner;
    try {
      created = partners.create(campaign.id, body, c.get('actor'));
    } catch (error) {
      if (!(error instanceof PartnerConflict)) throw error;
      const message = 'This campaign has a partner with this slug.';
      throw new ProblemError(409, message, {
        errors: [{ field: 'slug', code: 'invalid', message }],
      });
    }
    c.header('Location', `/api/admin/campaigns/${campaign.slug}/partners/${created.slug}`);
    return c.json(partnerView(created), 201);
  });

  app.get('/campaigns/:slug/partners/:partner', (c) => {
    return c.json(partnerView(partnerOr404(c.req.param('slug'), c.req.param('partner'))));
  });

  app.patch('/campaigns/:slug/partners/:partner', adminBodyLimit, async (c) => {
    const partner = partnerOr404(c.req.param('slug'), c.req.param('partner'));
    const body = await jsonBody(c, patchPartnerSchema);
    return c.json(partnerView(partners.patch(partner, body, c.get('actor'))));
  });

  app.delete('/campaigns/:slug/partners/:partner', (c) => {
    const partner = partnerOr404(c.req.param('slug'), c.req.param('partner'));
    partners.remove(partner, c.get('actor'));
    return c.json({ status: 'deleted', slug: partner.slug });
  });

  return app;
}
