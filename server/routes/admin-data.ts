/**
 * Admin routes over the storage interface that carry a campaign's data out or away: the two CSV
 * exports (streamed in constant memory by either engine) and erasure. Both engines serve them.
 */
import { Hono } from 'hono';
import { counterOf } from '../db/campaigns.ts';
import type { ExportKind } from '../db/export.ts';
import { exportFileName } from '../db/export.ts';
import type { Actor } from '../db/admin-keys.ts';
import { ProblemError } from '../problem.ts';
import type { CampaignStorage, ExportStorage, Storage } from '../storage/storage.ts';
import { adminCampaignOr404 } from './admin-campaigns.ts';
import type { AdminEnv } from './admin-request.ts';
import { idParam } from './admin-request.ts';

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
export function adminErasureRoutes(
  campaigns: Campaigns,
  erasure: { erase(id: number, actor: Actor): ReturnType<Storage['erase']> | Awaited<ReturnType<Storage['erase']>> },
  onErased?: (campaignId: number) => void,
) {
  const app = new Hono<AdminEnv>();
  app.delete('/signatures/:id', async (c) => {
    const erased = await erasure.erase(idParam(c.req.param('id')), c.get('actor'));
    if (!erased) throw new ProblemError(404, 'No such signature.');
    onErased?.(erased.campaignId);
    const campaign = campaigns.byId(erased.campaignId);
    const counter = campaign ? counterOf(campaign) : null;
    return c.json({ status: 'erased', rows: erased.rows, counter });
  });

  return app;
}
