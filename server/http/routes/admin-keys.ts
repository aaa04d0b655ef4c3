/**
 * Admin routes about keys: who the calling key is, and listing, making and revoking keys. Over
 * the storage interface, so both engines serve them.
 */
import { Hono } from 'hono';
import { createKeySchema } from '../../contract/admin.ts';
import type { PartnerScope } from '../../storage/actor.ts';
import type { PartnerStorage } from '../../storage/partner-storage.ts';
import { ProblemError } from '../problem.ts';
import type { CampaignStorage, KeyStorage } from '../../storage/storage.ts';
import type { AdminEnv } from './admin-request.ts';
import { adminBodyLimit, idParam, jsonBody } from './admin-request.ts';

/** The key routes. */
export function adminKeyRoutes(
  keys: KeyStorage,
  campaigns: Pick<CampaignStorage, 'get' | 'byId'>,
  partners: Pick<PartnerStorage, 'get'>,
) {
  const app = new Hono<AdminEnv>();

  // Who this key is: an admin, or a partner of one campaign. The console asks it first, to show
  // a partner only what its key may read.
  app.get('/me', (c) => {
    const actor = c.get('actor');
    const scope = actor.scope;
    const campaign = scope ? (campaigns.byId(scope.campaignId)?.slug ?? null) : null;
    return c.json({
      role: scope ? 'partner' : 'admin',
      actor: actor.kind,
      keyId: actor.kind === 'key' ? actor.keyId : null,
      scope: scope ? { campaign, partner: scope.partner } : null,
    });
  });

  app.get('/keys', async (c) => c.json({ data: await keys.list() }));

  /** The scope of a partner key being made: its campaign and partner must exist (else 422). */
  const partnerScopeFor = async (body: {
    partner?: string;
    campaign?: string;
  }): Promise<PartnerScope | null> => {
    if (body.partner === undefined || body.campaign === undefined) return null;
    const unknown = (field: string, message: string) =>
      new ProblemError(422, 'Some fields need attention.', {
        errors: [{ field, code: 'invalid', message }],
      });
    const campaign = campaigns.get(body.campaign);
    if (!campaign) throw unknown('campaign', 'No campaign has this slug.');
    if (!(await partners.get(campaign.id, body.partner))) {
      throw unknown('partner', 'This campaign has no partner with this slug.');
    }
    return { campaignId: campaign.id, partner: body.partner };
  };

  app.post('/keys', adminBodyLimit, async (c) => {
    const body = await jsonBody(c, createKeySchema);
    const { id, key } = await keys.create(body.label, await partnerScopeFor(body));
    // The only time the key is ever shown.
    return c.json({ ...(await keys.list()).find((info) => info.id === id), key }, 201);
  });

  app.delete('/keys/:id', async (c) => {
    const id = idParam(c.req.param('id'));
    const { outcome, disabledWebhooks } = await keys.revoke(id);
    if (outcome === 'unknown') throw new ProblemError(404, 'No such key.');
    // The hooks the key had made stopped with it: the admin reads which.
    return c.json({ ...(await keys.list()).find((info) => info.id === id), disabledWebhooks });
  });

  return app;
}
