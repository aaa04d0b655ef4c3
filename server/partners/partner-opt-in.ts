/**
 * A partner's opt-in as a supporter is shown it: the partner's name, its privacy link and its
 * sentence in one language, with a version hash the consent receipt keeps. No database here: the
 * public campaign read and the signing route both call it on a partner the store returned.
 */
import { createHash } from 'node:crypto';
import type { Language, PartnerOptIn } from '../contract/public.ts';

/** A partner of a campaign, as the server holds it. */
export interface Partner {
  id: number;
  campaignId: number;
  slug: string;
  name: string;
  privacyUrl: string;
  optInText: Partial<Record<Language, string>>;
  createdAt: number;
  updatedAt: number;
}

/**
 * The opt-in in the reader's language, else the campaign's language, else the first the partner
 * wrote: a partner that wrote only English still gets its box on a French page, in English.
 */
export function partnerOptIn(partner: Partner, ...wanted: (string | undefined)[]): PartnerOptIn {
  const languages = Object.keys(partner.optInText) as Language[];
  const lang =
    (wanted.find((code) => languages.includes(code as Language)) as Language) ?? languages[0];
  const text = partner.optInText[lang] as string;
  const shown = [lang, partner.name, partner.privacyUrl, text];
  const version = createHash('sha256').update(JSON.stringify(shown)).digest('hex').slice(0, 16);
  return {
    slug: partner.slug,
    name: partner.name,
    privacyUrl: partner.privacyUrl,
    lang,
    text,
    version,
  };
}

/** What an admin (and the partner's own key) sees of a partner. */
export function partnerView(partner: Partner) {
  return {
    slug: partner.slug,
    name: partner.name,
    privacyUrl: partner.privacyUrl,
    optInText: partner.optInText,
    createdAt: new Date(partner.createdAt).toISOString(),
    updatedAt: new Date(partner.updatedAt).toISOString(),
  };
}
export type PartnerView = ReturnType<typeof partnerView>;
