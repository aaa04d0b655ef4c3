/**
 * Email confirmation as operations: the widget's "Send it again" and the link a supporter follows
 * (a page whose button confirms; a GET never does, so mail scanners confirm nothing).
 */
import * as z from 'zod';
import { resendBodySchema } from '../contract/public.ts';
import type { Operation } from './operations.ts';
import { adminOperation, answer, BODY_ERRORS } from './operations.ts';

const LINK_ERRORS = {
  400: 'The link is damaged (part of it missing or changed): a page saying so.',
  404: 'No signature waits for this link (never made, deleted unconfirmed, or erased): a page.',
  409: 'Already confirmed: a page saying so; nothing changes.',
  410: 'The link has expired (PETITION_CONFIRM_LINK_DAYS): a page saying to sign again.',
};
const linkQuery = z.object({
  lang: z
    .string()
    .max(35)
    .optional()
    .describe("The page's language (the link carries the signature's); then Accept-Language."),
});

export const CONFIRMATION_OPERATIONS: readonly Operation[] = [
  {
    id: 'preflightResend',
    method: 'options',
    path: '/api/campaigns/{slug}/signatures/resend',
    summary: 'CORS preflight for "Send it again"',
    responses: { 204: answer('CORS headers for an allowed origin, none otherwise.') },
  },
  {
    id: 'resendConfirmation',
    method: 'post',
    path: '/api/campaigns/{slug}/signatures/resend',
    summary: 'Mail the confirmation link again',
    description:
      'As a new signature of the address would: a new link while it waits for confirmation, ' +
      '"you have already signed" once confirmed, nothing for an address that never signed; at ' +
      'most three such mails an address a day, none after a bounce. Always 202 with the same ' +
      'body, so the answer tells nobody whether an address has signed.',
    body: resendBodySchema,
    responses: {
      202: answer(
        'Accepted (whatever the address has done).',
        z.object({ status: z.literal('check_email') }),
      ),
    },
    errors: {
      ...BODY_ERRORS,
      403: 'This origin may not collect signatures.',
      404: 'No such campaign.',
      409: 'The petition is not open, or does not ask for email confirmation.',
      413: 'Body over 8 KB.',
      429: 'Too many from this network (Retry-After).',
    },
  },
  adminOperation(
    'developmentOutbox',
    'get',
    '/api/admin/mail/outbox',
    'The development outbox: mails written as .eml files (no SMTP server, loopback only)',
    {
      description:
        'On a server with no PETITION_SMTP_URL that listens on loopback only, each mail is an ' +
        '.eml file in the data folder: the newest 50, with their confirmation links. 404 ' +
        'wherever mail goes to an SMTP server. Full admin keys only.',
      responses: {
        200: answer(
          'The newest written mails first.',
          z.object({
            data: z.array(
              z.object({
                id: z.number().int(),
                file: z.string(),
                to: z.string(),
                subject: z.string(),
                link: z.string().nullable(),
                at: z.iso.datetime(),
              }),
            ),
          }),
        ),
      },
      errors: { 404: 'Mail goes to an SMTP server here.' },
    },
  ),
  {
    id: 'confirmPage',
    method: 'get',
    path: '/confirm/{token}',
    summary: 'The page behind a confirmation link: one "Confirm my signature" button',
    description:
      'Shows the campaign and a button that POSTs here; changes nothing. A strict CSP, no script.',
    query: linkQuery,
    responses: { 200: answer('The page with the button.', undefined, 'text/html') },
    errors: LINK_ERRORS,
  },
  {
    id: 'confirm',
    method: 'post',
    path: '/confirm/{token}',
    summary: 'Confirm the signature (the button)',
    description:
      'Counts the signature once: its place in the counter, its consent receipt confirmed, its ' +
      'signature.created webhook event. Single use.',
    query: linkQuery,
    responses: { 200: answer('Confirmed: a page saying so.', undefined, 'text/html') },
    errors: LINK_ERRORS,
  },
];
