/** The admin routes as operations: each behind the bearer scheme, each with its 401. */
import * as z from 'zod';
import { createCampaignSchema, patchCampaignSchema } from '../campaigns/admin-contract.ts';
import {
  createKeySchema,
  searchSignaturesSchema,
  signaturesQuerySchema,
} from '../contract/admin.ts';
import { FLAG_OPERATIONS } from './flags.ts';
import type { Operation } from './operations.ts';
import { answer, BODY_ERRORS, CAMPAIGN, UNKNOWN } from './operations.ts';
import * as answers from './schemas.ts';

const csv = (kind: string, description: string): Operation => ({
  id: `export${kind[0].toUpperCase()}${kind.slice(1)}`,
  method: 'get',
  path: `${CAMPAIGN}/${kind}.csv`,
  summary: `Export ${kind}.csv`,
  description,
  admin: true,
  responses: {
    200: answer(
      'RFC 4180, UTF-8 with BOM, CRLF; streamed as an attachment.',
      undefined,
      'text/csv',
    ),
  },
  errors: UNKNOWN,
});

/** An admin operation: the bearer scheme and the 401 come with it. */
const admin = (
  id: string,
  method: Operation['method'],
  path: string,
  summary: string,
  responses: Operation['responses'],
  more: Partial<Operation> = {},
): Operation => ({ id, method, path, summary, responses, admin: true, ...more });

