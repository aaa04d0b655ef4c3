/**
 * Every route the app serves, as OpenAPI operations: path, parameters, body and answers, with the
 * zod schemas the handlers validate with. The OpenAPI test compares this list with `app.routes`,
 * so a route added without its entry here fails the build.
 */
import * as z from 'zod';
import { createCampaignSchema, createKeySchema, patchCampaignSchema, signaturesQuerySchema } from './admin-contract.ts';
import { LANGUAGES, signatureBodySchema } from './contract.ts';
import * as answers from './openapi-schemas.ts';

/** One operation. Admin ones get the bearer scheme and a 401 without saying so. */
export interface Operation {
  id: string;
  method: 'get' | 'post' | 'patch' | 'delete' | 'options';
  path: string;
  summary: string;
  description?: string;
  admin?: boolean;
  query?: z.ZodObject;
  headers?: { name: string; description: string }[];
  body?: z.ZodType;
  responses: Record<number, { description: string; schema?: z.ZodType; type?: string }>;
  errors?: Record<number, string>;
}

const CAMPAIGN = '/api/admin/campaigns/{slug}';
const UNKNOWN = { 404: 'No such campaign.' };
const BODY_ERRORS = {
  400: 'Malformed JSON, or not a JSON object.',
  413: 'Body over 256 KB.',
  415: 'Not application/json.',
  422: 'Per-field errors (values never echoed).',
};
const csv = (kind: string, description: string): Operation => ({
  id: `export${kind[0].toUpperCase()}${kind.slice(1)}`,
  method: 'get',
  path: `${CAMPAIGN}/${kind}.csv`,
  summary: `Export ${kind}.csv`,
  description,
  admin: true,
  responses: { 200: { description: 'CSV (RFC 4180, UTF-8 with BOM, CRLF), streamed as an attachment.', type: 'text/csv' } },
  errors: UNKNOWN,
});

