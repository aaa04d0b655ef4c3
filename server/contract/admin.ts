/**
 * The admin API's request schemas (bodies and query strings), shared by the routes, the CLI and
 * the OpenAPI document. Objects are strict: a misspelt field is an error, not silently dropped.
 *
 * What depends on the languages a server has (one file each in server/i18n/, read at start) is
 * made by a function of them: the contract names no language itself and reads no file.
 */
import * as z from 'zod';
import type { CampaignTexts } from './public.ts';
import { normaliseEmail } from './email.ts';
import { CAMPAIGN_STATUSES, GOAL_MODES, LIMITS, OPTIONAL_FIELDS, VERIFICATIONS } from './public.ts';
import { ADMIN_LIMITS, TEXT_LIMITS } from './admin-limits.ts';
import type { FieldWords, IssueLike } from './field-errors.ts';

/** A campaign slug: lower-case letters, digits and inner dashes, as it appears in URLs. */
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
/** The highest offset and goal: far above any petition, far below 2^53. */
const MAX_COUNT = 1_000_000_000;

const line = (max: number) => z.string().trim().min(1).max(max);
const prose = (max: number) => z.string().trim().min(1).max(max);

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}

/** The texts of a campaign in one language. */
export const campaignTextsSchema = z.strictObject({
  title: line(TEXT_LIMITS.title),
  description: prose(TEXT_LIMITS.description),
  callToAction: line(TEXT_LIMITS.callToAction),
  letter: prose(TEXT_LIMITS.letter),
  demands: z.array(prose(TEXT_LIMITS.demand)).max(TEXT_LIMITS.demands),
  deliveryNote: prose(TEXT_LIMITS.deliveryNote),
  privacyNote: prose(TEXT_LIMITS.privacyNote),
  privacyUrl: z.url({ protocol: /^https?$/ }).max(TEXT_LIMITS.privacyUrl),
  optInLabel: prose(TEXT_LIMITS.optInLabel),
  photoCredit: line(TEXT_LIMITS.photoCredit).optional(),
  strings: z.record(z.string().max(64), z.string().max(500)).optional(),
});
// A compile-time check that the schema yields what the server stores.
const textsMatch: (texts: z.infer<typeof campaignTextsSchema>) => CampaignTexts = (texts) => texts;
void textsMatch;

const fields = z
  .array(z.enum(OPTIONAL_FIELDS))
  .max(OPTIONAL_FIELDS.length)
  .refine((list) => new Set(list).size === list.length);