export const ADMIN_OPERATIONS: readonly Operation[] = [
  admin(
    'whoAmI',
    'get',
    '/api/admin/me',
    'Who this key is: an admin, or one partner of one campaign',
    {
      200: answer(
        "The key's role and, for a partner key, its campaign and partner.",
        z.object({
          role: z.enum(['admin', 'partner']),
          actor: z.enum(['key', 'token', 'cli']),
          keyId: z.number().int().nullable(),
          scope: z.object({ campaign: z.string().nullable(), partner: z.string() }).nullable(),
        }),
      ),
    },
  ),
  admin('listKeys', 'get', '/api/admin/keys', 'List admin keys (never the keys)', {
    200: answer('Keys.', answers.listOf(answers.keyInfoSchema)),
  }),
  admin(
    'createKey',
    'post',
    '/api/admin/keys',
    'Make an admin key, or a partner key (with partner and campaign)',
    { 201: answer('The key, shown this once.', answers.keyCreatedSchema) },
    {
      description:
        'A partner key sees one partner of one campaign, read-only: the campaign, its stats for ' +
        'that partner, the signatures that partner brought that opted in to it (list, CSV), and ' +
        'its own webhooks. Every other admin route answers 403.',
      body: createKeySchema,
      errors: BODY_ERRORS,
    },
  ),
  admin(
    'revokeKey',
    'delete',
    '/api/admin/keys/{id}',
    'Revoke an admin key; the webhooks it made stop with it',
    { 200: answer('The revoked key, and its webhooks stopped now.', answers.keyRevokedSchema) },
    { errors: { 404: 'No such key.' } },
  ),
  admin(
    'listLanguages',
    'get',
    '/api/admin/languages',
    'The languages this server speaks (campaign texts may be in these only)',
    {
      200: answer(
        'Each language: its tag, its direction and its interface texts.',
        answers.listOf(
          z.object({
            tag: z.string(),
            dir: z.enum(['ltr', 'rtl']),
            strings: answers.interfaceStringsSchema,
          }),
        ),
      ),
    },
  ),
  admin('listCampaigns', 'get', '/api/admin/campaigns', 'List campaigns, newest first', {
    200: answer('Campaigns.', answers.listOf(answers.adminCampaignSchema)),
  }),
  admin(
    'createCampaign',
    'post',
    '/api/admin/campaigns',
    'Create a campaign (a draft unless status says otherwise)',
    { 201: answer('Created (Location header).', answers.adminCampaignSchema) },
    { body: createCampaignSchema, errors: { ...BODY_ERRORS, 409: 'The slug is taken.' } },
  ),
  admin(
    'getAdminCampaign',
    'get',
    CAMPAIGN,
    'Read a campaign, drafts included',
    {
      200: answer(
        'The campaign (a partner key: what it runs on).',
        z.union([answers.adminCampaignSchema, answers.partnerCampaignSchema]),
      ),
    },
    { errors: UNKNOWN },
  ),
  admin(
    'patchCampaign',
    'patch',
    CAMPAIGN,
    'Change a campaign',
    { 200: answer('The campaign as changed.', answers.adminCampaignSchema) },
    {
      description:
        'Any of the fields. Texts are replaced language by language. `offset` needs ' +
        '`offsetReason`; the change is audited. `goalMode: "auto"` moves the goal to the next ' +
        'of `goalSteps` above the total (null: 100, 250, 500, 1000, 2500, ...).',
      body: patchCampaignSchema,
      errors: { ...BODY_ERRORS, ...UNKNOWN },
    },
  ),
  admin(
    'getAudit',
    'get',
    `${CAMPAIGN}/audit`,
    'The audit trail: creation, offset changes, erasures, flag decisions',
    { 200: answer('Oldest first.', answers.listOf(answers.auditEntrySchema)) },
    { errors: UNKNOWN },
  ),
  admin(
    'getGoalHistory',
    'get',
    `${CAMPAIGN}/goals`,
    'The goals reached, each with when it was first reached',
    { 200: answer('Lowest goal first.', answers.listOf(answers.goalReachedSchema)) },
    {
      description:
        'Recorded by the database as the total rises (a signature, a counted flag, an offset): ' +
        'in fixed mode the goal, in auto mode every step the total passes. A goal is kept with ' +
        'the date it was first reached, whatever the total did after.',
      errors: UNKNOWN,
    },
  ),
  admin(
    'listSignatures',
    'get',
    `${CAMPAIGN}/signatures`,
    'Signatures, a keyset page at a time',
    { 200: answer('A page.', answers.signaturePageSchema) },
    {
      description:
        'In id order. Filters: time range (from inclusive, to exclusive; ISO dates or ' +
        'date-times), partner, opt-in, flagged (`flagged=true`: the rows left out of the count, ' +
        'each with its reason in `flagged`; review them with PATCH /api/admin/signatures/{id}), ' +
        'reviewed (`flagged=true&reviewed=false`: the flagged rows nobody has decided on yet).',
      query: signaturesQuerySchema,
      errors: { ...UNKNOWN, 422: 'A parameter or the cursor is not valid.' },
    },
  ),
  admin(
    'searchSignatures',
    'post',
    `${CAMPAIGN}/signatures/search`,
    "One person's signatures, by email (for an erasure or access request)",
    {
      200: answer(
        'Counted and flagged rows with this email, in id order.',
        answers.listOf(answers.adminSignatureSchema),
      ),
    },
    {
      description: 'The email goes in the body, so it never lands in an access log as a URL would.',
      body: searchSignaturesSchema,
      errors: { ...BODY_ERRORS, ...UNKNOWN },
    },
  ),
  csv(
    'signatures',
    'Every field held, with the consent receipt and attribution; flagged rows included (column ' +
      'flagged). Not the keyed email and IP hashes.',
  ),
  csv(
    'delivery',
    'Exactly two columns, name and city, of counted signatures: what goes to the target.',
  ),
  admin(
    'getDeliveryPack',
    'get',
    `${CAMPAIGN}/delivery.pdf`,
    'The delivery pack as PDF: letter, totals, signers by name and city, places',
    {
      200: answer(
        'A PDF streamed as an attachment: the cover (title, target, the signatures listed and ' +
          'the offset apart with its reason, the total, the dates covered, the letter and its ' +
          'demands, the delivery note), then every counted signer, name and city only, two ' +
          'columns a page with the count per page, then counts by country and city.',
        undefined,
        'application/pdf',
      ),
    },
    {
      query: z.object({
        lang: z
          .string()
          .optional()
          .describe("The pack's language, one the campaign has texts in (default: its default)."),
      }),
      errors: {
        ...UNKNOWN,
        503: 'The fonts for Latin and Arabic are not installed on the server (with Retry-After).',
      },
    },
  ),
  admin(
    'getStats',
    'get',
    `${CAMPAIGN}/stats`,
    'Totals by day, partner, country and city; flagged count by reason; opt-in rate',
    {
      200: answer(
        "Statistics (a partner key: that partner's counts).",
        z.union([answers.statsSchema, answers.partnerKeyStatsSchema]),
      ),
    },
    { errors: UNKNOWN },
  ),
  ...FLAG_OPERATIONS,
  admin(
    'eraseSignature',
    'delete',
    '/api/admin/signatures/{id}',
    'Erase a signature (data subject request)',
    { 200: answer('Erased; the counter after.', answers.erasedSchema) },
    {
      description:
        "Deletes the person's rows in the campaign (this one and flagged repeats with the same " +
        'email) and their idempotency records, lowers the counter, and audits the erasure ' +
        'without personal data.',
      errors: { 404: 'No such signature.' },
    },
  ),
];
