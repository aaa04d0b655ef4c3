/**
 * The admin API, mounted at `/api/admin`: every route behind a bearer key (see requireAdmin),
 * including paths that do not exist, so nothing answers differently to a caller without a key.
 * The stores are built here, once per app, so their statements are prepared once.
 */
import { Hono } from 'hono';
import { createKeySchema } from '../admin-contract.ts';
import type { AppDeps } from '../app.ts';
import { AuditLog } from '../db/admin-audit.ts';
import { AdminKeyStore } from '../db/admin-keys.ts';
import type { PartnerScope } from '../db/admin-keys.ts';
import { limitPartnerKeys } from '../partners/partner-scope.ts';
import { Erasure } from '../db/admin-erasure.ts';
import { FlagReview } from '../db/admin-flags.ts';
import { AdminSignatures } from '../db/admin-signatures.ts';
import { AdminStats } from '../db/admin-stats.ts';
import { Exports } from '../db/export.ts';
import { SqliteCampaigns } from '../storage/sqlite/campaigns.ts';
import { ProblemError } from '../problem.ts';
import { adminCampaignRoutes } from './admin-campaigns.ts';
import { adminPartnerRoutes } from './admin-partners.ts';
import { adminWebhookRoutes } from './admin-webhooks.ts';
import type { AdminEnv } from './admin-request.ts';
import { adminBodyLimit, idParam, jsonBody, requireAdmin } from './admin-request.ts';
import { adminSignatureRoutes } from './admin-signatures.ts';

/** The admin routes, mounted at `/api/admin`. */
export function adminRoutes(deps: Pick<AppDeps, 'db' | 'campaigns' | 'settings' | 'secret' | 'partners' | 'webhooks'>) {
  const { db, campaigns } = deps;
  const keys = new AdminKeyStore(db);
  const audit = new AuditLog(db);
  const app = new Hono<AdminEnv>();

  app.use('*', requireAdmin(keys, deps.settings.PETITION_ADMIN_TOKEN));
  app.use('*', limitPartnerKeys(campaigns));
  // The CLI may have changed campaigns from its own connection: admins see its changes at once.
  app.use('*', async (_c, next) => {
    campaigns.syncExternalChanges();
    await next();
  });

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

  app.get('/keys', (c) => c.json({ data: keys.list() }));

  /** The scope of a partner key being made: its campaign and partner must exist (else 422). */
  const partnerScopeFor = (body: { partner?: string; campaign?: string }): PartnerScope | null => {
    if (body.partner === undefined || body.campaign === undefined) return null;
    const unknown = (field: string, message: string) =>
      new ProblemError(422, 'Some fields need attention.', { errors: [{ field, code: 'invalid', message }] });
    const campaign = campaigns.get(body.campaign);
    if (!campaign) throw unknown('campaign', 'No campaign has this slug.');
    if (!deps.partners.get(campaign.id, body.partner)) {
      throw unknown('partner', 'This campaign has no partner with this slug.');
    }
    return { campaignId: campaign.id, partner: body.partner };
  };

  app.post('/keys', adminBodyLimit, async (c) => {
    const body = await jsonBody(c, createKeySchema);
    const { id, key } = keys.create(body.label, partnerScopeFor(body));
    // The only time the key is ever shown.
    return c.json({ ...keys.list().find((info) => info.id === id), key }, 201);
  });

  app.delete('/keys/:id', (c) => {
    const id = idParam(c.req.param('id'));
    if (keys.revoke(id) === 'unknown') throw new ProblemError(404, 'No such key.');
    return c.json(keys.list().find((info) => info.id === id));
  });

  const { webhooks } = deps;
  app.route(
    '/',
    adminCampaignRoutes(new SqliteCampaigns(campaigns, audit), (id) => audit.list(id), (after) =>
      webhooks.outbox.campaignUpdated(after),
    ),
  );
  app.route('/', adminWebhookRoutes(webhooks));
  app.route('/', adminPartnerRoutes(campaigns, deps.partners));
  app.route(
    '/',
    adminSignatureRoutes({
      campaigns,
      signatures: new AdminSignatures(db),
      erasure: new Erasure(db, campaigns, audit, (campaignId, ids) => webhooks.outbox.signaturesErased(campaignId, ids)),
      flags: new FlagReview(db, campaigns, audit, (id) => webhooks.outbox.signatureReleased(id)),
      stats: new AdminStats(db),
      exports: new Exports(db),
      secret: deps.secret,
    }),
  );
  return app;
}