const allowedOrigins = z.array(z.string().max(200).refine(isOrigin)).max(50);
const offset = z.number().int().min(0).max(MAX_COUNT);
const goal = z.number().int().min(1).max(MAX_COUNT).nullable();
const verification = z.enum(VERIFICATIONS);
/** A sender's display name: one line, no angle brackets or quotes (it goes in a From header). */
const senderName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[^<>"\\\r\n\p{Cc}]+$/u)
  .nullable();
const goalMode = z.enum(GOAL_MODES);
/** An auto goal's own steps, kept sorted and without repeats; null: the default ladder. */
const goalSteps = z
  .array(z.number().int().min(1).max(MAX_COUNT))
  .min(1)
  .max(ADMIN_LIMITS.goalSteps)
  .transform((steps) => [...new Set(steps)].sort((a, b) => a - b))
  .nullable();
/** Days the signers' personal data is kept after closing (at most ten years); null: no limit. */
const retainDays = z.number().int().min(1).max(ADMIN_LIMITS.retainDays).nullable();
/** The languages a server has: at least one. */
export type Languages = readonly [string, ...string[]];

/** The campaign bodies for a server with these languages (POST and PATCH). */
export function campaignSchemas(languages: Languages) {
  const texts = z.partialRecord(z.enum(languages), campaignTextsSchema);

  /** POST /api/admin/campaigns. */
  const createCampaignSchema = z
    .strictObject({
      slug: z.string().regex(SLUG_PATTERN),
      target: line(ADMIN_LIMITS.target),
      defaultLang: z.enum(languages),
      texts,
      status: z.enum(CAMPAIGN_STATUSES).optional(),
      fields: fields.optional(),
      allowedOrigins: allowedOrigins.optional(),
      offset: offset.optional(),
      offsetReason: line(ADMIN_LIMITS.reason).optional(),
      goal: goal.optional(),
      verification: verification.optional(),
      senderName: senderName.optional(),
      goalMode: goalMode.optional(),
      goalSteps: goalSteps.optional(),
      retainDays: retainDays.optional(),
    })
    .superRefine((body, context) => {
      if (!body.texts[body.defaultLang]) {
        const message = 'texts in the default language';
        context.addIssue({ code: 'custom', path: ['texts'], message });
      }
    });

  /** PATCH /api/admin/campaigns/{slug}: any of these; texts are replaced language by language. */
  const patchCampaignSchema = z
    .strictObject({
      status: z.enum(CAMPAIGN_STATUSES).optional(),
      target: line(ADMIN_LIMITS.target).optional(),
      defaultLang: z.enum(languages).optional(),
      texts: texts.optional(),
      fields: fields.optional(),
      allowedOrigins: allowedOrigins.optional(),
      goal: goal.optional(),
      goalMode: goalMode.optional(),
      goalSteps: goalSteps.optional(),
      offset: offset.optional(),
      offsetReason: line(ADMIN_LIMITS.reason).optional(),
      verification: verification.optional(),
      senderName: senderName.optional(),
      retainDays: retainDays.optional(),
    })
    .superRefine((body, context) => {
      // The counter is public: a change to it is only made with a reason on record.
      if (body.offset !== undefined && body.offsetReason === undefined) {
        context.addIssue({
          code: 'custom',
          path: ['offsetReason'],
          message: 'required with offset',
        });
      }
      if (body.offsetReason !== undefined && body.offset === undefined) {
        context.addIssue({
          code: 'custom',
          path: ['offset'],
          message: 'required with offsetReason',
        });
      }
    });

  return { createCampaignSchema, patchCampaignSchema };
}
type CampaignSchemas = ReturnType<typeof campaignSchemas>;
export type CreateCampaignBody = z.infer<CampaignSchemas['createCampaignSchema']>;
export type PatchCampaignBody = z.infer<CampaignSchemas['patchCampaignSchema']>;

/** POST /api/admin/keys. */
export const createKeySchema = z
  .strictObject({
    label: line(ADMIN_LIMITS.keyLabel),
    partner: z.string().regex(SLUG_PATTERN).max(LIMITS.partner).optional(),
    campaign: z.string().regex(SLUG_PATTERN).optional(),
  })
  .superRefine((body, context) => {
    // A partner key is scoped to one partner of one campaign: both or neither.
    if ((body.partner === undefined) !== (body.campaign === undefined)) {
      const missing = body.partner === undefined ? 'partner' : 'campaign';
      context.addIssue({
        code: 'custom',
        path: [missing],
        message: 'partner and campaign go together',
      });
    }
  });

const instant = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .transform((value) => Date.parse(value));
const yesNo = z.enum(['true', 'false']).transform((value) => value === 'true');

/** GET /api/admin/campaigns/{slug}/signatures: paging and filters. */
export const signaturesQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100).describe('Rows a page.'),
  cursor: z.string().max(100).optional().describe('The nextCursor of the previous page.'),
  from: instant.optional().describe('Signed at or after (ISO date or date-time; dates are UTC).'),
  to: instant.optional().describe('Signed before (exclusive).'),
  partner: z
    .string()
    .min(1)
    .max(LIMITS.partner)
    .optional()
    .describe('Signed through this partner.'),
  optIn: yesNo.optional().describe('Opted in to further contact, or not.'),
  partnerOptIn: yesNo.optional().describe('Opted in to the partner they signed through, or not.'),
  flagged: yesNo.optional().describe('Suspect rows (kept, not counted), or counted ones only.'),
  pending: yesNo
    .optional()
    .describe('Rows waiting for their email confirmation (not counted yet), or the others.'),
  reviewed: yesNo
    .optional()
    .describe(
      'Rows a person has decided on (counted, flagged or kept flagged), or not yet; with ' +
        'flagged=true, reviewed=false is the pile left to review.',
    ),
});
export type SignaturesQuery = z.infer<typeof signaturesQuerySchema>;

/**
 * POST /api/admin/campaigns/{slug}/signatures/search: a person's rows, by email (in a body, not a
 * query string, so the address never lands in a proxy's access log). Normalised as signing does.
 */
export const searchSignaturesSchema = z.strictObject({
  email: z
    .string()
    .min(1)
    .max(LIMITS.email + 20)
    .transform(normaliseEmail),
});

/**
 * PATCH /api/admin/signatures/{id}: count a flagged signature (`flagged: false`, a reason
 * optional) or flag a counted one by hand (`flagged: true` with a reason). Both are audited.
 */
export const patchSignatureSchema = z
  .strictObject({
    flagged: z.boolean().describe('false: count it; true: flag it (not counted).'),
    reason: line(ADMIN_LIMITS.reason)
      .optional()
      .describe('Why: kept in the audit log; required to flag.'),
  })
  .superRefine((body, context) => {
    if (body.flagged && body.reason === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['reason'],
        message: 'required to flag a signature',
      });
    }
  });
