/**
 * Zod schemas of the API's answers, for the OpenAPI document. The request schemas are the ones the
 * server validates with; the answers are TypeScript interfaces elsewhere, so each schema here is
 * checked against its interface at compile time (the `matches` lines) and cannot drift silently.
 */
import * as z from 'zod';
import { campaignTextsSchema } from '../contract/admin.ts';
import type { Counter, Problem, RecentAnswer, SignResult } from '../contract/public.ts';
import {
  CAMPAIGN_STATUSES,
  GOAL_MODES,
  OPTIONAL_FIELDS,
  VERIFICATIONS,
} from '../contract/public.ts';
import type { CampaignAnswer, InterfaceStrings } from '../i18n/interface-strings.ts';
import { interfaceStrings, LANGUAGES } from '../i18n/languages.ts';
import type { AuditEntry } from '../storage/audit-record.ts';
import type { GoalReached } from '../storage/goal-history.ts';
import { AUDIT_ACTIONS } from '../storage/audit-record.ts';
import type { AdminCampaign, partnerCampaignView } from '../campaigns/admin-campaigns.ts';
import type { AdminKeyInfo } from '../storage/actor.ts';
import type { AdminSignature } from '../storage/admin-signature.ts';
import type { CampaignStats, PartnerStats } from '../storage/stats-storage.ts';

/** Compile-time only: T's values are assignable to U. */
function matches<U>() {
  return <T extends z.ZodType<U>>(schema: T) => schema;
}

const instant = z.iso.datetime();

/** The interface texts, key by key as English has them; a plural is an object of forms. */
export const interfaceStringsSchema = z
  .strictObject(
    Object.fromEntries(
      Object.entries(interfaceStrings('en')).map(([key, value]) => [
        key,
        typeof value === 'string' ? z.string() : z.record(z.string(), z.string()),
      ]),
    ),
  )
  .describe(
    'The interface texts in `lang` (server/i18n/<lang>.json).',
  ) as unknown as z.ZodType<InterfaceStrings>;
// (Built from the file at run time, so its type is asserted: languages.ts checks every file's shape.)
const language = z.enum(LANGUAGES);

export const problemSchema = matches<Problem>()(
  z.object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    errors: z
      .array(
        z.object({
          field: z.string(),
          code: z.enum(['required', 'too_long', 'invalid']),
          message: z.string(),
        }),
      )
      .optional(),
  }),
);

export const recentSchema = matches<RecentAnswer>()(
  z.object({
    recent: z
      .array(
        z.object({
          firstName: z.string(),
          city: z.string(),
          minutesAgo: z.number().int().min(0),
        }),
      )
      .max(20)
      .describe(
        'Newest first: counted signatures whose supporter ticked showInRecent, never flagged or unconfirmed ones.',
      ),
  }),
);

export const counterSchema = matches<Counter>()(
  z.object({
    signatures: z.number().int(),
    offset: z.number().int(),
    total: z.number().int(),
    goal: z
      .number()
      .int()
      .nullable()
      .describe(
        'The goal that applies now: the fixed one, or in auto mode the next step above the total.',
      ),
    goalMode: z.enum(GOAL_MODES),
  }),
);

export const publicCampaignSchema = matches<CampaignAnswer>()(
  z.object({
    slug: z.string(),
    status: z.enum(CAMPAIGN_STATUSES),
    lang: language,
    languages: z.array(language),
    target: z.string(),
    texts: campaignTextsSchema.omit({ strings: true }),
    strings: interfaceStringsSchema,
    fields: z.array(z.enum(OPTIONAL_FIELDS)),
    verification: z
      .enum(VERIFICATIONS)
      .describe('`email`: a signature counts once confirmed by the link mailed to the supporter.'),
    consentVersion: z.string(),
    formToken: z.string(),
    counter: counterSchema,
    partner: z
      .object({
        slug: z.string(),
        name: z.string(),
        privacyUrl: z.string(),
        lang: language,
        text: z.string(),
        version: z.string(),
      })
      .optional()
      .describe("The partner's own opt-in, when `partner` names one the campaign knows."),
  }),
);

export const signResultSchema = matches<SignResult>()(
  z.object({
    status: z
      .enum(['signed', 'already_signed', 'check_email'])
      .describe(
        'signed (201) or already_signed (200) without verification; check_email (200) on a campaign with email verification, whatever the address has done before.',
      ),
    counter: counterSchema,
  }),
);

