/** Flag review as operations: one signature at a time, or a flag's rows in bulk. */
import * as z from 'zod';
import { patchSignatureSchema, releaseFlaggedSchema } from '../contract/admin.ts';
import type { Operation } from './operations.ts';
import { adminOperation as op, answer, BODY_ERRORS, CAMPAIGN, UNKNOWN } from './operations.ts';
import * as answers from './schemas.ts';

const releasedSchema = z.object({
  flag: z.string().describe('The flag whose rows were decided.'),
  released: z.number().int().describe('Rows counted now.'),
  stillFlagged: z
    .number()
    .int()
    .describe('Rows left flagged (and unreviewed): their person is counted already.'),
  counter: answers.counterSchema.nullable(),
});

export const FLAG_OPERATIONS: readonly Operation[] = [
  op(
    'patchSignature',
    'patch',
    '/api/admin/signatures/{id}',
    'Count a flagged signature, keep it flagged, or flag a counted one by hand',
    {
      responses: { 200: answer('The decision; the counter after.', answers.flagDecisionSchema) },
      description:
        '`{"flagged": false}` counts it (the counter and its ETag move); `{"flagged": true, ' +
        '"reason": "..."}` flags it `manual` and takes it out of the count; on a flagged row it ' +
        'keeps it flagged after review (`changed: false`, audited as `keep` with the flag kept). ' +
        'All three are audited (who, which signature, the flag set, lifted or kept, why) and set ' +
        '`reviewedAt`. `{"flagged": false}` on a counted row: 200 with `changed: false`, nothing ' +
        'audited.',
      body: patchSignatureSchema,
      errors: {
        ...BODY_ERRORS,
        404: 'No such signature.',
        409: 'The same person already has a counted signature in this campaign: counting this one too would count them twice.',
      },
    },
  ),
  op(
    'releaseFlagged',
    'post',
    `${CAMPAIGN}/flags/release`,
    'Count every unreviewed signature with a flag that says nothing of its client',
    {
      responses: { 200: answer('How many were counted; the counter after.', releasedSchema) },
      description:
        '`{"flag": "rate_overflow"}`: an older version flagged every new client so while its rate ' +
        'window was full. Each row nobody has reviewed yet is decided as `PATCH ' +
        '/api/admin/signatures/{id}` with `{"flagged": false}` would, in id order: counted, ' +
        'audited (`unflag`, with the reason) and stamped `reviewedAt`; a row whose person is ' +
        'counted already (or by an earlier row of this release) stays flagged. Rows an admin kept ' +
        'flagged are left as decided. Other flags are decided one by one.',
      body: releaseFlaggedSchema,
      errors: { ...BODY_ERRORS, ...UNKNOWN },
    },
  ),
];
