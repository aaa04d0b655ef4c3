/**
 * The partner routes' request schemas, shared by the admin API, the CLI and the OpenAPI
 * document. Strict objects, as the rest of the admin contract: a misspelt field is an error.
 */
import * as z from 'zod';
import { SLUG_PATTERN } from '../contract/admin.ts';
import { ADMIN_LIMITS } from '../contract/admin-limits.ts';
import { LIMITS } from '../contract/public.ts';
import { LANGUAGES } from '../i18n/languages.ts';

const line = (max: number) => z.string().trim().min(1).max(max);

/** {en: "Yes, Oxfam Canada may email me ...", fr: ...}: at least one language. */
const optInText = z
  .partialRecord(z.enum(LANGUAGES), line(ADMIN_LIMITS.optInText))
  .refine((texts) => Object.keys(texts).length > 0, { message: 'at least one language' });

/** A partner's slug: what pages send as `data-partner`. */
export const partnerSlugSchema = z.string().max(LIMITS.partner).regex(SLUG_PATTERN);

/** POST /api/admin/campaigns/{slug}/partners. */
export const createPartnerSchema = z.strictObject({
  slug: partnerSlugSchema,
  name: line(ADMIN_LIMITS.partnerName),
  privacyUrl: z.url({ protocol: /^https?$/ }).max(ADMIN_LIMITS.url),
  optInText,
});
export type CreatePartnerBody = z.infer<typeof createPartnerSchema>;

/** PATCH .../partners/{partner}: any of these; optInText is replaced language by language. */
export const patchPartnerSchema = z.strictObject({
  name: line(ADMIN_LIMITS.partnerName).optional(),
  privacyUrl: z
    .url({ protocol: /^https?$/ })
    .max(ADMIN_LIMITS.url)
    .optional(),
  optInText: optInText.optional(),
});
export type PatchPartnerBody = z.infer<typeof patchPartnerSchema>;
