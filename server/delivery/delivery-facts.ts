/**
 * What a delivery pack states besides the signers, gathered before its first page: the campaign's
 * texts in the pack's language, the counted rows the list will hold, the offset with the reason
 * its audit row gave, the first and last day signatures were made, and the counts by place. Only
 * counted rows (neither flagged nor waiting for their confirmation) appear anywhere in a pack.
 */
import type { Campaign } from '../campaigns/campaign.ts';
import { textsFor } from '../campaigns/campaign.ts';
import type { CampaignTexts, Language } from '../contract/public.ts';
import type { CampaignStats } from '../storage/stats-storage.ts';
import type { Storage } from '../storage/storage.ts';
import { deliveryWords } from './delivery-texts.ts';

export interface DeliveryFacts {
  lang: Language;
  texts: CampaignTexts;
  target: string;
  /** Counted signatures when the pack began (the list should hold as many). */
  listed: number;
  offset: number;
  /** The reason recorded with the offset's last change (or its creation); null when none. */
  offsetReason: string | null;
  /** First and last day (UTC midnight, ms) with a counted signature; null when none. */
  firstSigned: number | null;
  lastSigned: number | null;
  /** When the pack was made. */
  now: number;
  byCountry: CampaignStats['byCountry'];
  byCity: CampaignStats['byCity'];
  /** A country's name in the pack's language (ISO 3166 code otherwise). */
  countryName: (code: string) => string;
}

/** The offset's reason: the last audit row that set the offset to its value now. */
function offsetReason(
  trail: Awaited<ReturnType<Storage['auditTrail']>>,
  offset: number,
): string | null {
  for (let i = trail.length - 1; i >= 0; i--) {
    const entry = trail[i];
    if (entry.action !== 'offset' && entry.action !== 'create') continue;
    return entry.newValue === offset ? entry.reason : null;
  }
  return null;
}

/** The facts of a pack of `campaign` in `wanted` (its default language when it has no texts). */
export async function deliveryFacts(
  storage: Pick<Storage, 'exports' | 'stats' | 'auditTrail'>,
  campaign: Campaign,
  wanted: string | undefined,
  now = Date.now(),
): Promise<DeliveryFacts> {
  const { lang, texts } = textsFor(campaign, wanted ?? campaign.defaultLang);
  const [listed, stats, trail] = await Promise.all([
    storage.exports.count('delivery', campaign.id),
    storage.stats.of(campaign.id),
    storage.auditTrail(campaign.id),
  ]);
  const days = stats.byDay.filter((day) => day.signatures > 0).map((day) => Date.parse(day.day));
  const names = new Intl.DisplayNames([deliveryWords(lang).texts.locale], { type: 'region' });
  return {
    lang,
    texts,
    target: campaign.target,
    listed: Number(listed),
    offset: campaign.offset,
    offsetReason: offsetReason(trail, campaign.offset),
    firstSigned: days.length ? days[0] : null,
    lastSigned: days.length ? days[days.length - 1] : null,
    now,
    byCountry: stats.byCountry,
    byCity: stats.byCity,
    countryName: (code) => {
      try {
        return names.of(code) ?? code;
      } catch {
        return code;
      }
    },
  };
}