export const OPERATIONS: readonly Operation[] = [
  {
    id: 'getCampaign', method: 'get', path: '/api/campaigns/{slug}',
    summary: 'Everything the widget needs, in one answer',
    description: 'Texts in the requested language (else the default), fields, consent version, a fresh form token, the counter. Drafts are 404.',
    query: z.object({ lang: z.enum(LANGUAGES).optional() }),
    responses: { 200: { description: 'The campaign.', schema: answers.publicCampaignSchema } },
    errors: UNKNOWN,
  },
  {
    id: 'getCounter', method: 'get', path: '/api/campaigns/{slug}/counter',
    summary: 'The live counter: total = signatures + offset',
    headers: [{ name: 'If-None-Match', description: 'The ETag of a previous answer: 304 when unchanged.' }],
    responses: { 200: { description: 'The counter, with ETag and a short Cache-Control.', schema: answers.counterSchema }, 304: { description: 'Unchanged.' } },
    errors: UNKNOWN,
  },
  {
    id: 'preflightSign', method: 'options', path: '/api/campaigns/{slug}/signatures',
    summary: 'CORS preflight for signing',
    description: 'Allows the origin only when the campaign lists it (or lists none).',
    responses: { 204: { description: 'CORS headers for an allowed origin, none otherwise.' } },
  },
  {
    id: 'sign', method: 'post', path: '/api/campaigns/{slug}/signatures',
    summary: 'Sign the petition',
    description: 'Acknowledged only once on disk. A repeat email answers 200 already_signed and is not counted again.',
    headers: [{ name: 'Idempotency-Key', description: '8-128 printable ASCII characters: a retry with it gets the first answer.' }],
    body: signatureBodySchema,
    responses: {
      201: { description: 'Signed.', schema: answers.signResultSchema },
      200: { description: 'This email had signed already (not counted again).', schema: answers.signResultSchema },
    },
    errors: { ...BODY_ERRORS, 403: 'This origin may not collect signatures.', 404: 'No such campaign.', 409: 'The petition is not open.', 413: 'Body over 8 KB.', 429: 'Too many from this network (Retry-After).' },
  },
  { id: 'openapi', method: 'get', path: '/api/openapi.json', summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1.' } } },
  { id: 'docs', method: 'get', path: '/api/docs', summary: 'This document as a readable page', responses: { 200: { description: 'HTML.', type: 'text/html' } } },
  {
    id: 'widget', method: 'get', path: '/widget.js', summary: 'The widget bundle',
    query: z.object({ v: z.string().optional().describe('The bundle hash: cached for a year when it matches.') }),
    responses: { 200: { description: 'JavaScript.', type: 'text/javascript' } },
    errors: { 404: 'Not built.' },
  },
  { id: 'demo', method: 'get', path: '/', summary: 'The demo campaign page', responses: { 200: { description: 'HTML.', type: 'text/html' } }, errors: { 404: 'No demo campaign.' } },
  { id: 'health', method: 'get', path: '/healthz', summary: 'Health check (reads the database)', responses: { 200: { description: 'OK.', schema: z.object({ status: z.literal('ok') }) } } },

  { id: 'listKeys', method: 'get', path: '/api/admin/keys', admin: true, summary: 'List admin keys (never the keys)', responses: { 200: { description: 'Keys.', schema: answers.listOf(answers.keyInfoSchema) } } },
  {
    id: 'createKey', method: 'post', path: '/api/admin/keys', admin: true, summary: 'Make an admin key', body: createKeySchema,
    responses: { 201: { description: 'The key, shown this once.', schema: answers.keyCreatedSchema } }, errors: BODY_ERRORS,
  },
  {
    id: 'revokeKey', method: 'delete', path: '/api/admin/keys/{id}', admin: true, summary: 'Revoke an admin key',
    responses: { 200: { description: 'The revoked key.', schema: answers.keyInfoSchema } }, errors: { 404: 'No such key.' },
  },
  { id: 'listCampaigns', method: 'get', path: '/api/admin/campaigns', admin: true, summary: 'List campaigns, newest first', responses: { 200: { description: 'Campaigns.', schema: answers.listOf(answers.adminCampaignSchema) } } },
  {
    id: 'createCampaign', method: 'post', path: '/api/admin/campaigns', admin: true, summary: 'Create a campaign (a draft unless status says otherwise)',
    body: createCampaignSchema,
    responses: { 201: { description: 'Created (Location header).', schema: answers.adminCampaignSchema } },
    errors: { ...BODY_ERRORS, 409: 'The slug is taken.' },
  },
  { id: 'getAdminCampaign', method: 'get', path: CAMPAIGN, admin: true, summary: 'Read a campaign, drafts included', responses: { 200: { description: 'The campaign.', schema: answers.adminCampaignSchema } }, errors: UNKNOWN },
  {
    id: 'patchCampaign', method: 'patch', path: CAMPAIGN, admin: true, summary: 'Change a campaign',
    description: 'Any of the fields. Texts are replaced language by language. `offset` needs `offsetReason`; the change is audited.',
    body: patchCampaignSchema,
    responses: { 200: { description: 'The campaign as changed.', schema: answers.adminCampaignSchema } },
    errors: { ...BODY_ERRORS, ...UNKNOWN },
  },
  { id: 'getAudit', method: 'get', path: `${CAMPAIGN}/audit`, admin: true, summary: 'The audit trail: creation, offset changes, erasures', responses: { 200: { description: 'Oldest first.', schema: answers.listOf(answers.auditEntrySchema) } }, errors: UNKNOWN },
  {
    id: 'listSignatures', method: 'get', path: `${CAMPAIGN}/signatures`, admin: true, summary: 'Signatures, a keyset page at a time',
    description: 'In id order. Filters: time range (from inclusive, to exclusive; ISO dates or date-times), partner, opt-in, flagged.',
    query: signaturesQuerySchema,
    responses: { 200: { description: 'A page.', schema: answers.signaturePageSchema } },
    errors: { ...UNKNOWN, 422: 'A parameter or the cursor is not valid.' },
  },
  csv('signatures', 'Every field held, with the consent receipt and attribution; flagged rows included (column flagged). Not the keyed email and IP hashes.'),
  csv('delivery', 'Exactly two columns, name and city: what is delivered to the target. Counted (unflagged) signatures only.'),
  { id: 'getStats', method: 'get', path: `${CAMPAIGN}/stats`, admin: true, summary: 'Totals by day, partner, country and city; flagged count; opt-in rate', responses: { 200: { description: 'Statistics.', schema: answers.statsSchema } }, errors: UNKNOWN },
  {
    id: 'eraseSignature', method: 'delete', path: '/api/admin/signatures/{id}', admin: true, summary: 'Erase a signature (data subject request)',
    description: 'Deletes the row and its idempotency records, lowers the counter if it was counted, and audits the erasure without personal data.',
    responses: { 200: { description: 'Erased; the counter after.', schema: answers.erasedSchema } },
    errors: { 404: 'No such signature.' },
  },
];
