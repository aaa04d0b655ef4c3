/** The partner routes as operations (admin: the bearer scheme and the 401 come with them). */
import * as z from 'zod';
import type { Operation } from './operations.ts';
import { adminOperation as op, answer, BODY_ERRORS, CAMPAIGN } from './operations.ts';
import * as answers from './schemas.ts';
import { createPartnerSchema, patchPartnerSchema } from '../partners/partner-contract.ts';
import type { PartnerView } from '../partners/partner-opt-in.ts';

const PARTNER = `${CAMPAIGN}/partners/{partner}`;
const UNKNOWN_PARTNER = { 404: 'No such campaign, or no such partner in it.' };

const partnerSchema = z.object({
  slug: z.string().describe('What pages send as data-partner.'),
  name: z.string(),
  privacyUrl: z.string(),
  optInText: z.record(z.string(), z.string()).describe('{lang: text}: the opt-in sentence.'),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
}) satisfies z.ZodType<PartnerView>;

export const PARTNER_OPERATIONS: readonly Operation[] = [
  op('listPartners', 'get', `${CAMPAIGN}/partners`, "A campaign's partners", {
    responses: { 200: answer('By slug.', answers.listOf(partnerSchema)) },
    errors: { 404: 'No such campaign.' },
  }),
  op(
    'createPartner',
    'post',
    `${CAMPAIGN}/partners`,
    'Add a partner with its own opt-in (audited)',
    {
      description:
        'Pages embedding the widget with data-partner="<slug>" then show the partner\u2019s own ' +
        'opt-in under the host\u2019s: a separate box, never pre-ticked.',
      body: createPartnerSchema,
      responses: { 201: answer('Created (Location header).', partnerSchema) },
      errors: {
        ...BODY_ERRORS,
        404: 'No such campaign.',
        409: 'The campaign has a partner with this slug.',
      },
    },
  ),
  op('getPartner', 'get', PARTNER, 'Read a partner', {
    responses: { 200: answer('The partner.', partnerSchema) },
    errors: UNKNOWN_PARTNER,
  }),
  op('patchPartner', 'patch', PARTNER, 'Change a partner (audited)', {
    description: 'Any of name, privacyUrl, optInText (replaced language by language).',
    body: patchPartnerSchema,
    responses: { 200: answer('The partner as changed.', partnerSchema) },
    errors: { ...BODY_ERRORS, ...UNKNOWN_PARTNER },
  }),
  op('deletePartner', 'delete', PARTNER, 'Remove a partner (audited); its keys are revoked', {
    description:
      "Its signatures keep the partner's slug as attribution and their consent receipts.",
    responses: {
      200: answer('Removed.', z.object({ status: z.literal('deleted'), slug: z.string() })),
    },
    errors: UNKNOWN_PARTNER,
  }),
];
