/**
 * "Send it again" (`POST /api/campaigns/{slug}/signatures/resend`, the widget's button on a
 * verified campaign): the confirmation mail once more, as a new signature of the address would
 * send it (a new link while pending, "already signed" once confirmed, nothing for an address that
 * never signed), within the same limits (three signing mails an address a day, none after a
 * bounce). Rate limited per network like signing, and answered 202 alike whatever the address has
 * done, so it tells a stranger nothing.
 */
import type { Context } from 'hono';
import type { ResendResult } from '../../contract/public.ts';
import { resendBodySchema } from '../../contract/public.ts';
import { fieldErrors } from '../../contract/field-errors.ts';
import { keyedHash } from '../../secrets/crypto.ts';
import { clientKey } from '../client-address.ts';
import { parseJsonObject, requireJson } from '../json-body.ts';
import { ProblemError } from '../problem.ts';
import type { PublicDeps } from './public-deps.ts';
import { emailHash } from '../../secrets/email-hash.ts';
import { campaignToSign, rateFlag } from './signing.ts';

/** The handler. */
export function resendHandler(deps: PublicDeps) {
  const { settings, secret } = deps;
  return async (c: Context): Promise<Response> => {
    const campaign = campaignToSign(deps, c.req.param('slug') ?? '', c.req.header('origin'));
    if (campaign.verification !== 'email') {
      throw new ProblemError(409, 'This petition does not ask supporters to confirm by email.');
    }
    const ipHash = keyedHash(secret, 'ip', clientKey(c, settings.PETITION_TRUST_PROXY));
    // A network over the rate gets the same answer and no mail (a refused one, its 429).
    const flagged =
      settings.PETITION_RATE_LIMIT === 'on' ? rateFlag(deps.signLimiter, ipHash) : null;
    requireJson(c, 'Send the address as application/json.');
    const input = parseJsonObject(await c.req.text());
    const parsed = resendBodySchema.safeParse(input);
    if (!parsed.success) {
      throw new ProblemError(422, 'Some fields need attention.', {
        errors: fieldErrors(parsed.error.issues, input),
      });
    }
    const { email, lang } = parsed.data;
    if (flagged === null) {
      const wanted = lang ?? campaign.defaultLang;
      await deps.confirmations.resend(campaign.id, email, emailHash(secret, email), wanted);
    }
    const result: ResendResult = { status: 'check_email' };
    return c.json(result, 202);
  };
}