export const adminCampaignSchema = matches<AdminCampaign>()(
  z.object({
    id: z.number().int(),
    slug: z.string(),
    status: z.enum(CAMPAIGN_STATUSES),
    target: z.string(),
    defaultLang: language,
    texts: z.partialRecord(language, campaignTextsSchema),
    fields: z.array(z.enum(OPTIONAL_FIELDS)),
    allowedOrigins: z.array(z.string()),
    goal: z.number().int().nullable().describe('The goal of fixed mode (null: none).'),
    goalMode: z
      .enum(GOAL_MODES)
      .describe('fixed: the goal above; auto: the next step above the total (goalSteps).'),
    goalSteps: z
      .array(z.number().int())
      .nullable()
      .describe(
        'The steps of auto mode, ascending; null: 100, 250, 500, 1000, 2500, ... (1, 2.5, 5 a decade). Past the last step listed, that ladder carries on.',
      ),
    offset: z.number().int(),
    verification: z.enum(VERIFICATIONS),
    senderName: z.string().nullable(),
    retainDays: z
      .number()
      .int()
      .nullable()
      .describe(
        "Days the signers' personal data is kept after the campaign closes; then the server erases names, emails and cities (counts and statistics kept, the erasure audited). null: kept until erased by hand.",
      ),
    closedAt: instant.nullable().describe('When the campaign last closed; null while not closed.'),
    eraseAt: instant
      .nullable()
      .describe(
        'When the server will erase the personal data (closedAt + retainDays); null when not closed or without a retention. The console warns 14 days before.',
      ),
    dataErasedAt: instant
      .nullable()
      .describe('When the server last erased the personal data after the retention; null: never.'),
    counter: counterSchema,
    createdAt: instant,
    updatedAt: instant,
  }),
);

/** What a partner key sees of its campaign (partnerCampaignView). */
export const partnerCampaignSchema = matches<ReturnType<typeof partnerCampaignView>>()(
  adminCampaignSchema.pick({
    slug: true,
    status: true,
    target: true,
    defaultLang: true,
    texts: true,
    fields: true,
    goal: true,
    goalMode: true,
    counter: true,
  }),
);

const confirmedAt = instant
  .nullable()
  .describe(
    'When the address was confirmed by the mailed link; null: not (yet) confirmed by email.',
  );

export const adminSignatureSchema = matches<AdminSignature>()(
  z.object({
    id: z.number().int(),
    firstName: z.string(),
    lastName: z.string(),
    email: z.string(),
    city: z.string(),
    postalCode: z.string().nullable(),
    country: z.string().nullable(),
    optIn: z.boolean(),
    consent: z
      .object({
        version: z.string(),
        lang: z.string(),
        at: instant,
        confirmedAt,
        showInRecent: z
          .boolean()
          .describe('Asked for their first name and city among the recent signatures.'),
      })
      .describe(
        'The consent receipt. On a campaign with email verification, an opt-in counts as given only once confirmed.',
      ),
    partnerConsent: z
      .object({
        optIn: z.boolean(),
        version: z.string(),
        lang: z.string(),
        at: instant,
        confirmedAt,
      })
      .nullable()
      .describe("The partner's opt-in receipt; null when no known partner's opt-in was offered."),
    partner: z.string().nullable(),
    origin: z.string().nullable(),
    referrer: z.string().nullable(),
    utm: z.record(z.string(), z.string()).nullable(),
    flagged: z.string().nullable().describe('Why the signature is suspect (not counted), or null.'),
    pending: z
      .boolean()
      .describe(
        'Waiting for its email confirmation: not counted, not in the delivery export, not sent to webhooks.',
      ),
    createdAt: instant,
    reviewedAt: instant
      .nullable()
      .describe('When a person last decided on it (counted, flagged, kept flagged); null: never.'),
  }),
);

export const signaturePageSchema = z.object({
  data: z.array(adminSignatureSchema),
  nextCursor: z
    .string()
    .nullable()
    .describe('Pass as `cursor` for the next page; null on the last.'),
});

const partnerCounts = {
  signatures: z.number().int().describe('Counted signatures the partner brought.'),
  optedIn: z.number().int().describe('Of them, opted in to the host.'),
  partnerOptedIn: z.number().int().describe('Of them, opted in to the partner.'),
};

/** One partner's counts, in all and by day. */
export const partnerStatsSchema = matches<PartnerStats>()(
  z.object({ ...partnerCounts, byDay: z.array(z.object({ day: z.iso.date(), ...partnerCounts })) }),
);

