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
  /** Days the signers' personal data is kept after the campaign closes; null: until erased by hand. */
  retainDays: number | null;
  /** When the campaign last closed (null while it is not closed): the retention counts from it. */
  closedAt: number | null;
  /** When the server last erased its signers' personal data after the retention; null: never. */
  dataErasedAt: number | null;
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
      | 'retainDays'
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
    | 'retainDays'
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

/**
 * Campaign values that depend only on the campaign's texts, kept beside them rather than worked
 * out again for every signature. Keyed by the texts object itself: an update gives a campaign new
 * texts objects (storage reads them back from the row), never changes one in place, so an entry
 * cannot go stale, and it goes with its texts.
 */
const consentVersions = new WeakMap<CampaignTexts, Map<Language, string>>();
const languageChoices = new WeakMap<Campaign['texts'], Map<string, Language>>();
/** Readers' language lists are few on one campaign; a stranger's many or long ones are not kept. */
const MAX_CHOICES = 256;
const MAX_KEPT_LENGTH = 64;

/** A short hash of the consent texts a supporter was shown: the consent receipt's version. */
export function consentVersion(texts: CampaignTexts, lang: Language): string {
  let versions = consentVersions.get(texts);
  if (!versions) consentVersions.set(texts, (versions = new Map()));
  let version = versions.get(lang);
  if (version === undefined) {
    const shown = [lang, texts.deliveryNote, texts.privacyNote, texts.privacyUrl, texts.optInLabel];
    version = createHash('sha256').update(JSON.stringify(shown)).digest('hex').slice(0, 16);
    versions.set(lang, version);
  }
  return version;
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
  const lang = (wanted?.length ?? 0) <= MAX_KEPT_LENGTH ? keptChoice(campaign, wanted) : undefined;
  const chosen = lang ?? chooseLanguage(wanted, Object.keys(campaign.texts), campaign.defaultLang);
  return { lang: chosen, texts: campaign.texts[chosen] as CampaignTexts };
}

/** chooseLanguage's answer for this campaign and these languages, worked out once. */
function keptChoice(campaign: Campaign, wanted: string | undefined): Language {
  let choices = languageChoices.get(campaign.texts);
  if (!choices) languageChoices.set(campaign.texts, (choices = new Map()));
  const key = `${campaign.defaultLang} ${wanted ?? ''}`;
  let lang = choices.get(key);
  if (lang === undefined) {
    lang = chooseLanguage(wanted, Object.keys(campaign.texts), campaign.defaultLang);
    if (choices.size >= MAX_CHOICES) choices.clear();
    choices.set(key, lang);
  }
  return lang;
}
