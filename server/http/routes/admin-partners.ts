/**
 * Admin partner routes: a campaign's partners, each with its own opt-in text and privacy link.
 * Every change is audited by the storage, in the change's transaction. Over the storage
 * interface, so both engines serve them; mounted under the admin app, behind its key check.
 */
import { Hono } from 'hono';
import { partnerView } from '../../partners/partner-opt-in.ts';
import { createPartnerSchema, patchPartnerSchema } from '../../partners/partner-contract.ts';
import type { PartnerStorage } from '../../storage/partner-storage.ts';
import { PartnerConflict } from '../../storage/partner-storage.ts';
import type { CampaignStorage } from '../../storage/storage.ts';
import { ProblemError } from '../problem.ts';
import { adminCampaignOr404 } from './admin-campaigns.ts';
import type { AdminEnv } from './admin-request.ts';
import { adminBodyLimit, jsonBody } from './admin-request.ts';

const noSuchPartner = () => new ProblemError(404, 'No such partner.');

/** The partner routes. */
export function adminPartnerRoutes(
  campaigns: Pick<CampaignStorage, 'get'>,
  partners: PartnerStorage,
) {
  const app = new Hono<AdminEnv>();

  app.get('/campaigns/:slug/partners', async (c) => {
    const campaign = adminCampaignOr404(campaigns, c.req.param('slug'));
    return c.json({ data: (await partners.list(campaign.id)).map(partnerView) });
  });

  app.post('/campaigns/:slug/partners', adminBodyLimit, async (c) => {
    const campaign = adminCampaignOr404(campaigns, c.req.param('slug'));
    const body = await jsonBody(c, createPartnerSchema);
    const created = await partners.create(campaign.id, body, c.get('actor')).catch((error) => {
      if (!(error instanceof PartnerConflict)) throw error;
      throw new ProblemError(409, error.message, {
        errors: [{ field: 'slug', code: 'invalid', message: error.message }],
      });
    });
    c.header('Location', `/api/admin/campaigns/${campaign.slug}/partners/${created.slug}`);
    return c.json(partnerView(created), 201);
  });

  app.get('/campaigns/:slug/partners/:partner', async (c) => {
    const campaign = adminCampaignOr404(campaigns, c.req.param('slug'));
    const partner = await partners.get(campaign.id, c.req.param('partner'));
    if (!partner) throw noSuchPartner();
    return c.json(partnerView(partner));
  });

  app.patch('/campaigns/:slug/partners/:partner', adminBodyLimit, async (c) => {
    const campaign = adminCampaignOr404(campaigns, c.req.param('slug'));
    const slug = c.req.param('partner');
    // An unknown partner is a 404 before its body is read, as on every route with an id.
    if (!(await partners.get(campaign.id, slug))) throw noSuchPartner();
    const body = await jsonBody(c, patchPartnerSchema);
    const patched = await partners.patch(campaign.id, slug, body, c.get('actor'));
    if (!patched) throw noSuchPartner();
    return c.json(partnerView(patched));
  });

  app.delete('/campaigns/:slug/partners/:partner', async (c) => {
    const campaign = adminCampaignOr404(campaigns, c.req.param('slug'));
    const removed = await partners.remove(campaign.id, c.req.param('partner'), c.get('actor'));
    if (!removed) throw noSuchPartner();
    return c.json({ status: 'deleted', slug: removed.slug });
  });

  return app;
}
