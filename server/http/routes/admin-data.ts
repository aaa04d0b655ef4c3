/**
 * Admin routes over the storage interface that carry a campaign's data out or away or change what
 * counts: the two CSV exports (streamed in constant memory by either engine), erasure and flag
 * review (one row, or a flag's rows in bulk). Both engines serve them.
 */
import { Hono } from 'hono';
import { counterOf } from '../../campaigns/campaign.ts';
import type { ExportKind } from '../../storage/export-columns.ts';
import { exportFileName } from '../../storage/export-columns.ts';
import { patchSignatureSchema, releaseFlaggedSchema } from '../../contract/admin.ts';
import { ProblemError } from '../problem.ts';
import type { CampaignStorage, ExportStorage, Storage } from '../../storage/storage.ts';
import { adminCampaignOr404 } from './admin-campaigns.ts';
import type { AdminEnv } from './admin-request.ts';
import { adminBodyLimit, idParam, jsonBody } from './admin-request.ts';

type Campaigns = Pick<CampaignStorage, 'get' | 'byId'>;

/** GET signatures.csv and delivery.csv (a partner key's signatures.csv holds only its rows). */
export function adminExportRoutes(campaigns: Campaigns, exports: Pick<ExportStorage, 'stream'>) {
  const app = new Hono<AdminEnv>();
  for (const kind of ['signatures', 'delivery'] as const satisfies readonly ExportKind[]) {
    app.get(`/campaigns/:slug/${kind}.csv`, (c) => {
      const campaign = adminCampaignOr404(campaigns, c.req.param('slug'));
      const partner = c.get('actor').scope?.partner;
      return c.body(exports.stream(kind, campaign.id, undefined, partner), 200, {
        'Content-Type': 'text/csv; charset=utf-8; header=present',
        'Content-Disposition': exportFileName(campaign.slug, kind),
      });
    });
  }

  return app;
}

/** DELETE a signature: its person's rows in the campaign go (see either engine's erasure). */
export function adminErasureRoutes(campaigns: Campaigns, storage: Pick<Storage, 'erase'>) {
  const app = new Hono<AdminEnv>();
  app.delete('/signatures/:id', async (c) => {
    const erased = await storage.erase(idParam(c.req.param('id')), c.get('actor'));
    if (!erased) throw new ProblemError(404, 'No such signature.');
    const campaign = campaigns.byId(erased.campaignId);
    const counter = campaign ? counterOf(campaign) : null;
    return c.json({ status: 'erased', rows: erased.rows, counter });
  });

  return app;
}

/**
 * PATCH a signature: count a flagged one, or flag a counted one (see either engine's review); POST
 * a campaign's flags/release: count every unreviewed row with a flag that says nothing of its
 * client (rate_overflow), as PATCH would each.
 */
export function adminFlagRoutes(
  campaigns: Campaigns,
  storage: Pick<Storage, 'decideFlag' | 'releaseFlagged'>,
) {
  const app = new Hono<AdminEnv>();

  app.post('/campaigns/:slug/flags/release', adminBodyLimit, async (c) => {
    const campaign = adminCampaignOr404(campaigns, c.req.param('slug'));
    const release = await jsonBody(c, releaseFlaggedSchema);
    const done = await storage.releaseFlagged(campaign.id, release, c.get('actor'));
    const after = campaigns.byId(campaign.id);
    return c.json({ flag: release.flag, ...done, counter: after ? counterOf(after) : null });
  });

  app.patch('/signatures/:id', adminBodyLimit, async (c) => {
    const id = idParam(c.req.param('id'));
    const decision = await jsonBody(c, patchSignatureSchema);
    const outcome = await storage.decideFlag(id, decision, c.get('actor'));
    if (outcome.kind === 'unknown') throw new ProblemError(404, 'No such signature.');
    if (outcome.kind === 'duplicate') {
      throw new ProblemError(
        409,
        `The same person already has a counted signature in this campaign (id ${outcome.countedId}); ` +
          'this one stays flagged, so nobody is counted twice.',
      );
    }
    const campaign = campaigns.byId(outcome.campaignId);
    return c.json({
      id,
      flagged: outcome.flagged,
      changed: outcome.changed,
      reviewedAt: outcome.reviewedAt === null ? null : new Date(outcome.reviewedAt).toISOString(),
      counter: campaign ? counterOf(campaign) : null,
    });
  });

  return app;
}