export type PatchSignatureBody = z.infer<typeof patchSignatureSchema>;

/**
 * The flags a bulk release may lift. `rate_overflow` says nothing of the client: an older version
 * gave it to every new client while its rate window was full. The other flags each caught what a
 * client did (its burst, a honeypot, a forged token): lifting them all at once would count the
 * flood they caught, so they are decided one by one.
 */
export const BULK_RELEASABLE = ['rate_overflow'] as const;

/** POST /api/admin/campaigns/{slug}/flags/release: count every unreviewed row with this flag. */
export const releaseFlaggedSchema = z.strictObject({
  flag: z.enum(BULK_RELEASABLE).describe('The flag whose rows to count.'),
  reason: line(ADMIN_LIMITS.reason)
    .optional()
    .describe("Why: kept in each released row's audit entry."),
});
export type ReleaseFlaggedBody = z.infer<typeof releaseFlaggedSchema>;

const TEXT_FIELDS: readonly string[] = Object.keys(campaignTextsSchema.shape);

/**
 * What is wrong in a campaign's texts: the language and the text, named only when they are ours
 * (a hostile key is never echoed), and the rule broken.
 */
function textsRule(languages: Languages, issue: IssueLike): string {
  const [, lang, name] = issue.path;
  if (lang === undefined && issue.code === 'custom') {
    return 'Texts must include the default language (defaultLang).';
  }
  if (typeof lang !== 'string' || !languages.includes(lang)) {
    return `Texts are given by language, one of: ${languages.join(', ')}.`;
  }
  if (typeof name !== 'string' || !TEXT_FIELDS.includes(name)) {
    return `Texts (${lang}) hold ${TEXT_FIELDS.join(', ')}; no other field.`;
  }
  if (issue.code === 'too_big' && issue.maximum !== undefined) {
    const unit = issue.origin === 'array' ? 'items' : 'characters';
    return `Texts (${lang}): ${name} is at most ${issue.maximum} ${unit}.`;
  }
  if (issue.code === 'too_small' || issue.code === 'invalid_type') {
    return `Texts (${lang}): ${name} is required.`;
  }
  if (name === 'privacyUrl') return `Texts (${lang}): privacyUrl is an http or https address.`;
  return `Texts (${lang}): ${name} is not valid.`;
}

/**
 * What a field with a format may hold, for a server with these languages: the message of a 422
 * names the rule, not just the field.
 */
export const adminRules = (languages: Languages): FieldWords['rules'] => ({
  texts: (issue) => textsRule(languages, issue),
  privacyUrl: `Privacy URL is an http or https address of at most ${ADMIN_LIMITS.url} characters.`,
  optInText: `Opt-in text gives, for at least one language (${languages.join(', ')}), a text of 1 to ${ADMIN_LIMITS.optInText} characters.`,
  partner:
    'Partner is a slug: lower-case letters a-z, digits and dashes (not first or last), 1 to 64 characters.',
  goal: 'Goal is a whole number from 1 to 1000000000, or null for none.',
  verification: `Verification is one of: ${VERIFICATIONS.join(', ')}.`,
  senderName:
    'Sender name is 1 to 100 characters on one line, without < > " or \\, or null for the server\'s.',
  goalMode: 'Goal mode is fixed (the goal set) or auto (the next step above the total).',
  goalSteps: `Goal steps are 1 to ${ADMIN_LIMITS.goalSteps} whole numbers from 1 to 1000000000, or null for the default steps (100, 250, 500, 1000, 2500, ...).`,
  offset: 'Offset is a whole number from 0 to 1000000000.',
  retainDays:
    'Retention is a whole number of days from 1 to 3650 after the campaign closes, or null to keep the data until erased by hand.',
  slug:
    'Slug may hold only lower-case letters a-z, digits and dashes (not first or last), ' +
    '1 to 64 characters, as in el-salvador.',
  allowedOrigins:
    'Allowed origins are at most 50 origins such as https://example.org (scheme and host, ' +
    'no path or trailing slash).',
  fields: `Fields is a list without repeats of: ${OPTIONAL_FIELDS.join(', ')}.`,
  cursor: 'Cursor is the nextCursor of a previous page.',
  from: 'From is an ISO date (2026-11-29) or date-time with an offset (2026-11-29T10:00:00Z).',
  to: 'To is an ISO date (2026-11-29) or date-time with an offset (2026-11-29T10:00:00Z).',
  optIn: 'Opt-in is true or false.',
  flagged: 'Flagged is true or false.',
  pending: 'Pending is true or false.',
  reviewed: 'Reviewed is true or false.',
});
