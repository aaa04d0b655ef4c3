/**
 * Admin routes that read signatures: keyset pages with filters, and the rows of one person found
 * by email (hashed as signing hashes it). Over either engine's reader (db/admin-signatures.ts,
 * storage/postgres/admin-signatures.ts).
 */
import { Hono } from 'hono';
import { searchSignaturesSchema, signaturesQuerySchema } from '../../contract/admin.ts';
import { decodeCursor } from '../../storage/admin-signature.ts';
import { ProblemError } from '../problem.ts';
import { emailHash } from '../../secrets/email-hash.ts';
import type { CampaignStorage, SignatureReader } from '../../storage/storage.ts';
import { adminCampaignOr404 } from './admin-campaigns.ts';
import type { AdminEnv } from './admin-request.ts';
import { adminBodyLimit, jsonBody, queryOf } from './admin-request.ts';

/** GET a page of signatures; POST a search by email. */
export function adminSignaturePageRoutes(
  campaigns: Pick<CampaignStorage, 'get'>,
  signatures: SignatureReader,
  secret: Buffer,
) {
  const app = new Hono<AdminEnv>();

  app.get('/campaigns/:slug/signatures', async (c) => {
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
    // A partner key sees only what its partner brought and that opted in to it, counted rows only
    // (an opt-in on a campaign with email verification is given once the address is confirmed).
    const scope = c.get('actor').scope;
    const scoped = scope
      ? { ...query, partner: scope.partner, partnerOptIn: true, flagged: false, pending: false }
      : query;
    return c.json(await signatures.page(campaign.id, scoped, after));
  });

  app.post('/campaigns/:slug/signatures/search', adminBodyLimit, async (c) => {
    const campaign = adminCampaignOr404(campaigns, c.req.param('slug'));
    const { email } = await jsonBody(c, searchSignaturesSchema);
    // As signing hashes it: an address typed with an invisible character or in full-width still
    // finds its person (the identity drops the one and folds the other).
    return c.json({ data: await signatures.ofPerson(campaign.id, emailHash(secret, email)) });
  });

  return app;
}
