/**
 * A campaign as the server holds it, and what follows from one without a database: its public
 * counter, the version of the consent texts a supporter was shown, the texts for a reader's
 * languages. Both storage engines hold campaigns of this shape (storage/campaign-row.ts maps a
 * row to one); the routes, the writers and the CLI read them through these helpers.
 */
import { createHash } from 'node:crypto';
import type {
  CampaignStatus,
  CampaignTexts,
  Counter,
  GoalMode,
  Language,
  OptionalField,
  Verification,
} from '../contract/public.ts';
import { chooseLanguage } from '../i18n/languages.ts';
import { goalAt } from './goal.ts';

/** A campaign as the server holds it. */
export interface Campaign {
  id: number;
  slug: string;
  status: CampaignStatus;
  target: string;
  defaultLang: Language;
  texts: Partial<Record<Language, CampaignTexts>>;
  fields: OptionalField[];
  allowedOrigins: string[];
  offset: number;
  goal: number | null;
  /** `email`: signatures count once confirmed (see contract/public.ts). */
  verification: Verification;
  /** Who the campaign's mails are from (their display name); null: the server's sender. */
  senderName: string | null;
  /** `auto`: the goal is the next step above the total (goal.ts); `goal` is then unused. */
  goalMode: GoalMode;
  /** The steps of `auto` mode, ascending; null: the default ladder. */
  goalSteps: readonly number[] | null;
  /** Counted signatures (neither flagged nor pending): `signature_count`, kept in step. */
  signatures: number;
  createdAt: number;
  updatedAt: number;
}

/** What it takes to create a campaign. */
export type NewCampaign = Pick<Campaign, 'slug' | 'target' | 'defaultLang' | 'texts'> &
  Partial<
    Pick<
      Campaign,
      | 'status'
      | 'fields'
      | 'allowedOrigins'
      | 'offset'
      | 'goal'
      | 'goalMode'
      | 'goalSteps'
      | 'verification'
      | 'senderName'
    >
  >;

/** What a new campaign asks of its signatures when it does not say: confirmation by email. */
export const DEFAULT_VERIFICATION: Verification = 'email';

/** What an update may change. */
export type CampaignPatch = Partial<
  Pick<
    Campaign,
    | 'status'
    | 'target'
    | 'defaultLang'
    | 'texts'
    | 'fields'
    | 'allowedOrigins'
    | 'offset'
    | 'goal'
    | 'verification'
    | 'senderName'
    | 'goalMode'
    | 'goalSteps'
  >
>;

/** The public counter of a campaign, with the goal that applies at its total. */
export function counterOf(campaign: Campaign): Counter {
  const total = campaign.signatures + campaign.offset;
  return {
    signatures: campaign.signatures,
    offset: campaign.offset,
    total,
    goal: goalAt(campaign, total),
    goalMode: campaign.goalMode,
  };
}

/** A short hash of the consent texts a supporter was shown: the consent receipt's version. */
export function consentVersion(texts: CampaignTexts, lang: Language): string {
  const shown = [lang, texts.deliveryNote, texts.privacyNote, texts.privacyUrl, texts.optInLabel];
  return createHash('sha256').update(JSON.stringify(shown)).digest('hex').slice(0, 16);
}

/**
 * Picks the campaign's texts for the reader's languages (`fr-CA,en`: see chooseLanguage), falling
 * back to the campaign's default. The interface follows the same choice, so a reader sees one
 * language, never the campaign in one and the buttons in another.
 */
export function textsFor(
  campaign: Campaign,
  wanted: string | undefined,
): { lang: Language; texts: CampaignTexts } {
  const lang = chooseLanguage(wanted, Object.keys(campaign.texts), campaign.defaultLang);
  return { lang, texts: campaign.texts[lang] as CampaignTexts };
}
