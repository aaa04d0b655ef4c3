/**
 * The body of a signature, from the submitted form and the campaign's answer: the fields the
 * campaign asks for (trimmed), the consent as given, the form token and honeypot for the bot
 * checks, and where the page is (its URL and referrer: the server keeps origins and utm tags).
 */
import type { FieldName } from '../server/contract/public.ts';
import type { CampaignAnswer } from '../server/i18n/interface-strings.ts';
import { page } from './page.ts';

export function signatureBody(
  values: FormData,
  names: readonly FieldName[],
  campaign: CampaignAnswer,
  partner: string,
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    optIn: values.get('optIn') === 'on',
    // Its own box, never pre-ticked, offered where the tag shows the list (data-recent).
    showInRecent: values.get('showInRecent') === 'on',
    formToken: campaign.formToken,
    website: String(values.get('website') ?? ''),
    lang: campaign.lang,
    source: page.source,
  };
  for (const name of names) body[name] = String(values.get(name)).trim();
  if (partner) body.partner = partner;
  // Only a box the supporter was shown can be ticked: none for an unknown partner.
  if (campaign.partner) body.partnerOptIn = values.get('partnerOptIn') === 'on';
  if (page.referrer) body.referrer = page.referrer;
  return body;
}
