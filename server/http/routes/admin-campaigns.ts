/**
 * Admin campaign routes: list, create, read, change, the audit trail of offsets and erasures, and
 * the goals reached. Mounted under the admin app, behind its key check.
 */
import { Hono } from 'hono';
import { createCampaignSchema, patchCampaignSchema } from '../../campaigns/admin-contract.ts';
import {
  adminView,
  CampaignConflict,
  createCampaign,
  partnerCampaignView,
  patchCampaign,
} from '../../campaigns/admin-campaigns.ts';
import type { Campaign } from '../../campaigns/campaign.ts';
import type { CampaignStorage, Storage } from '../../storage/storage.ts';
import { ProblemError } from '../problem.ts';
import type { AdminEnv } from './admin-request.ts';
import { adminBodyLimit, jsonBody } from './admin-request.ts';

/** The campaign with this slug, drafts included, or 404. */
export function adminCampaignOr404(
  campaigns: Pick<CampaignStorage, 'get'>,
  slug: string,
): Campaign {
  const campaign = campaigns.get(slug);
  if (!campaign) throw new ProblemError(404, 'No such campaign.');
  return campaign;
}

function conflict(error: unknown): never {
  if (!(error instanceof CampaignConflict)) throw error;
  const status = error.field === 'slug' ? 409 : 422;
  throw new ProblemError(status, error.message, {
    errors: [{ field: error.field, code: 'invalid', message: error.message }],
  });
}

/** The campaign routes. */
export function adminCampaignRoutes(
  campaigns: CampaignStorage,
  records: Pick<Storage, 'auditTrail' | 'goalHistory'>,
  /** Whether this server can send mail (see mail/transport.ts, mailMode). */
  canMail = true,
) {
  const app = new Hono<AdminEnv>();

  app.get('/campaigns', (c) => c.json({ data: campaigns.list().map(adminView) }));

  app.post('/campaigns', adminBodyLimit, async (c) => {
    const body = await jsonBody(c, createCampaignSchema);
    let created: Campaign;
    try {
      created = await createCampaign(campaigns, body, c.get('actor'), canMail);
    } catch (error) {
      conflict(error);
    }
    c.header('Location', `/api/admin/campaigns/${created.slug}`);
    return c.json(adminView(created), 201);
  });

  app.get('/campaigns/:slug', (c) => {
    const campaign = adminCampaignOr404(campaigns, c.req.param('slug'));
    // A partner key reaches here only for its own campaign (see partner-scope.ts).
    return c.json(c.get('actor').scope ? partnerCampaignView(campaign) : adminView(campaign));
  });

  app.patch('/campaigns/:slug', adminBodyLimit, async (c) => {
    const campaign = adminCampaignOr404(campaigns, c.req.param('slug'));
    const body = await jsonBody(c, patchCampaignSchema);
    try {
      const actor = c.get('actor');
      return c.json(adminView(await patchCampaign(campaigns, campaign, body, actor, canMail)));
    } catch (error) {
      conflict(error);
    }
  });

  app.get('/campaigns/:slug/audit', async (c) => {
    const campaign = adminCampaignOr404(campaigns, c.req.param('slug'));
    return c.json({ data: await records.auditTrail(campaign.id) });
  });

  app.get('/campaigns/:slug/goals', async (c) => {
    const campaign = adminCampaignOr404(campaigns, c.req.param('slug'));
    return c.json({ data: await records.goalHistory(campaign.id) });
  });

  return app;
}
