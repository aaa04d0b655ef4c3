/** A campaign held in memory only, for tests of what needs no database. */
import type { Campaign } from '../../server/campaigns/campaign.ts';
import type { CampaignTexts } from '../../server/contract/public.ts';

/** Texts in one language; `title` tells them apart. */
export const campaignTexts = (title: string): CampaignTexts => ({
  title,
  description: 'd',
  callToAction: 'c',
  letter: 'l',
  demands: [],
  deliveryNote: 'n',
  privacyNote: 'p',
  privacyUrl: 'https://example.org/privacy',
  optInLabel: 'o',
});

/** An open campaign in English, changed by `extra`. */
export function memoryCampaign(extra: Partial<Campaign> = {}): Campaign {
  return {
    id: 1,
    slug: 's',
    status: 'open',
    target: 't',
    defaultLang: 'en',
    texts: { en: campaignTexts('English') },
    fields: [],
    allowedOrigins: [],
    offset: 0,
    goal: null,
    verification: 'none',
    senderName: null,
    goalMode: 'fixed',
    goalSteps: null,
    retainDays: null,
    closedAt: null,
    dataErasedAt: null,
    signatures: 0,
    createdAt: 0,
    updatedAt: 0,
    ...extra,
  };
}
