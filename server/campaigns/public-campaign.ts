/**
 * What the widget gets of a campaign (GET /api/campaigns/{slug}): all it needs in one answer, in
 * one language. The campaign's texts and the interface's are chosen together (textsFor), so a
 * reader never sees the campaign in one language and the buttons in another.
 */
import type { CampaignAnswer } from '../i18n/interface-strings.ts';
import { interfaceStrings } from '../i18n/languages.ts';
import type { Partner } from '../partners/partner-opt-in.ts';
import { partnerOptIn } from '../partners/partner-opt-in.ts';
import type { Campaign } from './campaign.ts';
import { consentVersion, counterOf, textsFor } from './campaign.ts';

/**
 * The public view of a campaign for a reader's languages (`wanted`), with a fresh form token and
 * the opt-in of the partner the page named, when the campaign knows it.
 */
export function publicCampaign(
  campaign: Campaign,
  wanted: string | undefined,
  formToken: string,
  partner?: Partner,
): CampaignAnswer {
  const { lang, texts } = textsFor(campaign, wanted);
  const { strings: own, ...campaignTexts } = texts;
  const view: CampaignAnswer = {
    slug: campaign.slug,
    status: campaign.status,
    lang,
    languages: Object.keys(campaign.texts),
    target: campaign.target,
    texts: campaignTexts,
    strings: { ...interfaceStrings(lang), ...own },
    fields: campaign.fields,
    verification: campaign.verification,
    consentVersion: consentVersion(texts, lang),
    formToken,
    counter: counterOf(campaign),
  };
  // An unknown partner gets no opt-in: the widget draws without one, attribution only.
  if (partner) view.partner = partnerOptIn(partner, lang, campaign.defaultLang);
  return view;
}
