/**
 * Admin signature routes: keyset pages with filters, flag review, erasure, statistics and the two
 * CSV exports.
 * Mounted under the admin app, behind its key check.
 */
import { Hono } from 'hono';
import { searchSignaturesSchema, signaturesQuerySchema } from '../admin-contract.ts';
import type { Erasure } from '../db/admin-erasure.ts';
import type { FlagReview } from '../db/admin-flags.ts';
import type { AdminSignatures } from '../db/admin-signatures.ts';
import { decodeCursor } from '../db/admin-signatures.ts';
import type { AdminStats } from '../db/admin-stats.ts';
import { counterOf } from '../db/campaigns.ts';
import type { CampaignStore } from '../db/campaigns.ts';
import type { Exports } from '../db/export.ts';
import { ProblemError } from '../problem.ts';
import { keyedHash } from '../secrets.ts';
import { adminCampaignOr404 } from './admin-campaigns.ts';
import { adminErasureRoutes, adminExportRoutes, adminFlagRoutes } from './admin-data.ts';
import type { AdminEnv } from './admin-request.ts';
import { adminBodyLimit, jsonBody, queryOf } from './admin-request.ts';

/** What the signature routes read from. */
export interface SignatureStores {
  campaigns: CampaignStore;
  signatures: AdminSignatures;
  erasure: Erasure;
  flags: FlagReview;
  stats: AdminStats;
  exports: Exports;
  /** The server secret: the email hash of a search is made as signing makes it. */
  secret: Buffer;
}

/** The signature routes. */
export function adminSignatureRoutes(stores: SignatureStores) {
  const { campaigns, signatures, erasure, flags, stats, exports, secret } = stores;
  const app = new Hono<AdminEnv>();

  app.get('/campaigns/:slug/signatures', (c) => {
    const campaign = adminCampaignOr404(campaigns, c.req.param('slug'));
    const query = queryOf(c, signaturesQuerySchema);
    const after = query.cursor === undefined ? 0 : decodeCursor(query.cursor);
    if (after === null) {
      throw new ProblemError(422, 'The cursor is not valid.', {
        errors: [
          { field: 'cursor', code: 'invalid', message: 'Use the nextCursor of a previous page.' },
        ],
      });
    }
    // A partner key sees only what its partner brought and that opted in to it, counted rows only.
    const scope = c.get('actor').scope;
    const scoped = scope ? { ...query, partner: scope.partner, partnerOptIn: true, flagged: false } : query;
    return c.json(signatures.page(campaign.id, scoped, after));
  });

  app.post('/campaigns/:slug/signatures/search', adminBodyLimit, async (c) => {
    const campaign = adminCampaignOr404(campaigns, c.req.param('slug'));
    const { email } = await jsonBody(c, searchSignaturesSchema);
    // As routes/public.ts hashes it when signing: normalised, then lower-cased whole.
    const emailHash = keyedHash(secret, 'email', email.toLowerCase());
    return c.json({ data: signatures.ofPerson(campaign.id, emailHash) });
  });

  app.route('/', adminExportRoutes(campaigns, exports));

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

  app.route('/', adminFlagRoutes(campaigns, flags, (campaignId) => stats.forget(campaignId)));

  app.route('/', adminErasureRoutes(campaigns, erasure, (campaignId) => stats.forget(campaignId)));

  return app;
}
