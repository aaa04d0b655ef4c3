/**
 * The admin contract for the languages this server has (its files in server/i18n/): campaign
 * bodies accept these languages' texts, and the rules of a 422 name them.
 */
import { adminRules, campaignSchemas } from '../contract/admin.ts';
import { LANGUAGES } from '../i18n/languages.ts';

export const { createCampaignSchema, patchCampaignSchema } = campaignSchemas(LANGUAGES);

/** What a field with a format may hold (see contract/admin.ts). */
export const ADMIN_RULES = adminRules(LANGUAGES);