export const partnerKeyStatsSchema = partnerStatsSchema.extend({
  counter: counterSchema,
  partner: z.string(),
});

const ranked = <T extends z.ZodRawShape>(shape: T) =>
  z.array(z.object({ ...shape, signatures: z.number().int() }));

export const statsSchema = matches<CampaignStats & { counter: Counter }>()(
  z.object({
    counter: counterSchema,
    signatures: z.number().int(),
    flagged: z.number().int(),
    flaggedToReview: z
      .number()
      .int()
      .describe(
        'Flagged rows nobody has decided on yet (the signatures list with reviewed=false).',
      ),
    flaggedByReason: z
      .array(z.object({ reason: z.string(), signatures: z.number().int() }))
      .describe(
        'Flagged rows by reason: rate_burst, rate_sustained, rate_overflow, honeypot, token_*, too_fast, manual.',
      ),
    optedIn: z.number().int(),
    optInRate: z.number().min(0).max(1),
    pending: z
      .number()
      .int()
      .describe('Unflagged signatures waiting for their email confirmation (not counted yet).'),
    confirmed: z.number().int().describe('Counted signatures confirmed by the mailed link.'),
    unconfirmedDeleted: z
      .number()
      .int()
      .describe('Unconfirmed signatures deleted after the retention (PETITION_CONFIRM_KEEP_DAYS).'),
    confirmationRate: z
      .number()
      .min(0)
      .max(1)
      .describe('confirmed / (confirmed + pending + unconfirmedDeleted).'),
    bounced: z.number().int().describe('Confirmation mails refused for good (SMTP 5xx).'),
    byDay: z.array(
      z.object({
        day: z.iso.date(),
        signatures: z.number().int(),
        pending: z.number().int().describe('Signed that day and still waiting for confirmation.'),
      }),
    ),
    byPartner: z.array(partnerStatsSchema.extend({ partner: z.string().nullable() })),
    byCountry: ranked({ country: z.string().nullable() }),
    byCity: ranked({ country: z.string().nullable(), city: z.string() }),
  }),
);

export const goalReachedSchema = matches<GoalReached>()(
  z.object({
    goal: z.number().int(),
    total: z.number().int().describe('The total that reached it.'),
    reachedAt: instant,
  }),
);

export const auditEntrySchema = matches<AuditEntry>()(
  z.object({
    id: z.number().int(),
    action: z.enum(AUDIT_ACTIONS),
    actor: z.enum(['key', 'token', 'cli', 'server']),
    keyId: z.number().int().nullable(),
    oldValue: z.number().int().nullable(),
    newValue: z
      .number()
      .int()
      .nullable()
      .describe('offset: the new offset; create: the starting one; erasure: rows erased.'),
    reason: z.string().nullable(),
    signatureId: z
      .number()
      .int()
      .nullable()
      .describe('flag, unflag and keep: the signature decided on.'),
    flag: z
      .string()
      .nullable()
      .describe(
        "flag: the reason code set ('manual'); unflag: the one lifted; keep: the one kept.",
      ),
    at: instant,
  }),
);

export const keyInfoSchema = matches<AdminKeyInfo>()(
  z.object({
    id: z.number().int(),
    label: z.string(),
    createdAt: instant,
    revokedAt: instant.nullable(),
    lastUsedAt: instant.nullable(),
    scope: z
      .object({ campaignId: z.number().int(), partner: z.string() })
      .nullable()
      .describe("A partner key's campaign and partner; null for an admin key."),
  }),
);

export const keyRevokedSchema = keyInfoSchema.extend({
  disabledWebhooks: z
    .array(z.object({ id: z.number().int(), url: z.string() }))
    .describe('The webhooks this key made, stopped by this revocation (reason "key revoked").'),
});

export const keyCreatedSchema = keyInfoSchema.extend({
  key: z.string().describe('Shown this once; only its hash is kept.'),
});

export const erasedSchema = z.object({
  status: z.literal('erased'),
  rows: z.number().int().describe("The person's rows erased: the one named, any flagged repeats."),
  counter: counterSchema.nullable(),
});

export const flagDecisionSchema = z.object({
  id: z.number().int(),
  flagged: z.string().nullable().describe('The flag reason now, or null: counted.'),
  changed: z.boolean().describe('Whether it moved in or out of the count.'),
  reviewedAt: instant
    .nullable()
    .describe('When a person last decided on it: now, unless it was counted already (a no-op).'),
  counter: counterSchema.nullable(),
});

/** `{data: [...]}` lists. */
export const listOf = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item) });
